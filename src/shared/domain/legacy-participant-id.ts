// The participant row an item of a schema-1 participant list became (docs/adr/0007): kept apart
// from the zod schemas (schemas.ts re-exports it) so that the client's database module, which
// the first screen loads, can use it without pulling zod into the first load.

/** Deterministic, so every converter (server migration, Dexie upgrade, backup upcaster) agrees. */
export const legacyParticipantId = (visitId: string, index: number) => `${visitId}~p${index}`;
