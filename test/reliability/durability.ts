// Crash durability of the real server process: devices push mutations and upload photos over
// HTTP; right after an acknowledgement (at a random count, sometimes a few ms later) the server
// gets SIGKILL while other requests are in flight. Then, with the process dead, the SQLite file
// is opened read-only: integrity_check is ok and every acknowledged mutation and photo is there.
// After the restart on the same DATA_DIR, replaying the acknowledged pushes answers 'duplicate'
// and changes nothing (global seq, record and blob counts equal), re-uploading acknowledged
// photos answers "already stored". Unacknowledged mutations stay in the device outboxes and are
// re-sent, as the real client does.
//   npx tsx test/reliability/durability.ts [iterations=100]   (npm run durability:long)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/server/cli';
import { dataPaths } from '../../src/server/config';
import { type RunningServer, startServer } from '../support/server-process';
import { seedAccounts } from '../support/accounts';
import { fakeJpeg, sha256 } from '../support/jpeg';
import { observationFields, photoFields, siteFields, visitFields } from '../support/server';
import { type HttpDevice, makeHttpDevice, uploadPhoto } from '../support/devices';
import { LostAcknowledgement, makeLedger, verifyOnDisk } from './support/ledger';
import { makeRng } from '../support/prng';

export type DurabilityFigures = {
  iterations: number;
  kills: number;
  ackedMutations: number;
  ackedPhotos: number;
  replayedDuplicates: number;
  lost: number;
  duplicatesApplied: number;
  integrityOk: number;
  inFlightAtKill: number;
};

const DEVICES = 3;

