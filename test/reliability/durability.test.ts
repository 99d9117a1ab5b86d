// SIGKILL right after acknowledgements, 10 lives in `npm test` (100: npm run durability:long).
import { describe, expect, it } from 'vitest';
import { runDurability } from './durability';

describe('server durability under SIGKILL', () => {
  it('keeps every acknowledged mutation and photo, stays intact, and answers replays as duplicates', async () => {
    const seed = Date.now();
    const f = await runDurability({ iterations: 10, seed });
    expect(f.kills, `seed ${seed}`).toBe(10);
    expect(f.integrityOk).toBe(10);
    expect(f.lost).toBe(0);
    expect(f.duplicatesApplied).toBe(0);
    expect(f.ackedMutations).toBeGreaterThan(10);
    expect(f.replayedDuplicates).toBeGreaterThan(0);
  }, 150_000);
});
