// The target of the adversarial suite: the real server process (src/server/main.ts) on a real
// SQLite file in its own data folder, with one account per role and two sites, A and B, each
// with a visit. Every adversarial test file starts one target in beforeAll and stops it in
// afterAll; attacks go over HTTP exactly as a hostile or unlucky client would send them.
import type { Change } from '../../../src/shared/protocol';
import { makeHttpDevice, uploadPhoto } from '../../support/devices';
import { seedAccounts, type SeededAccount } from '../../support/accounts';
import { startServer, type RunningServer } from '../../support/server-process';
import { siteFields, visitFields } from '../../support/rows';
import { fakeJpeg, sha256 } from '../../support/jpeg';

export type Who = 'coordinator' | 'member' | 'qmA' | 'qmB';
export const EVERYONE: readonly Who[] = ['coordinator', 'member', 'qmA', 'qmB'];

export type Target = {
  server: RunningServer;
  url: string;
  who: Record<Who, SeededAccount>;
  /** Site A (qmA's) and site B (qmB's), each with one visit, created by the coordinator. */
  sites: { a: { siteId: string; visitId: string }; b: { siteId: string; visitId: string } };
  /** fetch against the target; `token` sets the bearer, `json` the body. */
  req(path: string, init?: RequestInit & { token?: string; json?: unknown }): Promise<Response>;
  /** A raw HTTP sync device (test/support/devices.ts) for `who`, with a fresh clientId. */
  device(who: Who): ReturnType<typeof makeHttpDevice>;
  /** Every change `who` pulls from scratch (a fresh device), all pages. */
  pullAll(who: Who): Promise<Change[]>;
  /** Uploads new JPEG bytes as `who` (tus POST + PATCH); returns their SHA-256. */
  upload(who: Who, width?: number): Promise<{ sha: string; bytes: Buffer }>;
  stop(): Promise<void>;
};

let jpegWidth = 3000;

export async function startTarget(env: Record<string, string> = {}): Promise<Target> {
  const server = await startServer({ env });
  const url = server.url;
  const siteA = siteFields(),
    siteB = siteFields();
  const [coordinator, member, qmA, qmB] = await seedAccounts(server.dataDir, [
    { role: 'coordinator' },
    { role: 'member' },
    { role: 'quartiersmanagement', siteId: siteA.id },
    { role: 'quartiersmanagement', siteId: siteB.id },
  ]);
  const who = { coordinator: coordinator!, member: member!, qmA: qmA!, qmB: qmB! };
  const device = (w: Who) => makeHttpDevice(() => url, who[w].token);
  const visitA = visitFields(siteA.id),
    visitB = visitFields(siteB.id);
  const setup = device('coordinator');
  setup.enqueue('site', siteA.id, 'create', siteA);
  setup.enqueue('site', siteB.id, 'create', siteB);
  setup.enqueue('visit', visitA.id, 'create', visitA);
  setup.enqueue('visit', visitB.id, 'create', visitB);
  const { acks } = await setup.sync();
  const refused = acks.filter((a) => a.result.status !== 'applied');
  if (refused.length) throw new Error(`target setup refused: ${JSON.stringify(refused)}`);

  return {
    server,
    url,
    who,
    sites: {
      a: { siteId: siteA.id, visitId: visitA.id },
      b: { siteId: siteB.id, visitId: visitB.id },
    },
    req(path, init = {}) {
      const headers = new Headers(init.headers);
      if (init.token) headers.set('Authorization', `Bearer ${init.token}`);
      let body = init.body;
      if (init.json !== undefined) {
        headers.set('Content-Type', 'application/json');
        body = JSON.stringify(init.json);
      }
      return fetch(`${url}${path}`, { ...init, headers, body });
    },
    device,
    async pullAll(w) {
      const d = device(w);
      const out: Change[] = [];
      for (let page = 0; page < 1000; page++) {
        const { response } = await d.sync(0, 500);
        out.push(...response.changes);
        if (!response.hasMore) return out;
      }
      throw new Error(`the pull of ${w} did not end`);
    },
    async upload(w, width = ++jpegWidth) {
      const bytes = fakeJpeg(width, 100);
      const sha = sha256(bytes);
      if (!(await uploadPhoto(url, who[w].token, bytes, sha)))
        throw new Error(`upload by ${w} was not acknowledged`);
      return { sha, bytes };
    },
    stop: () => server.stop(),
  };
}
