// The "a local write committed" signal, in a module of its own: the shell (safety/persist,
// sync scheduler) listens to it on the first load, and importing it from write.ts would pull
// zod and the domain schemas into the first route's JavaScript.

/** Fired after a commit resolved (detail: { db, count }); the sync engine listens to push soon after. */
export const localWrites = new EventTarget();
