// `npm run bench`: runs every test/bench/*.bench.ts, prints one JSON line per figure
// ({"name","value","unit"}) and writes BENCHMARKS.md: figure, value, goal, met?, machine, date.
// A bench module default-exports `async function (report: (f: Figure) => void): Promise<void>`.
// `npx tsx test/bench/run.ts <topic>…` runs only the matching files and leaves BENCHMARKS.md alone.
import { readdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { goalMet } from './support/goal';

export type Figure = {
  name: string;
  value: number;
  unit: string;
  /** The target, starting with a comparison: '≤ 60', '< 50', '≥ 95', '0' (means ≤ 0). */
  goal: string;
  note?: string;
  /** Where it was measured beyond the host, e.g. 'Chromium 156, CPU 4× (CDP)'; default 'node'. */
  env?: string;
};
export type Bench = (report: (f: Figure) => void) => Promise<void>;

const dir = resolve(import.meta.dirname);
const only = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
const figures: (Figure & { bench: string })[] = [];
const failures: string[] = [];
const runStarted = Date.now();

for (const file of files) {
  const mod = (await import(pathToFileURL(join(dir, file)).href)) as { default: Bench };
  const started = Date.now();
  try {
    await mod.default((f) => {
      figures.push({ ...f, bench: file });
      console.log(JSON.stringify({ name: f.name, value: f.value, unit: f.unit }));
      if (f.note) console.error(`#   ${f.name} (goal ${f.goal}): ${f.note}`);
    });
  } catch (e) {
    failures.push(`${file}: ${(e as Error).stack ?? String(e)}`);
    console.error(`bench ${file} failed:`, e);
  }
  console.error(`# ${file} took ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

const host = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const date = new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
const cell = (s: string) => s.replaceAll('|', '\\|');
if (only.length === 0) {
  const rows = figures.map((f) => {
    const met = goalMet(f.goal, f.value);
    return `| ${f.name} | ${f.value} | ${f.unit} | ${cell(f.goal ?? '')} | ${met === null ? '?' : met ? 'yes' : '**no**'} | ${cell(f.env ?? 'node')} | ${date.slice(0, 10)} | ${cell(f.note ?? '')} |`;
  });
  const missed = figures.filter((f) => goalMet(f.goal, f.value) === false).map((f) => f.name);
  writeFileSync(
    resolve(dir, '../../BENCHMARKS.md'),
    [
      '# Benchmarks',
      '',
      `Measured by \`npm run bench\` on ${date} (whole run ${((Date.now() - runStarted) / 60_000).toFixed(1)} min).`,
      '',
      `Machine: ${host}. The "machine" column says where a figure was measured beyond that: "node" = in`,
      "Node on this host; Chromium figures name the browser (Debian's /usr/bin/chromium, headless) and the CPU",
      'throttling used ("CPU 1×" = none: this desktop CPU is several times faster than a mid-range phone).',
      '',
      '| figure | value | unit | goal | met? | machine | date | note |',
      '| --- | --- | --- | --- | --- | --- | --- | --- |',
      ...rows,
      '',
      missed.length ? `Goals not met: ${missed.join(', ')}.` : 'Every goal was met.',
      '',
      ...(failures.length
        ? [
            'Benchmarks that failed in this run:',
            '',
            ...failures.map((f) => `- ${f.split('\n')[0]}`),
            '',
          ]
        : []),
    ].join('\n'),
  );
}
process.exitCode = failures.length ? 1 : 0;
