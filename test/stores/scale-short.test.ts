// The short scale run in `npm test`: two real server processes on one PostgreSQL database and one
// radosgw bucket, behind a proxy that drops connections, loses answers, delays, answers 502 and
// resets uploads halfway; 50 devices write, pull and upload photos for 25 s, one server is killed
// with SIGKILL at 10 s and replaced at about 16 s. Afterwards every invariant of test/scale/checks.ts
// must hold. The run must also have met the faults it is about (lost answers replayed as
// duplicates, uploads reset, requests refused by the killed process), or passing proves nothing.
// Then the stored state is tampered with behind the system's back, and the checks must name
// each tampering. `npm run scale` is the long version.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PG_URL_ENV, postgresAvailable } from '../support/postgres';
import { radosgwAvailable, s3FromEnv } from '../support/radosgw';
import { type ScaleRun, startScale } from '../scale/driver';

const available =
  (Boolean(process.env[PG_URL_ENV]) || postgresAvailable()) &&
  (s3FromEnv() !== null || radosgwAvailable());
if (!available) console.warn('scale-short: PostgreSQL or radosgw missing; skipped');

const SEED = 1717;

describe.skipIf(!available)(
  'scale: 2 servers on PostgreSQL + S3, 50 faulty devices, SIGKILL',
  () => {
    let run: ScaleRun;
    beforeAll(async () => {
      run = await startScale({
        backend: 'postgres-s3',
        devices: 50,
        seconds: 25,
        seed: SEED,
        log: (line) => console.log(`[scale] ${line}`),
      });
      console.log(`[scale] ${JSON.stringify(run.figures)}`);
    }, 170_000);
    afterAll(async () => {
      await run?.close();
    }, 60_000);

    it('keeps every invariant through faults and a killed server', () => {
      expect(run.problems).toEqual([]);
    });

    it('met the faults it is about', () => {
      const f = run.figures;
      expect(f.outageSeconds).not.toBeNull();
      // Requests the killed process had or refused.
      expect(
        f.faultsInjected['refusedConnects']! + f.faultsInjected['upstreamFailed']!,
      ).toBeGreaterThan(0);
      // Answers lost after the server applied a push: the same mutations came back as duplicates.
      expect(f.faultsInjected['dropAfterAnswer']).toBeGreaterThan(0);
      expect(f.duplicatesAnswered).toBeGreaterThan(0);
      expect(f.faultsInjected['resetUploadMidBody']).toBeGreaterThan(0);
      expect(f.photos).toBeGreaterThanOrEqual(5);
      expect(f.mutations).toBeGreaterThan(500);
    });

    it('names each tampering behind the system’s back', async () => {
      const { backend, devices } = run;
      const { sql } = backend;
      // (d) one photo's object deleted from the bucket
      const photo = devices.flatMap((d) => d.photos)[0]!;
      await backend.deletePhotoObject(photo.image.sha256);
      // (a) one applied mutation row deleted (a hole in a device's clientSeqs)
      const holed = devices.find((d) => d.seq >= 5)!;
      await sql.run('DELETE FROM applied_mutations WHERE client_id = ? AND client_seq = ?', [
        holed.clientId,
        3,
      ]);
      // (b) one observation's text changed
      const [changedKey, changed] = [...devices[3]!.expected].find(
        ([, e]) => e.entity === 'observation',
      )!;
      await sql.run(`UPDATE records SET data = ? WHERE entity = 'observation' AND id = ?`, [
        JSON.stringify({ text: 'overwritten behind the back' }),
        changed.id,
      ]);
      // (c) one record moved to a seq below every device's cursor that none of them pulled: as if
      // its commit had landed behind the cursors
      const [, moved] = [...devices[4]!.expected].find(
        ([key, e]) => e.entity === 'observation' && key !== changedKey,
      )!;
      const taken = new Set(
        (await sql.all<{ seq: number | string }>('SELECT seq FROM records')).map((r) =>
          Number(r.seq),
        ),
      );
      const current = Number(
        (
          await sql.all<{ seq: number | string }>(
            `SELECT seq FROM records WHERE entity = 'observation' AND id = ?`,
            [moved.id],
          )
        )[0]!.seq,
      );
      let free = current - 1;
      while (taken.has(free)) free--;
      await sql.run(
        `UPDATE records SET seq = ?, version = ? WHERE entity = 'observation' AND id = ?`,
        [free, free, moved.id],
      );

      const problems = await run.recheck();
      const text = (check: string) =>
        problems
          .filter((p) => p.check === check)
          .map((p) => p.message)
          .join('\n');
      expect(text('d')).toContain(`no stored object for ${photo.image.sha256}`);
      expect(text('d')).toMatch(new RegExp(`GET ${photo.image.sha256} as its sender: 404`));
      expect(text('a')).toContain(`device ${holed.index}: clientSeq 3 missing`);
      expect(text('e')).toContain(`seqHoles`);
      expect(text('e')).toContain(holed.clientId);
      expect(text('b')).toContain(
        `device 3: observation:${changed.id} text is "overwritten behind the back"`,
      );
      expect(text('c')).toContain(`observation:${changed.id} with another row than stored`);
      expect(text('c')).toContain(`observation:${moved.id} at version`);
      expect(text('c')).toContain(`stored ${free}`);
    });
  },
);
