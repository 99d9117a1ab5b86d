// Which server process runs a periodic job (ServerDb.lead on PostgreSQL): the one holding the
// job's session-level advisory lock. The lock lives on one dedicated connection, outside the
// pool (a pool may close idle connections), kept for the process's life: a process that ends in
// any way, SIGKILL included, closes its socket, PostgreSQL ends the session and frees its locks,
// and the next process to ask takes over. Asking again while leading checks that the connection
// still answers; a broken one is dropped (its session and locks end with it), and the next ask
// connects anew and tries again.
import pg from 'pg';

/** The first half of every job lock's key (any fixed int4); the second is hashtext(job name). */
const LOCK_SPACE = 537_361_676;

export type Leader = {
  /** Is this process the runner of `job`? Takes its lock when free. */
  lead(job: string): Promise<boolean>;
  /** Ends the connection: every lock this process held is free for the others. */
  close(): Promise<void>;
};

export function makeLeader(url: string): Leader {
  let client: pg.Client | null = null;
  const held = new Set<string>();
  let closed = false;
  /** lead() calls run one after another: one connection, one answer at a time. */
  let tail: Promise<unknown> = Promise.resolve();

  const drop = (c: pg.Client) => {
    if (client !== c) return;
    client = null;
    held.clear();
    c.end().catch(() => undefined);
  };

  const connection = async (): Promise<pg.Client> => {
    if (client) return client;
    const c = new pg.Client({
      connectionString: url,
      application_name: 'standortbesuch-leader',
      // A peer that vanished without closing (a network cut) is noticed, not waited for forever.
      keepAlive: true,
    });
    c.on('error', (e) => {
      console.error(JSON.stringify({ event: 'leader_connection_error', error: String(e) }));
      drop(c);
    });
    c.on('end', () => drop(c));
    await c.connect();
    client = c;
    return c;
  };

  const ask = async (job: string): Promise<boolean> => {
    if (closed) return false;
    if (held.has(job) && client) {
      const c = client;
      try {
        await c.query('SELECT 1');
        return true;
      } catch {
        drop(c); // its session is gone, and with it the lock: ask anew below
      }
    }
    let c: pg.Client;
    try {
      c = await connection();
    } catch (e) {
      console.error(JSON.stringify({ event: 'leader_connect_failed', error: String(e) }));
      return false;
    }
    try {
      const { rows } = await c.query<{ ok: boolean }>(
        'SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok',
        [LOCK_SPACE, job],
      );
      if (rows[0]?.ok) held.add(job);
      return rows[0]?.ok === true;
    } catch (e) {
      console.error(JSON.stringify({ event: 'leader_query_failed', error: String(e) }));
      drop(c);
      return false;
    }
  };

  return {
    lead(job) {
      const answer = tail.then(() => ask(job));
      tail = answer.catch(() => undefined);
      return answer;
    },
    async close() {
      closed = true;
      await tail;
      const c = client;
      client = null;
      held.clear();
      await c?.end().catch(() => undefined);
    },
  };
}
