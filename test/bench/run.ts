// `npm run bench`: runs every test/bench/*.bench.ts, prints one JSON line per figure
// ({"name","value","unit"}) and writes BENCHMARKS.md with goal, machine and date.
// A bench module default-exports `async function (report: (f: Figure) => void): Promise<void>`.
import { readdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export type Figure = { name: string; value: number; unit: string; goal?: string; note?: string };
export type Bench = (report: (f: Figure) => void) => Promise<void>;

const dir = resolve(import.meta.dirname);
const only = process.argv.slice(2);
const files = readdirSync(dir).filter((f) => f.endsWith('.bench.ts')).filter((f) => only.length === 0 || only.some((o) => f.includes(o))).sort();
const figures: (Figure & { bench: string })[] = [];
const failures: string[] = [];

for (const file of files) {
  const mod = (await import(pathToFileURL(join(dir, file)).href)) as { default: Bench };
  const started = Date.now();
  try {
    await mod.default((f) => {
      figures.push({ ...f, bench: file });
      console.log(JSON.stringify({ name: f.name, value: f.value, unit: f.unit }));
    });
  } catch (e) {
    failures.push(`${file}: ${(e as Error).stack ?? String(e)}`);
    console.error(`bench ${file} failed:`, e);
  }
  console.error(`# ${file} took ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const date = new Date().toISOString().slice(0, 10);
if (only.length === 0) {
  const rows = figures.map((f) => `| ${f.name} | ${f.value} | ${f.unit} | ${f.goal ?? ''} | ${f.note ?? ''} |`);
  writeFileSync(resolve(dir, '../../BENCHMARKS.md'), [
    '# Benchmarks', '', `Measured by \`npm run bench\` on ${date}: ${machine}.`, '',
    '| figure | value | unit | goal | note |', '| --- | --- | --- | --- | --- |', ...rows, '',
    ...(failures.length ? ['Benchmarks that failed in this run:', '', ...failures.map((f) => `- ${f.split('\n')[0]}`), ''] : []),
  ].join('\n'));
}
process.exitCode = failures.length ? 1 : 0;
