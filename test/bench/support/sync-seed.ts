// Records put on a server through the sync protocol, as another device would have pushed them:
// the request bodies come from the raw device of test/support/devices.ts (syncDevice), so the
// benches build no sync request by hand.
import type { Mutation, SyncRequest } from '../../../src/shared/protocol';
import { syncDevice } from '../../support/devices';

export type Create = { entity: Mutation['entity']; id: string; fields: Record<string, unknown> };

/** A raw device of the benches (appVersion 'bench'); `request(…)` builds a sync body. */
export const benchDevice = () => syncDevice({ appVersion: 'bench' });

/**
 * The sync bodies that create `rows` in order as one device, at most `per` mutations each; each
 * pulls one change only (the pull is not what seeding is for).
 */
export function createRequests(rows: Create[], per = 100): SyncRequest[] {
  const device = benchDevice();
  const out: SyncRequest[] = [];
  for (let at = 0; at < rows.length; at += per) {
    const mutations = rows
      .slice(at, at + per)
      .map((r) => device.mutation(r.entity, r.id, 'create', r.fields));
    out.push(device.request(mutations, { pullLimit: 1 }));
  }
  return out;
}

/** A seed the server refused would make a figure measure nothing: throws unless all applied. */
export function assertAllApplied(answer: { results: { status: string }[] }): void {
  const refused = answer.results.find((r) => r.status !== 'applied');
  if (refused) throw new Error(`seed refused: ${JSON.stringify(refused)}`);
}
