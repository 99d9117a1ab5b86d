// What the PostgreSQL repos run their SQL on: one connection inside one transaction (tx.ts
// binds it), with rows as plain objects. Every statement text gets a name the first time it is
// seen, so each pooled connection parses and plans it once and afterwards only binds and runs
// it (pg's named prepared statements); building a repo per transaction therefore costs nothing.
// PostgreSQL text cannot hold NUL, which SQLite stores and compares like any character. Where a
// string a client sent reaches a statement unchecked (an unknown entity name in a rejection, an
// app version), a NUL becomes U+FFFD here, the character stored_json (schema.ts) uses for it:
// garbage in stays garbage, but never fails the whole request.
// Write statement texts as constants with $1, $2 … parameters (an array parameter with
// `= ANY($1)` instead of an IN list of varying length): texts built per call would each be
// prepared anew. One statement per text (a prepared statement holds one). Past MAX_NAMED texts
// the rest run unnamed.
import type pg from 'pg';

export type Queryable = {
  /** Every row the statement answers. */
  query<R>(sql: string, params?: readonly unknown[]): Promise<R[]>;
  /** The first row, or null when there is none. */
  one<R>(sql: string, params?: readonly unknown[]): Promise<R | null>;
  /** Runs a statement and answers how many rows it inserted, updated or deleted. */
  run(sql: string, params?: readonly unknown[]): Promise<number>;
};

/** Statement texts that get a name (and are prepared once per connection). */
const MAX_NAMED = 2000;
const names = new Map<string, string>();

function nameOf(sql: string): string | undefined {
  let name = names.get(sql);
  if (name === undefined && names.size < MAX_NAMED) {
    name = `sb${names.size + 1}`;
    names.set(sql, name);
  }
  return name;
}

const withoutNul = (s: string) => (s.includes('\0') ? s.replaceAll('\0', '\uFFFD') : s);
const storable = (p: unknown): unknown =>
  typeof p === 'string'
    ? withoutNul(p)
    : Array.isArray(p)
      ? p.map((e) => (typeof e === 'string' ? withoutNul(e) : e))
      : p;

/** The Queryable face of one connection (a pooled client inside its transaction). */
export function queryableOf(client: pg.ClientBase): Queryable {
  const exec = (sql: string, params: readonly unknown[] = []) => {
    const name = nameOf(sql);
    const values = params.map(storable);
    return client.query(name === undefined ? { text: sql, values } : { name, text: sql, values });
  };
  return {
    query: async <R>(sql: string, params?: readonly unknown[]) =>
      (await exec(sql, params)).rows as R[],
    one: async <R>(sql: string, params?: readonly unknown[]) =>
      ((await exec(sql, params)).rows[0] as R | undefined) ?? null,
    run: async (sql: string, params?: readonly unknown[]) =>
      (await exec(sql, params)).rowCount ?? 0,
  };
}
