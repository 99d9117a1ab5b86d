// A round-robin HTTP proxy in front of several server processes, injecting the faults a phone's
// network and a load balancer produce: a connection dropped before the request reaches a server,
// an answer lost after the server produced it, extra delay, a 502 from the proxy itself, and an
// upload reset halfway through its body. Requests and answers are buffered whole (sync bodies are
// at most 1 MiB, upload chunks and photos far less), so a request whose server refuses the
// connection (a killed process) goes to the next server unchanged, as a load balancer retries a
// failed connect. Every answer the proxy makes up itself carries `x-scale-fault`, so a device can
// tell an injected failure from a server's own.
import {
  type IncomingHttpHeaders,
  type IncomingMessage,
  Agent,
  type ServerResponse,
  createServer,
  request,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Rng } from '../support/prng';

/** Probabilities per request (0..1); at most one fault applies to a request. */
export type FaultRates = {
  /** Close the device's connection before anything is forwarded (the request never arrives). */
  dropBeforeForward: number;
  /** Forward, let the server answer, then close the device's connection (the answer is lost). */
  dropAfterAnswer: number;
  /** Answer 502 without forwarding. */
  badGateway: number;
  /** Wait up to `delayMaxMs` before forwarding. */
  delay: number;
  delayMaxMs: number;
  /** An upload PATCH: forward half of its body, then reset both connections. */
  resetUploadMidBody: number;
};

export const DEFAULT_FAULTS: FaultRates = {
  dropBeforeForward: 0.02,
  dropAfterAnswer: 0.03,
  badGateway: 0.02,
  delay: 0.1,
  delayMaxMs: 400,
  resetUploadMidBody: 0.25,
};

export type FaultKind =
  | 'dropBeforeForward'
  | 'dropAfterAnswer'
  | 'badGateway'
  | 'delay'
  | 'resetUploadMidBody'
  /** Not injected: the server's connection failed while it had the request (a killed process). */
  | 'upstreamFailed'
  /** Not injected: no server accepted the connection. */
  | 'noUpstream';

export type ProxyStats = {
  requests: number;
  forwarded: number;
  /** Connections a server refused (the request went to the next one). */
  refusedConnects: number;
  faults: Record<FaultKind, number>;
};

export type FaultProxy = {
  readonly url: string;
  /** The servers requests go to, in round-robin order. */
  setTargets(urls: string[]): void;
  /** null: no faults (the network healed). */
  setFaults(rates: FaultRates | null): void;
  readonly stats: ProxyStats;
  close(): Promise<void>;
};

export const FAULT_HEADER = 'x-scale-fault';

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'proxy-connection',
  'te',
  'trailer',
]);

function forwardable(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(headers))
    if (v !== undefined && !HOP_BY_HOP.has(k.toLowerCase())) out[k] = v;
  return out;
}

