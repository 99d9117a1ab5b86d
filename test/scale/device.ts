// One simulated device of a scale run: plain HTTP through the fault proxy, as the real sync engine
// behaves on the wire. Mutations wait in an outbox until an answer acknowledges them; after any
// failure the same mutations (same clientSeqs) go again. It writes creates and patches of its own
// visit and observations, each carrying a text no other write carries (`<clientId>:<clientSeq>`),
// and some devices add photos whose bytes follow through a resumable upload (tus, chunks of
// 256 KiB growing to 1 MiB as the real client sends them, resumed from the server's offset after
// a broken request, then verified by HEAD).
//
// Everything a device did and saw is kept for the checks (checks.ts): the mutation id of every
// clientSeq, the last text of each record it wrote, every text it ever wrote, and its pull log —
// per pulled entity the version and a hash of the row. What the wire itself shows is checked at
// once (a change at or below the cursor sent, a version pulled twice, a rejection, a gap) and
// reported as a problem.
import { createHash } from 'node:crypto';
import { HASH_MISMATCH_STATUS, TUS_VERSION, UPLOADS_URL, blobUrl } from '../../src/shared/blobs';
import type { EntityName } from '../../src/shared/domain/schemas';
import type { Mutation, SyncResponse } from '../../src/shared/protocol';
import { syncDevice } from '../support/devices';
import type { Rng } from '../support/prng';
import { observationFields, photoFields, visitFields } from '../support/rows';
import { type PhotoBytes, makePhoto } from './photos';
import { FAULT_HEADER } from './proxy';
import type { ScaleAccount } from './seed';

/** A record's last write by this device: which text field holds which text. */
export type ExpectedText = { entity: EntityName; id: string; field: string; text: string };

/** What the device holds of a pulled entity: its version and a hash of its row. */
export type PulledEntry = { seq: number; version: number; rowHash: string | null };

export type DevicePhoto = { id: string; image: PhotoBytes; thumb: PhotoBytes };

/** How a request went, for the run's statistics. */
export type Outcome =
  | 'ok'
  | 'network'
  | 'timeout'
  | 'injected'
  | 'rate_limited'
  | 'server_error'
  | 'refused'
  /** An upload PATCH answered 409: another request holds the upload, or the offset moved. */
  | 'upload_409';

export type DeviceHooks = {
  latency(kind: 'push' | 'pull', ms: number): void;
  outcome(what: 'sync' | 'upload', outcome: Outcome): void;
  applied(n: number): void;
  /** Something on the wire that breaks an invariant (fails the run). */
  problem(what: string): void;
};

/** Text fields the devices write, one per entity they write. */
export const TEXT_FIELD = { visit: 'notes', observation: 'text', photo: 'caption' } as const;

/** PATCH sizes as the real client sends them (client/sync/tus-upload.ts). */
const MIN_CHUNK = 256 * 1024;
const MAX_CHUNK = 1024 * 1024;
const REQUEST_TIMEOUT_MS = 30_000;

export const rowHash = (row: unknown) =>
  row == null ? null : createHash('sha1').update(JSON.stringify(row)).digest('hex');

