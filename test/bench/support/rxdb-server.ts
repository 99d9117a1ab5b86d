// The server side of the RxDB peer: RxDB's HTTP replication conventions (rxdb.info
// "replication-http") as a Hono app, run as its own process (like our server) so it never shares
// an event loop with the clients. Per collection (a space keeps one run's samples apart):
//   GET  /:space/:collection/pull?id=&updatedAt=&batchSize=  documents after the checkpoint (updatedAt,
//        then id), at most batchSize, and the new checkpoint
//   POST /:space/:collection/push  [{ assumedMasterState, newDocumentState }] → the conflicting master
//        states (an assumed state whose updatedAt differs from the stored one is a conflict)
// Documents are kept in memory (like the PouchDB peer's memory adapter), answers are compressed
// by Accept-Encoding (hono/compress), as our server's and express-pouchdb's are. Prints
// {"event":"listening","port":N} on stdout.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { compress } from 'hono/compress';

type Doc = { id: string; updatedAt: number; [k: string]: unknown };
type Row = { assumedMasterState?: Doc | null; newDocumentState: Doc };

const collections = new Map<string, Map<string, Doc>>();
const docsOf = (name: string) => {
  let m = collections.get(name);
  if (!m) collections.set(name, (m = new Map()));
  return m;
};
const after = (a: Doc, updatedAt: number, id: string) =>
  a.updatedAt > updatedAt || (a.updatedAt === updatedAt && a.id > id);
const order = (a: Doc, b: Doc) =>
  a.updatedAt - b.updatedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

const app = new Hono();
app.use('*', compress());
app.get('/:space/:collection/pull', (c) => {
  const id = c.req.query('id') ?? '';
  const updatedAt = Number(c.req.query('updatedAt') ?? 0);
  const batchSize = Number(c.req.query('batchSize') ?? 100);
  const documents = [...docsOf(`${c.req.param('space')}/${c.req.param('collection')}`).values()]
    .filter((d) => after(d, updatedAt, id))
    .sort(order)
    .slice(0, batchSize);
  const last = documents.at(-1);
  return c.json({
    documents,
    checkpoint: last ? { id: last.id, updatedAt: last.updatedAt } : { id, updatedAt },
  });
});
app.post('/:space/:collection/push', async (c) => {
  const docs = docsOf(`${c.req.param('space')}/${c.req.param('collection')}`);
  const conflicts: Doc[] = [];
  for (const row of (await c.req.json()) as Row[]) {
    const master = docs.get(row.newDocumentState.id);
    if (
      master &&
      (!row.assumedMasterState || row.assumedMasterState.updatedAt !== master.updatedAt)
    )
      conflicts.push(master);
    else docs.set(row.newDocumentState.id, row.newDocumentState);
  }
  return c.json(conflicts);
});

const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  console.log(JSON.stringify({ event: 'listening', port: info.port }));
});
process.on('SIGTERM', () => server.close());
