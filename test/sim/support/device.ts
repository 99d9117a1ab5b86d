// A simulated device: its own fake-indexeddb factory, one or two tabs (AppDb + engine each),
// and the ledger of every mutation it committed locally (the oracle's input).
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { AppDb } from '../../../src/client/db/schema';
import { META } from '../../../src/client/db/meta-keys';
import { createSyncEngine, type SyncEngine } from '../../../src/client/sync/engine';
import { makeWire, type FaultStats, type Network } from './network';
import type { Rng } from '../../support/prng';
import type { SimServer } from '../../support/server';

export type LedgerEntry = {
  clientSeq: number;
  id: string;
  entity: string;
  entityId: string;
  op: string;
  fields: Record<string, unknown>;
};
export type Tab = { db: AppDb; engine: SyncEngine; kill(): void };

export class Device {
  readonly factory = new IDBFactory();
  readonly tabs: Tab[] = [];
  readonly ledger: LedgerEntry[] = [];
  /** Hashes of photo bytes taken on this device (they must never be deleted before upload). */
  readonly captured = new Set<string>();
  lastCursor = -1;
  /** Every clientId this device has used (a device that recovers may take a new one). */
  readonly clientIds = new Set<string>();
  /** The device whose profile this one is a copy of (itself when not a copy). */
  family: string;
  /** Mutation ids this profile inherited from the device it was copied from (cloneOf). */
  readonly inherited = new Set<string>();
  /** The highest clientSeq recorded, under the device identity it was recorded with. */
  private seen = 0;
  private seenClientId: string | undefined;

  constructor(
    readonly name: string,
    private server: () => SimServer,
    private net: Network,
    private rng: Rng,
    private stats: FaultStats,
    tabCount = 1,
  ) {
    this.family = name;
    for (let i = 0; i < tabCount; i++) this.tabs.push(this.openTab());
  }

  private openTab(): Tab {
    let alive = true;
    const db = new AppDb(`sim-${this.name}`, { indexedDB: this.factory, IDBKeyRange });
    const engine = createSyncEngine(db, {
      baseUrl: 'http://sim',
      appVersion: 'sim',
      getToken: () => this.server().token,
      fetch: makeWire(this.name, this.server, this.net, this.rng, this.stats, () => alive),
      random: () => this.rng.next(),
      now: () => 0,
      // Plain bodies: compressing on zlib's thread pool ends at a time no seed decides, and one
      // seed must replay the same run (compression has its own tests against the real server).
      gzip: false,
    });
    return {
      db,
      engine,
      kill: () => {
        alive = false;
        db.close();
      },
    };
  }

  /** Kill tab i (whatever it was awaiting never resumes) and reopen it from the same factory. */
  restartTab(i: number): void {
    this.tabs[i]!.kill();
    this.tabs[i] = this.openTab();
  }

  get db(): AppDb {
    return this.tabs[0]!.db;
  }

  /**
   * Record the outbox entries the last user operation committed (by mutation id: a new device
   * identity renumbers the outbox, docs/adr/0006-device-recovery.md). Under an unchanged identity
   * every clientSeq handed out must have been recorded.
   */
  async recordCommitted(): Promise<void> {
    const known = new Set([...this.ledger.map((l) => l.id), ...this.inherited]);
    const fresh = (await this.db.outbox.toArray())
      .filter((e) => !known.has(e.id))
      .sort((a, b) => a.clientSeq - b.clientSeq);
    for (const e of fresh) {
      this.ledger.push({
        clientSeq: e.clientSeq,
        id: e.id,
        entity: e.entity,
        entityId: e.entityId,
        op: e.op,
        fields: e.fields,
      });
    }
    const [next, id] = (await this.db.meta.bulkGet([META.nextClientSeq, META.clientId])).map(
      (r) => r?.value,
    ) as [number | undefined, string | undefined];
    const last = (next ?? 1) - 1;
    const top = Math.max(this.seen, ...fresh.map((e) => e.clientSeq));
    const renewed = this.seenClientId !== undefined && id !== this.seenClientId;
    if (!renewed && last !== top)
      throw new Error(`${this.name}: committed seq ${last} but ledger saw ${top}`);
    this.seen = last;
    this.seenClientId = id;
  }

  async clientId(): Promise<string | undefined> {
    const id = (await this.db.meta.get(META.clientId))?.value as string | undefined;
    if (id) this.clientIds.add(id);
    return id;
  }

  /**
   * A browser profile copied to another machine (or rolled back): a new device whose IndexedDB is
   * this one's, byte for byte, clientId included. Both go on writing with the same numbering.
   */
  static async cloneOf(
    src: Device,
    name: string,
    server: () => SimServer,
    net: Network,
    rng: Rng,
    stats: FaultStats,
  ): Promise<Device> {
    await src.clientId();
    const copy = new Device(name, server, net, rng, stats);
    const tables = await Promise.all(
      src.db.tables.map(async (t) => ({ name: t.name, rows: await t.toArray() })),
    );
    await copy.db.transaction('rw', copy.db.tables, async () => {
      for (const t of tables) await copy.db.table(t.name).bulkPut(t.rows);
    });
    copy.family = src.family;
    copy.seen = src.seen;
    copy.seenClientId = src.seenClientId;
    for (const l of src.ledger) copy.inherited.add(l.id);
    for (const id of src.inherited) copy.inherited.add(id);
    for (const sha of src.captured) copy.captured.add(sha);
    for (const id of src.clientIds) copy.clientIds.add(id);
    copy.lastCursor = src.lastCursor;
    return copy;
  }

  async cursor(): Promise<number> {
    const v = (await this.db.meta.get(META.cursor))?.value;
    return typeof v === 'string' ? Number(v) : -1;
  }

  close(): void {
    for (const t of this.tabs) t.kill();
  }
}