type Answer =
  | { ok: true; status: number; headers: Headers; body: Buffer }
  | { ok: false; reason: 'network' | 'timeout' };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class ScaleDevice {
  readonly core;
  outbox: Mutation[] = [];
  /** mutationIds[clientSeq - 1]: the id of the mutation sent under that clientSeq. */
  readonly mutationIds: string[] = [];
  /** Per record this device wrote ("entity:id"): its last text. */
  readonly expected = new Map<string, ExpectedText>();
  /** Every text this device wrote. */
  readonly textsWritten = new Set<string>();
  /** Per pulled entity ("entity:id"): what the device holds. */
  readonly pulled = new Map<string, PulledEntry>();
  readonly photos: DevicePhoto[] = [];
  resets = 0;
  duplicates = 0;
  private readonly uploads: PhotoBytes[] = [];
  private readonly observations: string[] = [];
  private visitId: string | null = null;

  constructor(
    readonly index: number,
    readonly account: ScaleAccount,
    /** The site this device's visit belongs to. */
    readonly siteId: string,
    private readonly baseUrl: string,
    private readonly rng: Rng,
    private readonly hooks: DeviceHooks,
  ) {
    this.core = syncDevice({ appVersion: 'scale' });
  }

  get clientId(): string {
    return this.core.clientId;
  }
  get seq(): number {
    return this.core.seq;
  }
  get cursor(): string | null {
    return this.core.cursor;
  }
  get pendingUploads(): number {
    return this.uploads.length;
  }

  private enqueue(
    entity: EntityName,
    id: string,
    op: 'create' | 'patch',
    fields: Record<string, unknown>,
  ): void {
    const m = this.core.mutation(entity, id, op, fields);
    this.mutationIds.push(m.id);
    this.outbox.push(m);
  }

  private nextText(): string {
    return `${this.clientId}:${this.core.seq + 1}`;
  }

  private writeText(entity: 'visit' | 'observation' | 'photo', id: string, text: string): void {
    this.expected.set(`${entity}:${id}`, { entity, id, field: TEXT_FIELD[entity], text });
    this.textsWritten.add(text);
  }

  /** Queues `n` writes: the visit first, then new observations, their texts, the visit's notes. */
  write(n: number): void {
    for (let k = 0; k < n; k++) {
      const text = this.nextText();
      if (!this.visitId) {
        const visit = { ...visitFields(this.siteId), notes: text };
        this.visitId = visit.id;
        this.enqueue('visit', visit.id, 'create', visit);
        this.writeText('visit', visit.id, text);
        continue;
      }
      const r = this.rng.next();
      if (r < 0.1) {
        this.enqueue('visit', this.visitId, 'patch', { notes: text });
        this.writeText('visit', this.visitId, text);
      } else if (r < 0.55 || this.observations.length === 0) {
        const o = { ...observationFields(this.visitId), text };
        this.observations.push(o.id);
        this.enqueue('observation', o.id, 'create', o);
        this.writeText('observation', o.id, text);
      } else {
        const id = this.rng.pick(this.observations);
        this.enqueue('observation', id, 'patch', { text });
        this.writeText('observation', id, text);
      }
    }
  }

  /** Queues a photo row (after the visit) and its two JPEGs for upload. */
  addPhoto(imageBytes: number): void {
    if (!this.visitId) this.write(1);
    const image = makePhoto(this.rng, imageBytes);
    const thumb = makePhoto(this.rng, 4_000 + this.rng.int(6_000), 320, 240);
    const text = this.nextText();
    const row = {
      ...photoFields(this.visitId!, image.sha256),
      thumbSha256: thumb.sha256,
      width: image.width,
      height: image.height,
      bytes: image.bytes.length,
      caption: text,
    };
    this.enqueue('photo', row.id, 'create', row);
    this.writeText('photo', row.id, text);
    this.photos.push({ id: row.id, image, thumb });
    this.uploads.push(image, thumb);
  }

  private async call(path: string, init: RequestInit): Promise<Answer> {
    try {
      const res = await fetch(path.startsWith('http') ? path : `${this.baseUrl}${path}`, {
        ...init,
        headers: { Authorization: `Bearer ${this.account.token}`, ...init.headers },
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      const body = Buffer.from(await res.arrayBuffer());
      return { ok: true, status: res.status, headers: res.headers, body };
    } catch (e) {
      const name = (e as Error).name;
      return { ok: false, reason: name === 'TimeoutError' ? 'timeout' : 'network' };
    }
  }

  /** A failed answer's outcome; a server's own error (not the proxy's) is also a problem. */
  private failed(what: 'sync' | 'upload', a: Answer, context: string): Outcome {
    let outcome: Outcome;
    if (!a.ok) outcome = a.reason;
    else if (a.headers.get(FAULT_HEADER)) outcome = 'injected';
    else if (a.status === 429) outcome = 'rate_limited';
    else {
      outcome = a.status >= 500 ? 'server_error' : 'refused';
      this.hooks.problem(
        `device ${this.index}: ${context} answered ${a.status}: ${a.body.toString('utf8').slice(0, 300)}`,
      );
    }
    this.hooks.outcome(what, outcome);
    return outcome;
  }

  /**
   * One sync request: pushes up to `max` outbox mutations and pulls one page. Resolves with
   * hasMore after a 200, or null after a failure (the outbox is unchanged: the next call
   * sends the same mutations again).
   */
  async syncOnce(max = 20, pullLimit = 200): Promise<{ hasMore: boolean } | null> {
    const batch = this.outbox.slice(0, max);
    const cursorSent = this.core.cursor;
    const body = JSON.stringify(this.core.request(batch, { pullLimit }));
    const t0 = performance.now();
    const a = await this.call('/api/v1/sync', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body,
    });
    if (!a.ok || a.status !== 200) {
      this.failed('sync', a, 'sync');
      return null;
    }
    this.hooks.latency(batch.length ? 'push' : 'pull', performance.now() - t0);
    this.hooks.outcome('sync', 'ok');
    const res = JSON.parse(a.body.toString('utf8')) as SyncResponse;
    this.acknowledge(batch, res);
    this.takeChanges(res, cursorSent);
    return { hasMore: res.hasMore };
  }

  private acknowledge(batch: Mutation[], res: SyncResponse): void {
    const acked = new Set<string>();
    let applied = 0;
    for (const r of res.results) {
      const m = batch.find((b) => b.id === r.id);
      if (!m) {
        this.hooks.problem(`device ${this.index}: a result for mutation ${r.id} it did not send`);
        continue;
      }
      acked.add(m.id);
      if (r.status === 'applied') applied++;
      else if (r.status === 'duplicate' && r.originalStatus === 'applied') this.duplicates++;
      else
        this.hooks.problem(
          `device ${this.index}: clientSeq ${m.clientSeq} answered ${r.status}${r.originalStatus ? ` (${r.originalStatus})` : ''}: ${JSON.stringify(r.error ?? null)}`,
        );
    }
    this.hooks.applied(applied);
    this.outbox = this.outbox.filter((m) => !acked.has(m.id));
  }

  /** Adds a page to the pull log, checking order and repeats against the cursor it was asked from. */
  private takeChanges(res: SyncResponse, cursorSent: string | null): void {
    let after = cursorSent === null ? 0 : Number(cursorSent);
    if (res.reset) {
      // As the real device does: forget the server's rows, pull again from the start.
      this.resets++;
      this.pulled.clear();
      after = 0;
    }
    for (const c of res.changes) {
      if (c.seq <= after)
        this.hooks.problem(
          `device ${this.index}: pulled seq ${c.seq} after ${after} (cursor sent ${cursorSent}): repeated or out of order`,
        );
      after = Math.max(after, c.seq);
      const key = `${c.entity}:${c.entityId}`;
      const held = this.pulled.get(key);
      if (held && c.version <= held.version)
        this.hooks.problem(
          `device ${this.index}: pulled ${key} version ${c.version} again (held ${held.version})`,
        );
      this.pulled.set(key, { seq: c.seq, version: c.version, rowHash: rowHash(c.row) });
    }
    if (Number(res.cursor) < after)
      this.hooks.problem(
        `device ${this.index}: cursor ${res.cursor} below its page's seq ${after}`,
      );
    this.core.cursor = res.cursor;
  }

  /** Sends the whole outbox (no faults by then); false when it is not empty by `until`. */
  async drain(until: number): Promise<boolean> {
    while (this.outbox.length) {
      if (Date.now() > until) return false;
      if (!(await this.syncOnce(100, 500))) await sleep(100);
    }
    return true;
  }

  /** Pulls until the server has nothing more; false when that does not happen by `until`. */
  async pullToEnd(until: number): Promise<boolean> {
    for (;;) {
      if (Date.now() > until) return false;
      const r = await this.syncOnce(0, 1000);
      if (r && !r.hasMore) return true;
      if (!r) await sleep(100);
    }
  }

  /** Uploads queued photo bytes one at a time until `stop()` and the queue is empty. */
  async uploadLoop(stop: () => boolean, until: number): Promise<void> {
    for (;;) {
      const next = this.uploads[0];
      if (!next) {
        if (stop()) return;
        await sleep(100);
        continue;
      }
      if (!(await this.upload(next, until))) {
        this.hooks.problem(`device ${this.index}: upload of ${next.sha256} did not finish`);
        return;
      }
      this.uploads.shift();
    }
  }

  /** Steps 1–5 of docs/architecture.md §Upload, retried until the bytes are verified or `until`. */
  private async upload(p: PhotoBytes, until: number): Promise<boolean> {
    const tus = { 'Tus-Resumable': TUS_VERSION };
    let url: string | null = null;
    let offset = 0;
    let size = MIN_CHUNK;
    for (let attempt = 0; Date.now() < until; attempt++) {
      if (attempt > 0) await sleep(Math.min(1000, 50 * 2 ** Math.min(attempt, 5)));
      if (url) {
        const head = await this.call(url, { method: 'HEAD', headers: tus });
        if (head.ok && head.status === 200) offset = Number(head.headers.get('upload-offset'));
        else if (head.ok && (head.status === 404 || head.status === 410)) url = null;
        else {
          this.failed('upload', head, `HEAD ${url}`);
          continue;
        }
      }
      if (!url) {
        const created = await this.call(UPLOADS_URL, {
          method: 'POST',
          headers: {
            ...tus,
            'Upload-Length': String(p.bytes.length),
            'Upload-Metadata': `sha256 ${Buffer.from(p.sha256).toString('base64')},type ${Buffer.from('image/jpeg').toString('base64')}`,
          },
        });
        const location = created.ok ? created.headers.get('location') : null;
        if (created.ok && created.status === 200) offset = p.bytes.length;
        else if (created.ok && created.status === 201 && location) {
          url = location;
          offset = 0;
        } else {
          this.failed('upload', created, 'POST /uploads');
          continue;
        }
      }
      while (url && offset < p.bytes.length) {
        const chunk = p.bytes.subarray(offset, Math.min(p.bytes.length, offset + size));
        const res = await this.call(url, {
          method: 'PATCH',
          headers: {
            ...tus,
            'Content-Type': 'application/offset+octet-stream',
            'Upload-Offset': String(offset),
          },
          body: chunk as Uint8Array<ArrayBuffer>,
        });
        if (res.ok && res.status === 204) {
          offset = Number(res.headers.get('upload-offset'));
          size = Math.min(MAX_CHUNK, size * 2);
          this.hooks.outcome('upload', 'ok');
        } else if (res.ok && res.status === 409) {
          // Another PATCH holds the upload (a killed process's lease runs out after 30 s), or
          // the offset moved: HEAD tells where the server is.
          this.hooks.outcome('upload', 'upload_409');
          break;
        } else if (
          res.ok &&
          (res.status === 404 || res.status === 410 || res.status === HASH_MISMATCH_STATUS)
        ) {
          if (res.status === HASH_MISMATCH_STATUS)
            this.hooks.problem(`device ${this.index}: hash mismatch for intact ${p.sha256}`);
          url = null;
          break;
        } else {
          this.failed('upload', res, `PATCH ${url}`);
          break;
        }
      }
      if (offset < p.bytes.length) continue;
      const verified = await this.call(blobUrl(p.sha256), { method: 'HEAD' });
      if (verified.ok && verified.status === 200) return true;
      if (verified.ok && verified.status === 404) {
        url = null; // every byte sent but no photo: that upload is spoilt, start a new one
        offset = 0;
      } else this.failed('upload', verified, 'HEAD blob');
    }
    return false;
  }
}
