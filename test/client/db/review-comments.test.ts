// Review comments on the device (docs/architecture.md §Review comments): the mutators write a
// comment with its outbox entry and refuse one that points outside its visit before it is
// queued; the queries group threads by target and count the open ones; two devices on the real
// server see each other's comments, replies and "Erledigt" after a sync.
import { afterEach, describe, expect, it } from 'vitest';
import {
  addComment,
  deleteComment,
  editCommentText,
  restoreComment,
  setCommentResolved,
} from '../../../src/client/db/comment-mutators';
import {
  commentsOfVisit,
  groupComments,
  targetKey,
  visitComments,
} from '../../../src/client/db/comment-queries';
import { ValidationError } from '../../../src/client/db/errors';
import { addObservation, createSite, createVisit } from '../../../src/client/db/mutators';
import type { AppDb } from '../../../src/client/db/schema';
import { closeOpened, harnessDevice, harnessServer } from '../../support/client-engine';
import { IDBFactory, makeTestDb } from '../../support/fake-db';

let db: AppDb;
afterEach(async () => {
  db?.close();
  await closeOpened();
});

async function seed(target = makeTestDb(new IDBFactory())) {
  db = target;
  const site = await createSite(db, { municipality: 'Kassel', quarter: 'Nordstadt' });
  const visit = await createVisit(db, { siteId: site.id, date: '2026-05-04' });
  const obs = await addObservation(db, { visitId: visit.id, fieldId: 'housing', text: 'Hof' });
  return { site, visit, obs };
}

describe('comment mutators', () => {
  it('a comment is written with its outbox entry; a reply takes over its target', async () => {
    const { visit, obs } = await seed();
    const c = await addComment(db, {
      visitId: visit.id,
      target: { entity: 'observation', id: obs.id },
      text: 'Bitte ein Foto ergänzen.',
      author: 'K. Prüfer',
    });
    const reply = await addComment(db, {
      visitId: visit.id,
      target: { entity: 'visit', id: visit.id }, // ignored: a reply is about its comment's target
      text: 'Foto folgt.',
      author: 'M. Feld',
      replyTo: c.id,
    });
    expect(reply.target).toEqual({ entity: 'observation', id: obs.id });
    const last = await db.outbox.orderBy('clientSeq').last();
    expect(last).toMatchObject({
      entity: 'reviewComment',
      op: 'create',
      entityId: reply.id,
      visitId: visit.id,
      fields: { replyTo: c.id, resolved: false, text: 'Foto folgt.' },
    });
  });

  it('refuses a target or reply outside the visit, empty or too long text; nothing is queued', async () => {
    const { site, visit } = await seed();
    const other = await createVisit(db, { siteId: site.id, date: '2026-06-01' });
    const otherObs = await addObservation(db, { visitId: other.id, fieldId: null, text: 'x' });
    const otherComment = await addComment(db, {
      visitId: other.id,
      target: { entity: 'visit', id: other.id },
      text: 'Woanders',
      author: '',
    });
    const before = await db.outbox.count();
    const attempt = (over: Partial<Parameters<typeof addComment>[1]>) =>
      addComment(db, {
        visitId: visit.id,
        target: { entity: 'visit', id: visit.id },
        text: 'Text',
        author: '',
        ...over,
      }).catch((e: unknown) => e);
    const path = async (over: Partial<Parameters<typeof addComment>[1]>) => {
      const e = await attempt(over);
      expect(e).toBeInstanceOf(ValidationError);
      return (e as ValidationError).issues[0]?.path;
    };
    expect(await path({ target: { entity: 'observation', id: otherObs.id } })).toBe('target');
    expect(await path({ target: { entity: 'visit', id: other.id } })).toBe('target');
    expect(await path({ target: { entity: 'followUp', id: 'nirgends' } })).toBe('target');
    expect(await path({ replyTo: otherComment.id })).toBe('replyTo');
    expect(await path({ text: '   ' })).toBe('text');
    expect(await path({ text: 'x'.repeat(5001) })).toBe('text');
    expect(await db.outbox.count()).toBe(before);
  });

  it('edit, resolve, delete and restore are patches of only what changed', async () => {
    const { visit } = await seed();
    const c = await addComment(db, {
      visitId: visit.id,
      target: { entity: 'visit', id: visit.id },
      text: 'Ziele fehlen.',
      author: '',
    });
    await editCommentText(db, c.id, 'Die Ziele fehlen noch.');
    await setCommentResolved(db, c.id, true);
    const before = await db.outbox.count();
    await setCommentResolved(db, c.id, true); // no change: nothing queued
    expect(await db.outbox.count()).toBe(before);
    await deleteComment(db, c.id);
    expect(await commentsOfVisit(db, visit.id)).toEqual([]);
    await restoreComment(db, c.id);
    const entries = (await db.outbox.orderBy('clientSeq').toArray()).filter(
      (e) => e.entityId === c.id,
    );
    expect(entries.map((e) => [e.op, e.fields])).toEqual([
      ['create', expect.objectContaining({ text: 'Ziele fehlen.' })],
      ['patch', { text: 'Die Ziele fehlen noch.' }],
      ['patch', { resolved: true }],
      ['delete', {}],
      ['restore', {}],
    ]);
    expect(await commentsOfVisit(db, visit.id)).toMatchObject([
      { text: 'Die Ziele fehlen noch.', resolved: true },
    ]);
  });
});

