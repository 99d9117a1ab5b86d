export * from './schema';
export * from './errors';
export * from './mutators';
export { commit, localWrites, outboxHighWater, type WriteOp } from './write';
export { newId, nowIso } from './ids';
export { META } from './meta-keys';
