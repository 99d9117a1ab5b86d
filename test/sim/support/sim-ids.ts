// Seeded ids and clock for the simulation, so that a seed replays exactly.
// The sim test files replace src/client/db/ids.ts with `simIds` (vi.mock): every record id,
// mutation id, clientId and timestamp the real mutators make then comes from the run's source
// instead of the wall clock and crypto. Each run starts its own source (`startIdSource(seed)`);
// the module only remembers which run is current (runs never overlap: one at a time per file).

/** Time-ordered like UUIDv7: ms since a fixed epoch, one step per id, plus the run's seed. */
export type IdSource = { id(): string; now(): string };

const EPOCH = Date.parse('2026-05-01T08:00:00.000Z');
const hex = (n: number, width: number) => n.toString(16).padStart(width, '0').slice(-width);

export function makeIdSource(seed: number): IdSource {
  let n = 0;
  let ms = EPOCH;
  const tag = hex(seed >>> 0, 8);
  return {
    id() {
      n++;
      ms++;
      // xxxxxxxx-xxxx-7xxx-8xxx-xxxxxxxxxxxx: 48-bit time, version 7, variant 10, counter + seed.
      const t = hex(ms, 12);
      return `${t.slice(0, 8)}-${t.slice(8)}-7${hex(n >>> 12, 3)}-8${hex(n, 3)}-${tag}${hex(n, 4)}`;
    },
    now: () => new Date(ms).toISOString(),
  };
}

let current: IdSource = makeIdSource(0);

/** Called at the start of each run: ids and clock restart from the seed. */
export function startIdSource(seed: number): IdSource {
  current = makeIdSource(seed);
  return current;
}

/** The shape of src/client/db/ids.ts, backed by the current run's source. */
export const simIds = {
  newId: () => current.id(),
  nowIso: () => current.now(),
};
