// Short load run in `npm test` (10 devices × 10 s); the 50 × 120 s run is `npm run load`.
import { describe, expect, it } from 'vitest';
import { runLoad } from './load';

describe('load: concurrent devices against one server process', () => {
  it('10 devices syncing for 10 s: no error, no lost or duplicated mutation, check passes', async () => {
    const f = await runLoad({ devices: 10, seconds: 10 });
    expect(f.errors).toBe(0);
    expect(f.lost).toBe(0);
    expect(f.duplicated).toBe(0);
    expect(f.checkOk).toBe(true);
    expect(f.mutations).toBeGreaterThan(10);
  }, 90_000);
});
