// Visit report as a standalone HTML document that prints well (A4, page breaks kept out of
// observations and photos). Every piece of data goes through `esc`; the document carries a
// CSP that forbids scripts, so even a missed escape could not run (defence in depth).
// Accessible as WCAG 2.2 AA asks (docs/architecture.md, reports): <html lang> of the report's
// language, a <title>, everything in <main> but the footer, one h1 and then h2 per section and
// theme, h3 per checklist and action field, h4 per view; lists as lists; every image described
// (model.ts photoAltText); no inline style, so the app's CSP keeps the print view whole.
import {
  type ObservationView,
  type PhotoView,
  type ReportModel,
  coverFacts,
  photoAltText,
  ratingsByKindText,
} from './model';
import type { RenderOptions } from './records';
import { LOCALE } from '../i18n/format';
import { breathe } from './text';
import CSS from './report-document.css?raw';

const ESC: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESC[c]!);
}
const multiline = (s: string) => esc(s).replace(/\n/g, '<br>');
const mark = (state: string) => (state === 'done' ? '☑' : state === 'na' ? '–' : '☐');

export function base64(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

export type HtmlOptions = RenderOptions & {
  /** URL for a photo's bytes; default a data: URL, so the file stands alone. */
  photoSrc?: (photo: PhotoView & { jpeg: Uint8Array }) => string;
  /** A same-origin stylesheet instead of the inline <style> (the app's CSP forbids inline styles). */
  styleHref?: string;
};

export async function renderHtml(model: ReportModel, opts: HtmlOptions = {}): Promise<Uint8Array> {
  const { signal, onProgress } = opts;
  const L = model.labels;
  const src = opts.photoSrc ?? ((p) => `data:image/jpeg;base64,${base64(p.jpeg)}`);
  const out: string[] = [];
  const w = (s: string) => out.push(s);
  const photos = (list: PhotoView[]) => {
    if (!list.length) return;
    w('<div class="photos">');
    for (const p of list) {
      const caption = esc(p.caption ? `${p.label}: ${p.caption}` : p.label);
      const by = p.byLine ? `<br><span class="by">${esc(p.byLine)}</span>` : '';
      const alt = esc(photoAltText(p, L));
      if (p.jpeg)
        w(
          `<figure><img src="${esc(src({ ...p, jpeg: p.jpeg }))}" alt="${alt}" width="${p.width}" height="${p.height}"><figcaption>${caption}${by}</figcaption></figure>`,
        );
      else
        w(
          `<figure><div class="missing">${esc(p.problem ?? L.photoMissing)}</div><figcaption>${caption}${by}</figcaption></figure>`,
        );
    }
    w('</div>');
  };
  const observations = (list: ObservationView[]) => {
    if (!list.length) {
      w(`<p class="muted">${esc(L.none)}</p>`);
      return;
    }
    w('<ul class="obs-list">');
    for (const o of list) {
      w(
        `<li class="obs"><p><strong>${o.number}. ${esc(o.kindLabel)} · ${esc(L.rating)}: ${esc(o.ratingText)}</strong></p>`,
      );
      w(`<p>${multiline(o.text || L.none)}</p>`);
      if (o.place) w(`<p class="muted">${esc(L.place)}: ${esc(o.place)}</p>`);
      if (o.byLine) w(`<p class="muted by">${esc(o.byLine)}</p>`);
      w('</li>');
    }
    w('</ul>');
  };
  const c = model.cover;
  w(`<!doctype html><html lang="${LOCALE[model.lang]}"><head><meta charset="utf-8">`);
  w(
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data: blob:; style-src 'self' 'unsafe-inline'">`,
  );
  const style = opts.styleHref
    ? `<link rel="stylesheet" href="${esc(opts.styleHref)}">`
    : `<style>${CSS}</style>`;
  w(
    `<meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(model.title)}</title>${style}</head><body>`,
  );
  w(
    `<main><h1>${esc(L.reportTitle)}</h1><p class="site"><strong>${esc(c.siteName)}</strong></p><p class="muted">${esc(model.generatedAt)}</p>`,
  );
  w('<dl class="cover">');
  for (const [k, v] of coverFacts(model)) w(`<dt>${esc(k)}</dt><dd>${esc(v || L.none)}</dd>`);
  w('</dl>');
  if (c.byLine) w(`<p class="muted by">${esc(c.byLine)}</p>`);
  for (const n of model.notes) w(`<p class="note" role="note">${esc(n)}</p>`);
  w(`<h2>${esc(L.participants)}</h2>`);
  if (!c.participants.length) w(`<p class="muted">${esc(L.noParticipants)}</p>`);
  else
    w(
      `<ul>${c.participants.map((p) => `<li><strong>${esc(p.name)}</strong>${[p.organisation, p.role].filter(Boolean).length ? ` (${esc([p.organisation, p.role].filter(Boolean).join(', '))})` : ''}</li>`).join('')}</ul>`,
    );
  for (const [label, text] of [
    [L.goals, c.goals],
    [L.route, c.route],
    [L.notes, c.notes],
  ] as const) {
    if (text.trim()) w(`<h2>${esc(label)}</h2><p class="pre">${esc(text)}</p>`);
  }
  if (model.checklist.length) {
    w(`<section><h2>${esc(L.checklist)}</h2>`);
    for (const g of model.checklist) {
      w(`<h3>${esc(g.title)}</h3><p class="muted">${esc(g.progress)}</p>`);
      // A template's sections are sub-headings of its checklist (h4).
      for (const part of g.sections) {
        if (part.title) w(`<h4>${esc(part.title)}</h4>`);
        w('<ul class="checklist">');
        for (const i of part.items)
          w(
            `<li><span aria-hidden="true">${mark(i.state)}</span> ${esc(i.label)} (${esc(i.stateLabel)})${i.note ? ` – ${esc(i.note)}` : ''}${i.hint ? `<br><span class="muted hint">${esc(i.hint)}</span>` : ''}${i.byLine ? `<br><span class="muted by">${esc(i.byLine)}</span>` : ''}</li>`,
          );
        w('</ul>');
      }
    }
    w('</section>');
  }
  // The themes are the sections of the observations (h2), their action fields h3, the views h4.
  for (const [ti, theme] of model.themes.entries()) {
    await breathe(signal);
    onProgress?.(ti, model.themes.length + 1);
    w(`<section><h2>${esc(theme.label)}</h2>`);
    for (const f of theme.fields) {
      w(`<section><h3>${esc(f.label)}</h3>`);
      if (!f.covered) {
        w(`<p class="muted">${esc(L.noObservationsInField)}</p></section>`);
        continue;
      }
      w(
        `<p class="muted">${esc(L.averageRating)}: ${esc(ratingsByKindText(f, model.lang, L.noRating))} · ${f.count} ${esc(L.obsShort)}</p>`,
      );
      w(`<div class="views"><section><h4>${esc(model.perspectiveLabels.outside)}</h4>`);
      observations(f.outside);
      w(`</section><section><h4>${esc(model.perspectiveLabels.local)}</h4>`);
      observations(f.local);
      w('</section></div>');
      photos(f.photos);
      w('</section>');
    }
    w('</section>');
  }
  if (model.general.length) {
    w(`<section><h2>${esc(L.generalObservations)}</h2>`);
    for (const o of model.general) {
      observations([o]);
      photos(o.photos);
    }
    w('</section>');
  }
  if (model.visitPhotos.length) {
    w(`<section><h2>${esc(L.visitPhotos)}</h2>`);
    photos(model.visitPhotos);
    w('</section>');
  }
  // The ratings: legend once, then per field both views side by side, a divergence in words.
  const R = model.ratings;
  if (R.fields.length) {
    w(`<section class="ratings"><h2>${esc(R.title)}</h2><h3>${esc(R.legendTitle)}</h3><dl>`);
    for (const s of R.legend) w(`<dt>${esc(s.step)}</dt><dd>${esc(s.meaning)}</dd>`);
    w('</dl>');
    for (const f of R.fields) {
      w(`<section><h3>${esc(f.label)}</h3>`);
      if (f.divergenceText) w(`<p class="note" role="note">⚠ ${esc(f.divergenceText)}</p>`);
      w('<div class="views">');
      for (const [label, v] of [
        [R.localLabel, f.local],
        [R.outsideLabel, f.outside],
      ] as const)
        w(
          `<section><h4>${esc(label)}</h4><p><strong>${esc(v.text)}</strong></p>${v.note ? `<p>${esc(R.noteLabel)}: ${multiline(v.note)}</p>` : ''}</section>`,
        );
      w('</div></section>');
    }
    w('</section>');
  }
  w(`<section><h2>${esc(L.followUps)}</h2>`);
  if (!model.followUps.length) w(`<p class="muted">${esc(L.noFollowUps)}</p>`);
  else w('<ul class="obs-list">');
  for (const f of model.followUps) {
    w(
      `<li class="obs"><p><strong>${esc(f.kindLabel)} · ${esc(f.fieldLabel)}</strong></p><p>${multiline(f.description)}</p>`,
    );
    w(
      `<p class="muted">${esc(L.owner)}: ${esc(f.owner)} · ${esc(L.due)}: ${esc(f.due)} · ${esc(L.offer)}: ${esc(f.offerLabel)} · ${esc(L.status)}: ${esc(f.statusLabel)}</p>${f.byLine ? `<p class="muted by">${esc(f.byLine)}</p>` : ''}</li>`,
    );
  }
  if (model.followUps.length) w('</ul>');
  w(`</section><section><h2>${esc(L.uncovered)}</h2>`);
  w(
    model.uncovered.length
      ? `<ul>${model.uncovered.map((u) => `<li>${esc(u)}</li>`).join('')}</ul>`
      : `<p>${esc(L.allCovered)}</p>`,
  );
  w(`</section><section><h2>${esc(L.conflicts)}</h2>`);
  w(
    model.conflicts.length
      ? `<ul>${model.conflicts.map((u) => `<li class="note">${esc(u)}</li>`).join('')}</ul>`
      : `<p>${esc(L.noConflicts)}</p>`,
  );
  w(`</section></main><footer class="muted">${esc(model.title)}</footer></body></html>`);
  signal?.throwIfAborted();
  onProgress?.(1, 1);
  return new TextEncoder().encode(out.join('\n'));
}
