// The StoreTx of a write transaction outside the change feed (ServerDb.writeTxOutsideFeed): the
// same repos, except that taking a seq is a programming error — such a transaction does not hold
// the seq counter, so a seq taken there could commit out of seq order (invariant I5).
import type { StoreTx } from './types';

export class SeqOutsideFeed extends Error {
  override name = 'SeqOutsideFeed';
  constructor() {
    super('a seq was taken in a write transaction outside the change feed; use writeTx');
  }
}

export function withoutSeqs(tx: StoreTx): StoreTx {
  const refuse = () => Promise.reject(new SeqOutsideFeed());
  // purgeVisit takes seqs itself (purged rows get new ones).
  return {
    ...tx,
    sync: { ...tx.sync, nextSeq: refuse },
    retention: { ...tx.retention, purgeVisit: refuse },
  };
}
