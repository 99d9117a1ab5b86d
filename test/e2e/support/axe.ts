// axe-core in real Chromium: its source is evaluated in the page (or in a frame), then run on the
// whole document with the WCAG 2.0, 2.1 and 2.2 A/AA rules only — nothing excluded, no rule
// switched off. A violation comes back with where it is and a snippet, to read in a failure.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AxeResults, RunOptions } from 'axe-core';
import type { Frame, Page } from 'playwright-core';

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] as const;

const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

export type AxeViolation = {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string; html: string; summary: string }[];
};

/** Runs axe on the document of `where`; every violation of the WCAG A/AA tags, with its nodes. */
export async function axeViolations(where: Page | Frame): Promise<AxeViolation[]> {
  const loaded = await where.evaluate(() => typeof (globalThis as { axe?: unknown }).axe);
  if (loaded === 'undefined') await where.evaluate(axeSource);
  return where.evaluate(
    async (tags) => {
      const axe = (globalThis as unknown as { axe: AxeApi }).axe;
      const result = await axe.run(document, {
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations'],
      });
      return result.violations.map((v) => ({
        id: v.id,
        impact: v.impact ?? null,
        help: v.help,
        nodes: v.nodes.map((n) => ({
          target: n.target.map(String).join(' '),
          html: n.html.slice(0, 200),
          summary: (n.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 300),
        })),
      }));
    },
    [...AXE_TAGS],
  );
}

/** The page's violations as lines: "rule (impact) target — html — why", one per node. */
export function describeViolations(where: string, violations: AxeViolation[]): string[] {
  return violations.flatMap((v) =>
    v.nodes.map((n) => `${where}: ${v.id} (${v.impact}) ${n.target} — ${n.html} — ${n.summary}`),
  );
}

/** axe as the page sees it once its source ran (the module's own types, not its import). */
type AxeApi = { run(context: Document, options: RunOptions): Promise<AxeResults> };
