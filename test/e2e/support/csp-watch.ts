// Watches a page for Content-Security-Policy violations (the `securitypolicyviolation` event,
// registered before any app script runs), console errors, uncaught errors, dialogs and the
// `window.__xss` flag that the XSS payloads set when they run.
import type { BrowserContext, Frame, Page } from 'playwright-core';

export type Watch = {
  violations: string[];
  consoleErrors: string[];
  pageErrors: string[];
  dialogs: string[];
};

export async function watchContext(ctx: BrowserContext): Promise<Watch> {
  const w: Watch = { violations: [], consoleErrors: [], pageErrors: [], dialogs: [] };
  await ctx.exposeBinding('__cspReport', (_src, v: string) => {
    w.violations.push(v);
  });
  await ctx.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __cspReport(v: string): void }).__cspReport(
        `${e.violatedDirective} ${e.blockedURI} at ${location.pathname} ${e.sourceFile}:${e.lineNumber} ${e.sample}`,
      );
    });
  });
  const attach = (page: Page) => {
    page.on('console', (m) => {
      if (m.type() === 'error')
        w.consoleErrors.push(`${new URL(page.url()).pathname}: ${m.text()}`);
    });
    page.on('pageerror', (e) => w.pageErrors.push(String(e)));
    page.on('dialog', (d) => {
      w.dialogs.push(`${d.type()}: ${d.message()}`);
      void d.dismiss().catch(() => {});
    });
  };
  ctx.on('page', attach);
  for (const p of ctx.pages()) attach(p);
  return w;
}

/** Frames (the page and e.g. the print view's iframe) in which an XSS payload ran. */
export async function xssRan(page: Page): Promise<string[]> {
  const ran: string[] = [];
  for (const f of page.frames()) {
    const flag = await (f as Frame)
      .evaluate(() => (window as unknown as { __xss?: unknown }).__xss)
      .catch(() => undefined);
    if (flag !== undefined) ran.push(`${f.url()}: ${String(flag)}`);
  }
  return ran;
}

/** Elements that only exist when user text became markup: inline handlers, inline scripts, javascript: links. */
export async function injectedMarkup(page: Page): Promise<string[]> {
  const found: string[] = [];
  for (const f of page.frames()) {
    found.push(
      ...(await f
        .evaluate(() => {
          const out: string[] = [];
          for (const el of Array.from(document.querySelectorAll('*'))) {
            for (const a of Array.from(el.attributes)) {
              if (/^on/i.test(a.name)) out.push(`<${el.localName} ${a.name}>`);
              if (
                /^\s*javascript:/i.test(a.value) &&
                /href|src|action|formaction|xlink/i.test(a.name)
              )
                out.push(`<${el.localName} ${a.name}="${a.value}">`);
            }
            if (el.localName === 'script' && !el.getAttribute('src')) out.push('<script> inline');
            if (
              ['iframe', 'object', 'embed'].includes(el.localName) &&
              !el.getAttribute('title')?.includes('Druckansicht')
            )
              out.push(`<${el.localName}>`);
          }
          return out;
        })
        .catch(() => [])),
    );
  }
  return found;
}
