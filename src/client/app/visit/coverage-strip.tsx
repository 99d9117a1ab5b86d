// At a glance: which of the ten action fields have no observation yet, in the order of the
// sections below (grouped by theme, coverage.ts). Each cell jumps to its field's section. Its
// name is its visible short name, then (for screen readers) the full name and whether it has one:
// the visible words stay part of the name (WCAG 2.5.3, speech input says what it sees).
import { For, createEffect, createMemo, createSignal, onCleanup } from 'solid-js';
import { actionField } from '../../../shared/domain/action-fields';
import type { Observation } from '../../../shared/domain/schemas';
import { label, t } from '../../i18n';
import { barHeight } from '../shell/bars';
import { coverage } from './coverage';

/** Where the strip stays below the header (base.css `.coverage`, focus.css scroll-padding). */
const STICKY = '(min-width: 800px)';

/**
 * A ref: while the strip is sticky, its height is the `--coverage-h` the page's scroll-padding
 * counts (shell/bars.ts). Narrower, the strip scrolls away and nothing reads the variable, so
 * it is not set: setting it on <html> recalculates the whole page's style.
 */
function stickyHeight(el: HTMLElement) {
  const sticky = matchMedia(STICKY);
  const [isSticky, setSticky] = createSignal(sticky.matches);
  const onChange = () => setSticky(sticky.matches);
  sticky.addEventListener('change', onChange);
  onCleanup(() => sticky.removeEventListener('change', onChange));
  createEffect(() => {
    if (isSticky()) barHeight('coverage-h')(el);
  });
}

export function CoverageStrip(props: { observations: readonly Pick<Observation, 'fieldId'>[] }) {
  const cov = createMemo(() => coverage(props.observations));
  const covered = () => cov().filter((c) => c.count > 0).length;
  return (
    <nav class="coverage" aria-labelledby="coverage-h" ref={stickyHeight}>
      <h2 id="coverage-h" class="coverage-title">
        {t('coverage.title')}: <span>{t('coverage.summary', { n: covered() })}</span>
      </h2>
      <ol class="coverage-strip">
        <For each={cov()}>
          {(c, i) => {
            const field = () => actionField(c.fieldId)!;
            return (
              <li>
                <a
                  href={`#field-${c.fieldId}`}
                  class={c.count > 0 ? 'cov covered' : 'cov missing'}
                  data-field={c.fieldId}
                  title={label(field())}
                >
                  <span class="cov-top" aria-hidden="true">
                    {i() + 1} <span class="cov-mark">{c.count > 0 ? `✓ ${c.count}` : '–'}</span>
                  </span>
                  <span class="cov-name">{t(`cov.${c.fieldId}`)}</span>
                  <span class="sr-only">
                    {`: ${label(field())}: ${c.count > 0 ? t('coverage.covered', { n: c.count }) : t('coverage.missing')}`}
                  </span>
                </a>
              </li>
            );
          }}
        </For>
      </ol>
    </nav>
  );
}