async function readBody(stream: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

type Upstream = { status: number; headers: IncomingHttpHeaders; body: Buffer };

class ConnectRefused extends Error {}

export async function startFaultProxy(opts: {
  targets: string[];
  rng: Rng;
  faults?: FaultRates | null;
}): Promise<FaultProxy> {
  let targets = opts.targets.map((u) => new URL(u));
  let faults = opts.faults ?? null;
  let next = 0;
  // Idle connections closed before the servers' own 5 s keep-alive timeout would close them.
  const agent = new Agent({ keepAlive: true, maxSockets: 256, timeout: 4_000 });
  const stats: ProxyStats = {
    requests: 0,
    forwarded: 0,
    refusedConnects: 0,
    faults: {
      dropBeforeForward: 0,
      dropAfterAnswer: 0,
      badGateway: 0,
      delay: 0,
      resetUploadMidBody: 0,
      upstreamFailed: 0,
      noUpstream: 0,
    },
  };

  /** Sends the request to one server; `cutAt` sends only that many body bytes, then resets. */
  function send(
    target: URL,
    req: IncomingMessage,
    body: Buffer,
    cutAt: number | null,
  ): Promise<Upstream> {
    return new Promise((resolve, reject) => {
      const up = request(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          agent,
          headers: { ...forwardable(req.headers), host: target.host },
        },
        (res) => {
          readBody(res).then(
            (b) => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: b }),
            reject,
          );
        },
      );
      let connected = false;
      up.on('socket', (s) => {
        if (!s.connecting) connected = true;
        else s.once('connect', () => (connected = true));
      });
      up.on('error', (e: NodeJS.ErrnoException) => {
        reject(!connected && e.code === 'ECONNREFUSED' ? new ConnectRefused(e.message) : e);
      });
      if (cutAt === null) {
        up.end(body);
      } else {
        up.write(body.subarray(0, cutAt), () => setTimeout(() => up.destroy(), 20));
      }
    });
  }

  /** Round robin; a refused connection (nothing sent yet) moves on to the next server. */
  async function forward(
    req: IncomingMessage,
    body: Buffer,
    cutAt: number | null,
  ): Promise<Upstream | null> {
    const first = next++;
    for (let tried = 0; tried < targets.length; tried++) {
      const target = targets[(first + tried) % targets.length]!;
      try {
        stats.forwarded++;
        return await send(target, req, body, cutAt);
      } catch (e) {
        if (!(e instanceof ConnectRefused)) throw e;
        stats.refusedConnects++;
      }
    }
    return null;
  }

  const fail = (res: ServerResponse, kind: FaultKind, status = 502) => {
    stats.faults[kind]++;
    if (!res.headersSent)
      res.writeHead(status, { [FAULT_HEADER]: kind, 'content-type': 'text/plain' });
    res.end(`injected by the scale proxy: ${kind}`);
  };

  const pick = (isUpload: boolean): keyof Omit<FaultRates, 'delayMaxMs'> | null => {
    if (!faults) return null;
    const r = opts.rng.next();
    let acc = 0;
    for (const kind of [
      'dropBeforeForward',
      'dropAfterAnswer',
      'badGateway',
      'delay',
      'resetUploadMidBody',
    ] as const) {
      if (kind === 'resetUploadMidBody' && !isUpload) continue;
      acc += faults[kind];
      if (r < acc) return kind;
    }
    return null;
  };

  async function handle(req: IncomingMessage, res: ServerResponse) {
    stats.requests++;
    const isUpload = req.method === 'PATCH' && (req.url ?? '').startsWith('/api/v1/uploads/');
    const fault = pick(isUpload);
    if (fault === 'dropBeforeForward') {
      stats.faults.dropBeforeForward++;
      req.socket.destroy();
      return;
    }
    const body = await readBody(req);
    if (fault === 'badGateway') return fail(res, 'badGateway');
    if (fault === 'delay') {
      stats.faults.delay++;
      await new Promise((r) => setTimeout(r, opts.rng.next() * (faults?.delayMaxMs ?? 0)));
    }
    const cut = fault === 'resetUploadMidBody' && body.length > 1 ? body.length >> 1 : null;
    let answer: Upstream | null;
    try {
      answer = await forward(req, body, cut);
    } catch {
      if (cut !== null) {
        stats.faults.resetUploadMidBody++;
        req.socket.destroy();
        return;
      }
      return fail(res, 'upstreamFailed');
    }
    if (cut !== null) {
      // The server answered before it missed the rest of the body (it refused the headers):
      // the device still loses its connection.
      stats.faults.resetUploadMidBody++;
      req.socket.destroy();
      return;
    }
    if (!answer) return fail(res, 'noUpstream');
    if (fault === 'dropAfterAnswer') {
      stats.faults.dropAfterAnswer++;
      req.socket.destroy();
      return;
    }
    const headers = forwardable(answer.headers);
    headers['content-length'] = String(answer.body.length);
    res.writeHead(answer.status, headers);
    res.end(answer.body);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, { [FAULT_HEADER]: 'proxyError' });
      res.end();
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setTargets(urls) {
      targets = urls.map((u) => new URL(u));
    },
    setFaults(rates) {
      faults = rates;
    },
    stats,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      agent.destroy();
    },
  };
}
