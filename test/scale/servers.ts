// The server processes of a scale run: `count` real servers (src/server/main.ts, each a child
// process on its own port) on one backend. One can be killed (SIGKILL: no shutdown, its open
// transactions and connections die with it) and later replaced by a new process on the same
// database and photo storage. Each process's stderr is kept for the report.
import { type RunningServer, startServer } from '../support/server-process';
import type { Backend } from './backends';

export type ServerSet = {
  /** URLs of the processes that were started and not killed. */
  urls(): string[];
  /** Kills process `i` with `signal` and waits until it is gone. */
  kill(i: number, signal: NodeJS.Signals): Promise<void>;
  /** Starts a new process in slot `i` (after kill) and answers its URL. */
  restart(i: number): Promise<string>;
  /** The stderr of every process so far, for a failing run's report. */
  stderr(): string;
  stopAll(): Promise<void>;
};

export async function startServers(backend: Backend, count: number): Promise<ServerSet> {
  const errors: string[] = [];
  const start = async (slot: number): Promise<RunningServer> => {
    const server = await startServer({
      ...(backend.sharedDataDir ? { dataDir: backend.sharedDataDir } : {}),
      env: backend.serverEnv,
    });
    server.proc.stderr?.on('data', (d) => errors.push(`[server ${slot}] ${String(d)}`));
    return server;
  };
  const slots: (RunningServer | null)[] = await Promise.all(
    Array.from({ length: count }, (_, i) => start(i)),
  );
  return {
    urls: () => slots.flatMap((s) => (s ? [s.url] : [])),
    async kill(i, signal) {
      const s = slots[i];
      slots[i] = null;
      await s?.kill(signal);
      await s?.stop(); // removes a data folder of its own (nothing left to stop)
    },
    async restart(i) {
      if (slots[i]) throw new Error(`server ${i} is still running`);
      const s = await start(i);
      slots[i] = s;
      return s.url;
    },
    stderr: () => errors.join(''),
    async stopAll() {
      await Promise.all(slots.map((s) => s?.stop()));
      slots.fill(null);
    },
  };
}
