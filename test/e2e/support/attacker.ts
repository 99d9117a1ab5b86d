// Another person's device, as an attacker would use it: signs in over the API and pushes
// mutations whose text fields carry XSS payloads (the realistic path: the victim's browser
// pulls them through the normal sync).
import { v7 as uuidv7 } from 'uuid';
import { ACTION_FIELD_IDS } from '../../../src/shared/domain/action-fields';
import {
  CHECKLIST_TEMPLATES,
  checklistItemId,
} from '../../../src/shared/domain/checklist-templates';
import {
  MAX_MUTATIONS_PER_PUSH,
  type Mutation,
  PROTOCOL_VERSION,
  SCHEMA_VERSION,
} from '../../../src/shared/protocol';
import type { Account } from '../../support/accounts';

export type Seeded = { siteIds: string[]; visitId: string };

export async function pushPayloads(
  baseUrl: string,
  who: Account,
  payloads: readonly string[],
): Promise<Seeded> {
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: who.email, password: who.password }),
  });
  const { token } = (await login.json()) as { token: string };
  const n = payloads.length;
  const at = (i: number) => payloads[i % n]!;
  const now = new Date().toISOString();
  let seq = 0;
  const mutations: Mutation[] = [];
  const create = (entity: Mutation['entity'], fields: Record<string, unknown> & { id: string }) =>
    mutations.push({
      id: uuidv7(),
      clientSeq: ++seq,
      entity,
      entityId: fields.id,
      op: 'create',
      baseVersion: null,
      fields,
      schemaVersion: SCHEMA_VERSION,
      clientTime: now,
    });

  const siteIds = payloads.map(() => uuidv7());
  siteIds.forEach((id, i) =>
    create('site', {
      id,
      municipality: at(i),
      quarter: at(i + 1),
      phase: 'isek',
      yearAdmitted: 2020,
      notes: at(i + 2),
      createdAt: now,
      contact: {
        name: at(i + 3),
        organisation: at(i + 4),
        email: at(i + 5),
        phone: at(i + 6).slice(0, 60),
      },
    }),
  );
  const visitId = uuidv7();
  const all = payloads.join('\n');
  create('visit', {
    id: visitId,
    siteId: siteIds[0]!,
    date: '2026-05-04',
    phase: 'isek',
    status: 'done',
    goals: all,
    route: [...payloads].reverse().join('\n'),
    notes: all,
    createdAt: now,
  });
  // Participants are rows of their own (docs/adr/0007-participants-as-rows.md).
  payloads.forEach((_, i) =>
    create('participant', {
      id: uuidv7(),
      visitId,
      name: at(i),
      organisation: at(i + 1),
      role: at(i + 2),
      order: i,
      createdAt: now,
    }),
  );
  let order = 0;
  for (const t of CHECKLIST_TEMPLATES)
    for (const item of t.items) {
      create('checklistItem', {
        id: checklistItemId(visitId, item.id),
        visitId,
        templateId: t.id,
        templateItemId: item.id,
        order: order,
        state: 'open',
        note: at(order),
      });
      order++;
    }
  payloads.forEach((_, i) =>
    create('observation', {
      id: uuidv7(),
      visitId,
      fieldId: ACTION_FIELD_IDS[i % ACTION_FIELD_IDS.length],
      kind: 'strength',
      perspective: 'outside',
      rating: null,
      text: at(i),
      place: at(i + 1),
      lat: null,
      lng: null,
      author: at(i + 2),
      createdAt: now,
    }),
  );
  payloads.forEach((_, i) =>
    create('followUp', {
      id: uuidv7(),
      visitId,
      siteId: siteIds[0]!,
      fieldId: null,
      kind: 'need',
      description: at(i),
      offerType: 'consultation',
      owner: at(i + 1),
      dueDate: null,
      status: 'open',
      createdAt: now,
    }),
  );

  const clientId = uuidv7();
  for (let from = 0; from < mutations.length; from += MAX_MUTATIONS_PER_PUSH) {
    const batch = mutations.slice(from, from + MAX_MUTATIONS_PER_PUSH);
    const res = await fetch(`${baseUrl}/api/v1/sync`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        protocol: PROTOCOL_VERSION,
        appVersion: 'attacker',
        schemaVersion: SCHEMA_VERSION,
        clientId,
        cursor: null,
        outboxHighWater: batch.at(-1)!.clientSeq,
        mutations: batch,
        pullLimit: 1,
      }),
    });
    const body = (await res.json()) as { results?: { status: string; error?: unknown }[] };
    const bad = (body.results ?? []).filter((r) => r.status !== 'applied');
    if (res.status !== 200 || bad.length)
      throw new Error(`push failed: ${res.status} ${JSON.stringify(bad.slice(0, 3))}`);
  }
  return { siteIds, visitId };
}
