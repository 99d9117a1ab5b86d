// The adversarial target itself: a real server process with one account per role and two sites.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTarget, type Target } from './support/target';

let t: Target;
beforeAll(async () => {
  t = await startTarget();
}, 60_000);
afterAll(() => t?.stop());

it('serves each role its own scope: qmA pulls site A and not site B', async () => {
  const d = t.device('qmA');
  const { response } = await d.sync();
  const ids = response.changes.map((c) => c.entityId);
  expect(ids).toContain(t.sites.a.siteId);
  expect(ids).toContain(t.sites.a.visitId);
  expect(ids).not.toContain(t.sites.b.siteId);
  expect(ids).not.toContain(t.sites.b.visitId);
});
