// The fault injector between a device and the in-process server: a fake `fetch` that can drop
// the request, drop the response after the server committed, deliver twice, delay (so concurrent
// syncs interleave), answer 5xx/429/413 itself, partition a device, or hang forever (a killed tab).
import type { Mutation } from '../../../src/shared/protocol';
import type { Rng } from '../../support/prng';
import type { SimServer } from '../../support/server';
import { syncRequestJson } from '../../support/sync-body';

export type FaultStats = Record<
  | 'dropRequest'
  | 'dropResponse'
  | 'duplicate'
  | 'status5xx'
  | 'status429'
  | 'status413'
  | 'delayed'
  | 'partitioned'
  | 'kills'
  | 'restarts'
  | 'concurrent',
  number
>;
export const emptyStats = (): FaultStats => ({
  dropRequest: 0,
  dropResponse: 0,
  duplicate: 0,
  status5xx: 0,
  status429: 0,
  status413: 0,
  delayed: 0,
  partitioned: 0,
  kills: 0,
  restarts: 0,
  concurrent: 0,
});

/** A mutation as a device sent it (with the request's clientId): the reference model's input. */
export type SentMutation = Mutation & { clientId: string };

export type Network = {
  faults: boolean;
  partitioned: Set<string>;
  /** Every mutation any device put on the wire, by `clientId/mutationId` (support/model.ts replays them). */
  sent?: Map<string, SentMutation>;
};

const ticks = async (n: number) => {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
};

/** A wire for one engine instance; `alive()` false ⇒ the tab is dead and nothing ever comes back. */
export function makeWire(
  device: string,
  server: () => SimServer,
  net: Network,
  rng: Rng,
  stats: FaultStats,
  alive: () => boolean,
): typeof fetch {
  const hang = () => new Promise<never>(() => {});
  return async (input, init) => {
    const req = new Request(input as RequestInfo, init);
    if (!alive()) return hang();
    if (net.sent && req.method === 'POST' && req.url.endsWith('/sync')) {
      const body = (await syncRequestJson(req)) as { clientId: string; mutations: Mutation[] };
      for (const m of body.mutations) {
        // Keyed with the clientId: a device that took a new identity may re-send under it.
        net.sent.set(`${body.clientId}/${m.id}`, { ...m, clientId: body.clientId });
      }
    }
    if (net.faults && rng.chance(0.3)) {
      stats.delayed++;
      await ticks(rng.int(12));
      if (!alive()) return hang();
    }
    if (net.partitioned.has(device)) {
      stats.partitioned++;
      throw new TypeError('fetch failed (partitioned)');
    }
    if (net.faults) {
      const roll = rng.next();
      if (roll < 0.06) {
        stats.dropRequest++;
        throw new TypeError('fetch failed');
      }
      if (roll < 0.09) {
        stats.status5xx++;
        return Response.json(
          { error: 'internal', message: 'injected' },
          { status: rng.chance(0.5) ? 500 : 503 },
        );
      }
      if (roll < 0.11) {
        stats.status429++;
        return Response.json(
          { error: 'rate_limited', message: 'injected' },
          { status: 429, headers: { 'retry-after': '1' } },
        );
      }
      if (roll < 0.14 && req.url.endsWith('/sync')) {
        const body = (await syncRequestJson(req)) as { mutations: unknown[] };
        if (body.mutations.length > 1) {
          stats.status413++;
          return Response.json(
            { error: 'payload_too_large', message: 'injected' },
            { status: 413 },
          );
        }
      }
    }
    const copy = req.clone();
    let res = await server().handle(req);
    if (net.faults && rng.chance(0.05)) {
      stats.duplicate++;
      const second = await server().handle(copy);
      if (rng.chance(0.5)) res = second;
    }
    if (!alive()) return hang();
    if (net.faults && rng.chance(0.07)) {
      stats.dropResponse++;
      throw new TypeError('connection reset after the server committed');
    }
    if (net.faults && rng.chance(0.3)) {
      await ticks(rng.int(12));
      if (!alive()) return hang();
    }
    return res;
  };
}