describe('comment queries', () => {
  it('threads by target, replies under their comment, open threads counted', async () => {
    const { visit, obs } = await seed();
    const at = (entity: 'visit' | 'observation', id: string, text: string, replyTo?: string) =>
      addComment(db, { visitId: visit.id, target: { entity, id }, text, author: '', replyTo });
    const a = await at('visit', visit.id, 'Route fehlt');
    const b = await at('observation', obs.id, 'Bewertung begründen');
    const b1 = await at('observation', obs.id, 'Begründet.', b.id);
    await at('observation', obs.id, 'Danke.', b1.id); // a reply to a reply joins the same thread
    const c = await at('observation', obs.id, 'Ort genauer');
    await setCommentResolved(db, c.id, true);
    const g = await visitComments(db, visit.id);
    expect(g.open).toBe(2);
    expect(g.openTargets).toEqual([
      { entity: 'visit', id: visit.id },
      { entity: 'observation', id: obs.id },
    ]);
    const onObs = g.byTarget.get(targetKey({ entity: 'observation', id: obs.id }))!;
    expect(onObs.map((t) => [t.root.text, t.replies.map((r) => r.text)])).toEqual([
      ['Bewertung begründen', ['Begründet.', 'Danke.']],
      ['Ort genauer', []],
    ]);
    expect(g.byTarget.get(targetKey({ entity: 'visit', id: visit.id }))![0]!.root.id).toBe(a.id);

    // The question deleted: its answers stay visible as a thread of their own.
    await deleteComment(db, b.id);
    const after = groupComments(await commentsOfVisit(db, visit.id));
    expect(
      after.byTarget.get(targetKey({ entity: 'observation', id: obs.id }))!.map((t) => t.root.text),
    ).toEqual(['Begründet.', 'Ort genauer']);
  });
});

describe('comments across two devices on the real server', () => {
  it("the member pulls the coordinator's comment on an observation, answers; the coordinator resolves it", async () => {
    const h = await harnessServer();
    const coord = await h.user('coordinator');
    const member = await h.user('member');
    const a = harnessDevice(h, coord.token);
    const b = harnessDevice(h, member.token);
    const { visit, obs } = await seed(a.db);
    const sync = async (d: typeof a) => {
      const out = await d.engine.syncNow();
      expect(out.error ?? null).toBeNull();
      expect(await d.db.outbox.count()).toBe(0);
    };
    await sync(a);
    await sync(b);
    const q = await addComment(a.db, {
      visitId: visit.id,
      target: { entity: 'observation', id: obs.id },
      text: 'Woran liegt das?',
      author: 'Koordination',
    });
    await sync(a);
    await sync(b);
    const onB = await visitComments(b.db, visit.id);
    expect(onB.open).toBe(1);
    const [thread] = onB.byTarget.get(targetKey({ entity: 'observation', id: obs.id }))!;
    expect(thread!.root).toMatchObject({ id: q.id, text: 'Woran liegt das?' });
    expect(thread!.root._by?.createdBy).toBe(coord.id);
    await addComment(b.db, {
      visitId: visit.id,
      target: q.target,
      text: 'Am Hausmeister.',
      author: 'Mitglied',
      replyTo: q.id,
    });
    await sync(b);
    await sync(a);
    await setCommentResolved(a.db, q.id, true);
    await sync(a);
    await sync(b);
    const done = await visitComments(b.db, visit.id);
    expect(done.open).toBe(0);
    expect(
      done.byTarget.get(targetKey(q.target))![0]!.replies.map((r) => [r.text, r._by?.createdBy]),
    ).toEqual([['Am Hausmeister.', member.id]]);
  }, 30_000);
});
