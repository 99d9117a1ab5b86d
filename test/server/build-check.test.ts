import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { needsBuild } from '../../src/server/build-check';

let root: string;
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('npm start build check', () => {
  it('builds when dist/ is missing or older than a source file, not when it is fresh', () => {
    root = mkdtempSync(join(tmpdir(), 'sb-build-'));
    mkdirSync(join(root, 'src/client'), { recursive: true });
    writeFileSync(join(root, 'src/client/main.tsx'), 'x');
    expect(needsBuild(root)).toBe('missing');
    mkdirSync(join(root, 'dist'));
    writeFileSync(join(root, 'dist/index.html'), 'x');
    const past = new Date(Date.now() - 60_000);
    utimesSync(join(root, 'src/client/main.tsx'), past, past);
    expect(needsBuild(root)).toBeNull();
    utimesSync(
      join(root, 'dist/index.html'),
      new Date(past.getTime() - 60_000),
      new Date(past.getTime() - 60_000),
    );
    expect(needsBuild(root)).toBe('stale');
  });
});
