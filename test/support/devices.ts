// Raw sync devices: no Dexie, no engine, just what a device sends. Each has its own clientId,
// clientSeq counter and cursor, and builds mutations and sync requests the same way (syncDevice).
// - makeDevice (./server.ts): talks to the in-process server through app.request().
// - makeHttpDevice (here): talks to a real server over HTTP and keeps an outbox (mutations stay
//   queued until a sync answer acknowledges them, as the real client does), plus photo upload
//   with the tus subset of src/shared/blobs.ts.
// A device that runs the real client code (Dexie + sync engine) is test/sim/support/device.ts.
import { v7 as uuidv7 } from 'uuid';
import { TUS_VERSION, UPLOADS_URL } from '../../src/shared/blobs';
import {
  type Mutation,
  PROTOCOL_VERSION,
  SCHEMA_VERSION,
  type SyncRequest,
  type SyncResponse,
} from '../../src/shared/protocol';

/** Identity and request builders every raw device shares; callers add transport to the returned object. */
export function syncDevice(opts: { clientId?: string; appVersion?: string } = {}) {
  const device = {
    clientId: opts.clientId ?? uuidv7(),
    seq: 0,
    cursor: null as string | null,
    mutation(
      entity: Mutation['entity'],
      entityId: string,
      op: Mutation['op'],
      fields: Record<string, unknown> = {},
      baseVersion: number | null = null,
    ): Mutation {
      return {
        id: uuidv7(),
        clientSeq: ++device.seq,
        entity,
        entityId,
        op,
        baseVersion,
        fields,
        schemaVersion: SCHEMA_VERSION,
        clientTime: new Date().toISOString(),
      };
    },
    request(mutations: Mutation[], extra: Partial<SyncRequest> = {}): SyncRequest {
      return {
        protocol: PROTOCOL_VERSION,
        appVersion: opts.appVersion ?? 'test',
        schemaVersion: SCHEMA_VERSION,
        clientId: device.clientId,
        cursor: device.cursor,
        outboxHighWater: device.seq,
        mutations,
        pullLimit: 500,
        ...extra,
      };
    },
  };
  return device;
}

type SyncDevice = ReturnType<typeof syncDevice>;

export class SyncFailed extends Error {
  override name = 'SyncFailed';
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(`sync answered ${status}: ${body.slice(0, 300)}`);
  }
}

export type Ack = { mutation: Mutation; result: SyncResponse['results'][number] };

export function makeHttpDevice(baseUrl: () => string, token: string, clientId = uuidv7()) {
  const auth = { Authorization: `Bearer ${token}` };
  const device = Object.assign(syncDevice({ clientId, appVersion: 'reliability' }), {
    outbox: [] as Mutation[],
    /** Builds a mutation as `mutation` does and queues it in the outbox. */
    enqueue(...args: Parameters<SyncDevice['mutation']>): Mutation {
      const m = device.mutation(...args);
      device.outbox.push(m);
      return m;
    },
    /** Raw POST /sync with the given mutations (no outbox bookkeeping). */
    async post(mutations: Mutation[], pullLimit = 200): Promise<SyncResponse> {
      const body = device.request(mutations, { pullLimit });
      const res = await fetch(`${baseUrl()}/api/v1/sync`, {
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      const text = await res.text();
      if (res.status !== 200) throw new SyncFailed(res.status, text);
      return JSON.parse(text) as SyncResponse;
    },
    /** Pushes up to `max` outbox mutations and pulls one page; acknowledged ones leave the outbox. */
    async sync(max = 20, pullLimit = 200): Promise<{ acks: Ack[]; response: SyncResponse }> {
      const batch = device.outbox.slice(0, max);
      const response = await device.post(batch, pullLimit);
      device.cursor = response.cursor;
      const acks: Ack[] = [];
      for (const result of response.results) {
        const mutation = batch.find((m) => m.id === result.id);
        if (mutation) acks.push({ mutation, result });
      }
      const done = new Set(acks.map((a) => a.mutation.id));
      device.outbox = device.outbox.filter((m) => !done.has(m.id));
      return { acks, response };
    },
  });
  return device;
}
export type HttpDevice = ReturnType<typeof makeHttpDevice>;

/** Uploads `bytes` (tus: one POST, one PATCH); resolves true when the server acknowledged the stored blob. */
export async function uploadPhoto(
  baseUrl: string,
  token: string,
  bytes: Uint8Array,
  sha256: string,
): Promise<boolean> {
  const tus = { Authorization: `Bearer ${token}`, 'Tus-Resumable': TUS_VERSION };
  const created = await fetch(`${baseUrl}${UPLOADS_URL}`, {
    method: 'POST',
    headers: {
      ...tus,
      'Upload-Length': String(bytes.length),
      'Upload-Metadata': `sha256 ${Buffer.from(sha256).toString('base64')},type ${Buffer.from('image/jpeg').toString('base64')}`,
    },
  });
  if (created.status === 200) return created.headers.get('upload-offset') === String(bytes.length);
  if (created.status !== 201) throw new Error(`upload create answered ${created.status}`);
  const patched = await fetch(`${baseUrl}${created.headers.get('location')!}`, {
    method: 'PATCH',
    headers: { ...tus, 'Content-Type': 'application/offset+octet-stream', 'Upload-Offset': '0' },
    body: bytes as Uint8Array<ArrayBuffer>,
  });
  if (patched.status !== 204) throw new Error(`upload patch answered ${patched.status}`);
  return patched.headers.get('upload-offset') === String(bytes.length);
}
