import { describe, expect, it } from 'vitest';
import { isListPath } from '../../../src/client/app/list-path';

describe('isListPath', () => {
  it('is the visits list at /, /visits and /visits/', () => {
    for (const p of ['/', '/visits', '/visits/']) expect(isListPath(p), p).toBe(true);
  });

  it('is no other address, a visit or a lookalike neither', () => {
    for (const p of ['/visits/new', '/visits/abc', '/visitsx', '/sites', '//visits', ''])
      expect(isListPath(p), p).toBe(false);
  });
});
