// A fault-injecting TCP proxy on 127.0.0.1 (toxiproxy stand-in, node:net only). The browser
// talks to the proxy, the proxy to the real server. Faults, switchable at run time: latency with
// jitter per chunk (order kept), a bandwidth cap per direction, connection resets (RST) and
// truncated responses (FIN in the middle of a server answer), and an outage during which every
// connection is reset at once. Counters say how many faults were really injected.
import { type AddressInfo, type Server, type Socket, connect, createServer } from 'node:net';
import { makeRng } from '../../support/prng';

export type Faults = {
  latencyMs: [min: number, max: number];
  /** Bits per second per direction of a connection; 0 = unlimited. */
  bandwidthBps: number;
  /** Per chunk: chance that the connection is reset (RST) inside it. */
  resetChance: number;
  /** Per chunk of a server answer: chance that the answer is cut off (FIN) inside it. */
  truncateChance: number;
};

export const CLEAN: Faults = {
  latencyMs: [0, 0],
  bandwidthBps: 0,
  resetChance: 0,
  truncateChance: 0,
};
export const ROUGH: Faults = {
  latencyMs: [150, 2000],
  bandwidthBps: 750_000,
  resetChance: 0.1,
  truncateChance: 0.1,
};

export type ChaosStats = {
  connections: number;
  resets: number;
  truncations: number;
  refused: number;
  outageCuts: number;
  delayedChunks: number;
  bytes: number;
};

export type ChaosProxy = {
  url: string;
  port: number;
  stats: ChaosStats;
  set(faults: Faults): void;
  /** Outage: resets every open connection and every new one until `heal()`. */
  down(): void;
  heal(): void;
  close(): Promise<void>;
};

/** A seeded generator, so a failing run can be repeated with the same faults. */
export const seeded = (seed: number): (() => number) => makeRng(seed).next;

export async function startChaosProxy(target: { port: number }, seed = 1): Promise<ChaosProxy> {
  const rnd = seeded(seed);
  let faults: Faults = CLEAN;
  let isDown = false;
  const stats: ChaosStats = {
    connections: 0,
    resets: 0,
    truncations: 0,
    refused: 0,
    outageCuts: 0,
    delayedChunks: 0,
    bytes: 0,
  };
  const open = new Set<Socket>();

  const kill = (s: Socket) => {
    if (!s.destroyed) s.resetAndDestroy();
  };

  type Cut = 'reset' | 'truncate' | null;
  /**
   * Forwards `from` → `to` with latency and the bandwidth cap. `fault` decides per chunk
   * whether the connection dies inside it (keep-alive connections carry many requests, so a
   * decision per connection would hardly ever fire); the chunk is cut at a random offset.
   */
  function pipe(
    from: Socket,
    to: Socket,
    fault: () => Cut,
    onCut: (kind: 'reset' | 'truncate') => void,
  ) {
    let readyAt = 0; // keeps chunks in order: each leaves no earlier than the one before
    let cut: Cut = null;
    from.on('data', (chunk: Buffer) => {
      if (cut) return;
      const f = faults;
      const now = Date.now();
      const lat = f.latencyMs[0] + rnd() * (f.latencyMs[1] - f.latencyMs[0]);
      const wire = f.bandwidthBps > 0 ? (chunk.length * 8 * 1000) / f.bandwidthBps : 0;
      readyAt = Math.max(now + lat, readyAt + wire);
      let part = chunk;
      cut = fault();
      if (cut) part = chunk.subarray(0, Math.floor(rnd() * chunk.length));
      stats.bytes += part.length;
      if (lat > 0 || wire > 0) stats.delayedChunks++;
      const at = readyAt;
      const kind = cut;
      // Back-pressure: stop reading while chunks wait, so the bandwidth cap is real end to end.
      from.pause();
      setTimeout(
        () => {
          if (!to.destroyed && part.length) to.write(part);
          if (kind) onCut(kind);
          else from.resume();
        },
        Math.max(0, at - now),
      );
    });
    from.on('end', () =>
      setTimeout(
        () => {
          if (!cut && !to.destroyed) to.end();
        },
        Math.max(0, readyAt - Date.now()),
      ),
    );
  }

  const server: Server = createServer((client) => {
    stats.connections++;
    if (isDown) {
      stats.refused++;
      kill(client);
      return;
    }
    const upstream = connect(target.port, '127.0.0.1');
    open.add(client);
    open.add(upstream);
    const drop = () => {
      kill(client);
      kill(upstream);
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', drop);
    upstream.on('error', drop);
    client.on('close', drop);
    upstream.on('close', drop);
    const onCut = (kind: 'reset' | 'truncate') => {
      if (kind === 'reset') {
        stats.resets++;
        drop();
        return;
      }
      stats.truncations++;
      client.end(); // FIN: the browser sees an answer that stops short
      upstream.destroy();
    };
    // Requests and uploads may die by reset; answers by reset or truncation.
    pipe(client, upstream, () => (rnd() < faults.resetChance / 2 ? 'reset' : null), onCut);
    pipe(
      upstream,
      client,
      () => {
        const r = rnd();
        return r < faults.resetChance
          ? 'reset'
          : r < faults.resetChance + faults.truncateChance
            ? 'truncate'
            : null;
      },
      onCut,
    );
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    stats,
    set(f) {
      faults = f;
    },
    down() {
      isDown = true;
      for (const s of open) {
        stats.outageCuts++;
        kill(s);
      }
      open.clear();
    },
    heal() {
      isDown = false;
    },
    async close() {
      for (const s of open) kill(s);
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}
