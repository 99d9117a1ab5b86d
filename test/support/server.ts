// The server in-process: the real app on a real SQLite FILE in a temp dir, driven through
// app.request() (no port), with helpers to sign in as each role, a raw sync device (its own
// clientId, clientSeq and cursor) and valid row fields. For the server as a separate process see
// ./server-process.ts; for the restartable simulation server see test/sim/support/sim-server.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import type { Role } from '../../src/shared/domain/schemas';
import type { Mutation, SyncRequest, SyncResponse } from '../../src/shared/protocol';
import { type AppLimits, createApp } from '../../src/server/app';
import { openServerDb } from '../../src/server/store/store';
import { syncDevice } from './devices';

export const PASSWORD = 'correct horse battery';

export type Harness = Awaited<ReturnType<typeof makeHarness>>;

export async function makeHarness(opts: { limits?: AppLimits; clock?: () => Date; trustProxy?: boolean } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'sb-server-'));
  const dbFile = join(dir, 'db.sqlite');
  const db = openServerDb(dbFile);
  const app = createApp({ db, photosDir: join(dir, 'photos'), distDir: join(dir, 'dist'), clock: opts.clock, trustProxy: opts.trustProxy, limits: { sync: null, login: null, ...opts.limits } });

  async function req(path: string, init: RequestInit & { token?: string; json?: unknown } = {}) {
    const headers = new Headers(init.headers);
    if (init.token) headers.set('Authorization', `Bearer ${init.token}`);
    let body = init.body;
    if (init.json !== undefined) { headers.set('Content-Type', 'application/json'); body = JSON.stringify(init.json); }
    return app.request(path, { ...init, headers, body });
  }

  async function login(email: string, password = PASSWORD): Promise<string> {
    const res = await req('/api/v1/auth/login', { method: 'POST', json: { email, password } });
    if (res.status !== 200) throw new Error(`login ${email}: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { token: string }).token;
  }

  async function user(role: Role, siteId: string | null = null, email = `${role}-${uuidv7()}@example.org`) {
    const { user } = await app.accounts.createUser({ email, name: `${role} user`, role, siteId, password: PASSWORD });
    return { ...user, token: await login(email) };
  }

  return {
    dir, dbFile, db, app, req, login, user,
    close() { db.close(); rmSync(dir, { recursive: true, force: true }); },
  };
}

/** A raw device on the in-process server (see ./devices.ts): its own clientId, clientSeq counter and cursor. */
export function makeDevice(h: Harness, token: string) {
  const device = Object.assign(syncDevice(), {
    token,
    async post(body: unknown) {
      return h.req('/api/v1/sync', { method: 'POST', token: device.token, json: body });
    },
    /** Pushes and pulls; advances the cursor. Throws on a non-200. */
    async sync(mutations: Mutation[] = [], extra: Partial<SyncRequest> = {}): Promise<SyncResponse> {
      const res = await device.post(device.request(mutations, extra));
      if (res.status !== 200) throw new Error(`sync ${res.status}: ${await res.text()}`);
      const body = (await res.json()) as SyncResponse;
      device.cursor = body.cursor;
      return body;
    },
  });
  return device;
}
export type Device = ReturnType<typeof makeDevice>;

export const iso = () => new Date().toISOString();

export function siteFields(id = uuidv7()) {
  return {
    id, municipality: 'Offenbach', quarter: 'Nordend', phase: 'isek', yearAdmitted: 2020,
    contact: { name: '', organisation: '', email: '', phone: '' }, notes: '', createdAt: iso(),
  };
}
export function visitFields(siteId: string, id = uuidv7()) {
  return { id, siteId, date: '2026-05-01', phase: 'isek', status: 'planned', goals: '', route: '', participants: [], notes: '', createdAt: iso() };
}
export function observationFields(visitId: string, id = uuidv7()) {
  return { id, visitId, fieldId: null, kind: 'strength', perspective: 'outside', rating: null, text: 'x', place: '', lat: null, lng: null, author: '', createdAt: iso() };
}
export function checklistFields(visitId: string, templateItemId = 'prep-date') {
  return { id: `${visitId}~${templateItemId}`, visitId, templateId: 'prep', templateItemId, order: 0, state: 'open', note: '' };
}
export function followUpFields(visitId: string, siteId: string, id = uuidv7()) {
  return { id, visitId, siteId, fieldId: null, kind: 'need', description: 'Spielplatz', offerType: 'consultation', owner: '', dueDate: null, status: 'open', createdAt: iso() };
}
export function photoFields(visitId: string, sha256 = 'a'.repeat(64), id = uuidv7()) {
  return {
    id, visitId, observationId: null, sha256, thumbSha256: 'b'.repeat(64), mime: 'image/jpeg', width: 100, height: 80, bytes: 1000,
    caption: '', order: 0, takenAt: null, lat: null, lng: null, createdAt: iso(),
  };
}