export async function runDurability(opts: {
  iterations: number;
  seed?: number;
  log?: (line: string) => void;
}): Promise<DurabilityFigures> {
  const rnd = makeRng(opts.seed ?? Date.now()).next;
  const dataDir = mkdtempSync(join(tmpdir(), 'sb-durability-'));
  const { dbFile, photosDir } = dataPaths({ DATA_DIR: dataDir });
  const figures: DurabilityFigures = {
    iterations: 0,
    kills: 0,
    ackedMutations: 0,
    ackedPhotos: 0,
    replayedDuplicates: 0,
    lost: 0,
    duplicatesApplied: 0,
    integrityOk: 0,
    inFlightAtKill: 0,
  };
  let server: RunningServer | null = null;
  let url = '';
  try {
    const accounts = await seedAccounts(
      dataDir,
      Array.from({ length: DEVICES }, () => ({ role: 'coordinator' as const })),
    );
    const devices = accounts.map((a) => ({
      device: makeHttpDevice(() => url, a.token),
      token: a.token,
    }));
    const ledger = makeLedger();
    const site = siteFields();
    const visit = visitFields(site.id);
    const first = devices[0]!.device;
    first.enqueue('site', site.id, 'create', site);
    first.enqueue('visit', visit.id, 'create', visit);
    const observations = new Map<HttpDevice, string[]>();
    let photoNo = 0;

    for (let it = 0; it < opts.iterations; it++) {
      server = await startServer({ dataDir });
      url = server.url;
      const proc = server.proc;
      // Replay everything acknowledged in the previous life: all duplicates, nothing changes.
      const before = verifyOnDisk(dbFile, photosDir, ledger);
      for (const { device } of devices) {
        const acked = [...ledger.mutations.values()]
          .filter((a) => a.clientId === device.clientId && a.mutation.clientSeq > 0)
          .map((a) => a.mutation)
          .sort((a, b) => a.clientSeq - b.clientSeq)
          .slice(-100);
        if (!acked.length) continue;
        const res = await device.post(acked, 1);
        for (const r of res.results) {
          if (r.status === 'duplicate') figures.replayedDuplicates++;
          else figures.duplicatesApplied++;
        }
      }
      for (const sha of [...ledger.photos].slice(-5)) {
        if (!(await uploadPhoto(url, devices[0]!.token, fakeJpegFor(sha), sha))) figures.lost++;
      }
      const after = verifyOnDisk(dbFile, photosDir, ledger);
      if (
        after.globalSeq !== before.globalSeq ||
        after.records !== before.records ||
        after.blobs !== before.blobs
      ) {
        figures.duplicatesApplied++;
        throw new LostAcknowledgement(
          `replay changed the database: ${JSON.stringify({ before, after })}`,
        );
      }

      // Work until the kill: every device syncs in a loop; device 0 also uploads photos.
      // Some lives end right after a photo acknowledgement, the others after a sync one.
      const killOn = rnd() < 0.4 ? 'photo' : 'sync';
      const killAfter = killOn === 'photo' ? 1 + Math.floor(rnd() * 3) : 1 + Math.floor(rnd() * 12);
      const lateMs = rnd() < 0.3 ? Math.floor(rnd() * 20) : 0;
      let acksThisLife = 0;
      let inFlight = 0;
      let killed = false;
      const kill = () => {
        if (killed) return;
        killed = true;
        figures.inFlightAtKill += inFlight;
        proc.kill('SIGKILL');
      };
      const onAck = (kind: 'photo' | 'sync') => {
        if (kind === killOn && ++acksThisLife >= killAfter) {
          if (lateMs) setTimeout(kill, lateMs);
          else kill();
        }
      };
      const syncLoop = async ({ device }: { device: HttpDevice }) => {
        while (!killed) {
          const mine = observations.get(device) ?? [];
          observations.set(device, mine);
          for (let k = 0; k < 1 + Math.floor(rnd() * 4); k++) {
            const target =
              mine.length && rnd() < 0.5 ? mine[Math.floor(rnd() * mine.length)] : undefined;
            const m = target
              ? device.enqueue('observation', target, 'patch', {
                  text: `t${it}-${photoNo}-${rnd()}`,
                })
              : (() => {
                  const o = { ...observationFields(visit.id), text: `c${it}-${rnd()}` };
                  mine.push(o.id);
                  return device.enqueue('observation', o.id, 'create', o);
                })();
            ledger.sent(m);
          }
          inFlight++;
          try {
            const { acks } = await device.sync(20, 50);
            for (const a of acks) ledger.acked(device.clientId, a.mutation, a.result);
            if (acks.length) onAck('sync');
          } catch {
            return;
          } finally {
            inFlight--;
          }
        }
      };
      const photoLoop = async () => {
        const { device, token } = devices[0]!;
        while (!killed) {
          const bytes = fakeJpegNo(++photoNo);
          const sha = sha256(bytes);
          inFlight++;
          try {
            if (await uploadPhoto(url, token, bytes, sha)) {
              ledger.photos.add(sha);
              onAck('photo');
            }
            const p = photoFields(visit.id, sha);
            ledger.sent(
              device.enqueue('photo', p.id, 'create', {
                ...p,
                thumbSha256: sha,
                bytes: bytes.length,
              }),
            );
          } catch (e) {
            if (!killed) console.error('photo', e);
            return;
          } finally {
            inFlight--;
          }
        }
      };
      await Promise.all([...devices.map(syncLoop), photoLoop()]);
      await server.kill('SIGKILL');
      figures.kills++;
      verifyOnDisk(dbFile, photosDir, ledger);
      figures.integrityOk++;
      figures.iterations++;
      opts.log?.(
        `#${it + 1}: killed after ${acksThisLife} ${killOn} ack(s)${lateMs ? ` +${lateMs} ms` : ''}, ledger ${ledger.mutations.size} mutations / ${ledger.photos.size} photos`,
      );
    }
    // Last life: drain every outbox, then the server's own invariant check on the stopped database.
    server = await startServer({ dataDir });
    url = server.url;
    for (const { device } of devices) {
      while (device.outbox.length)
        for (const a of (await device.sync(100, 1)).acks)
          ledger.acked(device.clientId, a.mutation, a.result);
    }
    await server.kill('SIGTERM');
    verifyOnDisk(dbFile, photosDir, ledger);
    await runCli(['check'], dbFile, () => {});
    figures.ackedMutations = ledger.mutations.size;
    figures.ackedPhotos = ledger.photos.size;
    return figures;
  } catch (e) {
    if (e instanceof LostAcknowledgement) figures.lost++;
    throw Object.assign(e as Error, { figures });
  } finally {
    await server?.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Distinct valid JPEGs: the number is encoded in width/height, so the bytes (and hash) differ. */
const shaToNo = new Map<string, number>();
function fakeJpegNo(n: number) {
  const bytes = fakeJpeg(16 + (n % 4000), 16 + Math.floor(n / 4000), 2000);
  shaToNo.set(sha256(bytes), n);
  return bytes;
}
const fakeJpegFor = (sha: string) => fakeJpegNo(shaToNo.get(sha)!);

if (import.meta.url === `file://${process.argv[1]}`) {
  const iterations = Number(process.argv[2] ?? 100);
  const started = Date.now();
  runDurability({ iterations, log: console.log }).then(
    (f) => {
      console.log(
        JSON.stringify({ ...f, seconds: Math.round((Date.now() - started) / 1000) }, null, 2),
      );
    },
    (e: Error & { figures?: unknown }) => {
      console.error(e, e.figures);
      process.exitCode = 1;
    },
  );
}
