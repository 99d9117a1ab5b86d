// Starts the real server (src/server/main.ts) as a child process on a free port,
// serving the built app from dist/, with its own temporary data folder.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

export type RunningServer = {
  url: string;
  port: number;
  dataDir: string;
  proc: ChildProcess;
  stop(): Promise<void>;
  kill(signal?: NodeJS.Signals): Promise<void>;
};

const ROOT = resolve(import.meta.dirname, '../..');

export async function startServer(
  opts: { dataDir?: string; env?: Record<string, string>; port?: number } = {},
): Promise<RunningServer> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'sb-e2e-'));
  const proc = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/server/main.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(opts.port ?? 0),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  proc.stderr!.on('data', (d) => {
    stderr += String(d);
  });
  const lines = createInterface({ input: proc.stdout! });
  const listening = await new Promise<{ url: string; port: number }>((ok, fail) => {
    const timer = setTimeout(
      () => fail(new Error(`server did not start in 30 s: ${stderr}`)),
      30_000,
    );
    proc.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`server exited with ${code}: ${stderr}`));
    });
    lines.on('line', (line) => {
      if (!line.startsWith('{')) return;
      try {
        const msg = JSON.parse(line) as { event?: string; url: string; port: number };
        if (msg.event === 'listening') {
          clearTimeout(timer);
          ok(msg);
        }
      } catch {
        /* not ours */
      }
    });
  });
  const exited = new Promise<void>((ok) => proc.once('exit', () => ok()));
  const kill = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
    await exited;
  };
  return {
    ...listening,
    dataDir,
    proc,
    kill,
    async stop() {
      await kill('SIGTERM');
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
