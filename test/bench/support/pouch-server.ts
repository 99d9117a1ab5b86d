// A CouchDB-protocol server for the peer comparison: express-pouchdb over PouchDB's memory
// adapter, run as its own process (like our server) so it never shares an event loop with the
// clients. Prints {"event":"listening","port":N} on stdout.
import express from 'express';
import PouchDB from 'pouchdb';
import memory from 'pouchdb-adapter-memory';
import expressPouchdb from 'express-pouchdb';

const Memory = PouchDB.plugin(memory).defaults({ adapter: 'memory' });
const app = express();
app.use(
  '/',
  expressPouchdb(Memory, { mode: 'minimumForPouchDB', inMemoryConfig: true, logPath: '/dev/null' }),
);
const server = app.listen(0, '127.0.0.1', () => {
  console.log(
    JSON.stringify({ event: 'listening', port: (server.address() as { port: number }).port }),
  );
});
