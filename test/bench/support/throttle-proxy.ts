// An emulated slow mobile link as a TCP proxy on 127.0.0.1: every byte in each direction
// queues on one shared link of the given rate (all connections of the proxy share it, as on a
// phone), then takes half the RTT to arrive; a new connection pays one RTT for its handshake
// before its first byte leaves. Counts the TCP payload bytes (HTTP headers and bodies) per
// direction, so two protocols can be compared byte for byte on the wire.
import { type Server, type Socket, connect, createServer } from 'node:net';

export type Link = { upBps: number; downBps: number; rttMs: number };
export type ThrottleProxy = {
  port: number;
  url: string;
  bytes(): { up: number; down: number };
  reset(): void;
  /** Closes every open connection: the next request pays its handshake again (a cold start). */
  dropConnections(): Promise<void>;
  close(): Promise<void>;
};

/** Slow 4G as Lighthouse defines it. */
export const SLOW_4G: Link = { upBps: 750_000, downBps: 1_600_000, rttMs: 150 };

export async function startThrottleProxy(
  targetPort: number,
  link: Link = SLOW_4G,
): Promise<ThrottleProxy> {
  const count = { up: 0, down: 0 };
  const free = { up: 0, down: 0 };
  const sockets = new Set<Socket>();

  /** Forwards src → dst through the link, in order, with a single timer per direction. */
  function pipe(src: Socket, dst: Socket, dir: 'up' | 'down', readyAt: number) {
    const queue: { at: number; chunk: Buffer | null }[] = [];
    let timer: NodeJS.Timeout | null = null;
    const pump = () => {
      timer = null;
      const now = performance.now();
      while (queue.length && queue[0]!.at <= now) {
        const { chunk } = queue.shift()!;
        if (chunk === null) dst.end();
        else if (!dst.destroyed) dst.write(chunk);
      }
      if (queue.length) timer = setTimeout(pump, Math.max(0, queue[0]!.at - now));
    };
    const push = (at: number, chunk: Buffer | null) => {
      queue.push({ at, chunk });
      if (!timer) timer = setTimeout(pump, Math.max(0, queue[0]!.at - performance.now()));
    };
    const bps = dir === 'up' ? link.upBps : link.downBps;
    src.on('data', (chunk: Buffer) => {
      count[dir] += chunk.length;
      free[dir] = Math.max(performance.now(), free[dir], readyAt) + (chunk.length * 8 * 1000) / bps;
      push(free[dir] + link.rttMs / 2, chunk);
    });
    src.on('end', () => push(Math.max(performance.now(), free[dir]) + link.rttMs / 2, null));
  }

  const server: Server = createServer((client) => {
    const readyAt = performance.now() + link.rttMs;
    const upstream = connect(targetPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    pipe(client, upstream, 'up', readyAt);
    pipe(upstream, client, 'down', readyAt);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    bytes: () => ({ ...count }),
    reset() {
      count.up = 0;
      count.down = 0;
    },
    async dropConnections() {
      for (const s of sockets) s.destroy();
      // Let the clients' connection pools see the close before the next request.
      await new Promise((ok) => setTimeout(ok, 50));
    },
    close: () =>
      new Promise<void>((ok) => {
        for (const s of sockets) s.destroy();
        server.close(() => ok());
      }),
  };
}
