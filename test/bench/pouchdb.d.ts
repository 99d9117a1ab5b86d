// Minimal types for the parts of PouchDB and express-pouchdb the peer benchmark uses (the
// packages ship none).
declare module 'pouchdb' {
  type Doc = { _id: string; _rev?: string; [k: string]: unknown };
  type ReplicationResult = {
    ok: boolean;
    docs_written: number;
    docs_read: number;
    errors: unknown[];
  };
  interface Database {
    bulkDocs(docs: Doc[]): Promise<unknown[]>;
    get(id: string): Promise<Doc>;
    putAttachment(
      id: string,
      name: string,
      rev: string,
      data: Buffer,
      type: string,
    ): Promise<{ ok: boolean; id: string; rev: string }>;
    info(): Promise<{ doc_count: number; update_seq: number | string }>;
    replicate: {
      to(target: Database | string, opts?: Record<string, unknown>): Promise<ReplicationResult>;
      from(source: Database | string, opts?: Record<string, unknown>): Promise<ReplicationResult>;
    };
    destroy(): Promise<void>;
    close(): Promise<void>;
  }
  interface PouchStatic {
    new (name: string, opts?: Record<string, unknown>): Database;
    plugin(p: unknown): PouchStatic;
    defaults(opts: Record<string, unknown>): PouchStatic;
  }
  const PouchDB: PouchStatic;
  export default PouchDB;
}
declare module 'pouchdb-adapter-memory' {
  const plugin: unknown;
  export default plugin;
}
declare module 'express-pouchdb' {
  function expressPouchdb(
    pouch: unknown,
    opts?: Record<string, unknown>,
  ): (req: unknown, res: unknown, next: unknown) => void;
  export default expressPouchdb;
}
declare module 'express' {
  type App = {
    use(path: string, handler: unknown): void;
    listen(port: number, host: string, cb: () => void): import('node:http').Server;
  };
  function express(): App;
  export default express;
}
