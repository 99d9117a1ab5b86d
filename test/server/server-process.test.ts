// The real server process (src/server/main.ts) as `npm start` runs it, over real HTTP.
import { CHECKLIST_TEMPLATES } from '../../src/shared/domain/checklist-templates';
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../support/server-process';
import { TUS_VERSION } from '../../src/shared/blobs';
import { fakeJpeg, sha256 } from '../support/jpeg';
import { makeHttpDevice } from '../support/devices';

let server: RunningServer | null = null;
afterAll(async () => {
  await server?.stop();
  if (server) rmSync(server.dataDir, { recursive: true, force: true });
});

describe('server process', () => {
  it('serves health and sync over HTTP, shuts down cleanly on SIGTERM, and keeps its data across restarts', async () => {
    const env = { ADMIN_EMAIL: 'chefin@example.org', ADMIN_PASSWORD: 'the admin password' };
    server = await startServer({ env });
    const health = await fetch(`${server.url}/api/v1/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ ok: true });
    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD }),
    });
    const { token } = (await login.json()) as { token: string };
    const url = server.url;
    const d = makeHttpDevice(() => url, token);
    const site = {
      id: 's1',
      municipality: 'Kassel',
      quarter: 'Nord',
      phase: 'isek',
      yearAdmitted: null,
      contact: { name: '', organisation: '', email: '', phone: '' },
      notes: '',
      createdAt: new Date().toISOString(),
    };
    d.enqueue('site', 's1', 'create', site);
    const { response: res } = await d.sync();
    expect(res.results[0]!.status).toBe('applied');
    const head = await fetch(`${url}/api/v1/blobs/${'a'.repeat(64)}`, {
      method: 'HEAD',
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(head.status).toBe(404);

    // A photo upload over real HTTP, in two PATCHes, then fetched back.
    const bytes = fakeJpeg(640, 480, 300_000);
    const digest = sha256(bytes);
    const tus = { Authorization: `Bearer ${token}`, 'Tus-Resumable': TUS_VERSION };
    const created = await fetch(`${url}/api/v1/uploads`, {
      method: 'POST',
      headers: {
        ...tus,
        'Upload-Length': String(bytes.length),
        'Upload-Metadata': `sha256 ${Buffer.from(digest).toString('base64')}`,
      },
    });
    const location = created.headers.get('location')!;
    const octets = { ...tus, 'Content-Type': 'application/offset+octet-stream' };
    expect(
      (
        await fetch(`${url}${location}`, {
          method: 'PATCH',
          headers: { ...octets, 'Upload-Offset': '0' },
          body: new Uint8Array(bytes.subarray(0, 100_000)),
        })
      ).status,
    ).toBe(204);
    const probe = await fetch(`${url}${location}`, { method: 'HEAD', headers: tus });
    expect(probe.headers.get('upload-offset')).toBe('100000');
    expect(
      (
        await fetch(`${url}${location}`, {
          method: 'PATCH',
          headers: { ...octets, 'Upload-Offset': '100000' },
          body: new Uint8Array(bytes.subarray(100_000)),
        })
      ).status,
    ).toBe(204);
    const blob = await fetch(`${url}/api/v1/blobs/${digest}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(Buffer.from(await blob.arrayBuffer()).equals(bytes)).toBe(true);

    const dataDir = server.dataDir;
    await server.kill('SIGTERM');
    expect(server.proc.exitCode).toBe(0);
    server = await startServer({ dataDir, env });
    const after = await fetch(`${server.url}/api/v1/sync`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ ...d.request([]), cursor: null }),
    });
    expect(
      ((await after.json()) as { changes: { entityId: string }[] }).changes.map((c) => c.entityId),
    ).toEqual([...CHECKLIST_TEMPLATES.map((t) => t.id), 's1']);
  }, 60_000);
});
