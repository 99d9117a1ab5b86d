// Advisory needs raised at two or more sites, grouped by action field and offer type, each
// with its sites and counts and a link to those needs in the needs list.
import { A } from '@solidjs/router';
import { For, Show } from 'solid-js';
import type { OverviewModel } from '../../reports/overview-model';

export function RecurringNeeds(props: { model: OverviewModel }) {
  const m = () => props.model;
  return (
    <section class="recurring-needs" aria-labelledby="recurring-needs-title">
      <h2 id="recurring-needs-title">{m().labels.recurringNeeds}</h2>
      <Show when={m().needs.length} fallback={<p class="muted">{m().labels.noNeeds}</p>}>
        <ul>
          <For each={m().needs}>
            {(n) => (
              <li class="card">
                <strong>
                  {n.fieldLabel} · {n.offerLabel}
                </strong>
                <p class="meta">{n.counts}</p>
                <ul class="small">
                  <For each={n.sites}>{(s) => <li>{s}</li>}</For>
                </ul>
                <A href={n.href}>{m().words.needsLink}</A>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </section>
  );
}
