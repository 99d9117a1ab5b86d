// Pieces the list and record pages share: the loading line, the record-or-missing gate,
// the "not found" block, a list of cards with its empty line, and the floating "+ new" button.
import { A } from '@solidjs/router';
import { type Accessor, type JSX, For, Show } from 'solid-js';
import type { LiveQuery } from '../../db/live';
import { t } from '../../i18n';
import { barHeight } from '../shell/bars';

/** The children once `ready`, a muted loading line before. */
export function WhenReady(props: { ready: boolean; children: JSX.Element }) {
  return (
    <Show when={props.ready} fallback={<p class="muted">{t('common.loading')}</p>}>
      {props.children}
    </Show>
  );
}

/** One record from a live query: loading line, then `missing` or the children with the record. */
export function RecordGate<T>(props: {
  query: LiveQuery<T>;
  missing: JSX.Element;
  children: (record: Accessor<NonNullable<T>>) => JSX.Element;
}) {
  return (
    <WhenReady ready={props.query.ready()}>
      <Show when={props.query()} fallback={props.missing}>
        {(record) => props.children(record)}
      </Show>
    </WhenReady>
  );
}

/** A page saying something is not there, with a link back to the visit list. */
export function NotFound(props: {
  class: string;
  title: string;
  link: string;
  linkClass: string;
  children?: JSX.Element;
}) {
  return (
    <section class={props.class}>
      <h1>{props.title}</h1>
      {props.children}
      <p>
        <A class={props.linkClass} href="/visits">
          {props.link}
        </A>
      </p>
    </section>
  );
}

/** `ul.cards` with one `li` per item, or the `empty` line when there are none. */
export function CardList<T>(props: {
  each: readonly T[] | undefined;
  empty: string;
  itemClass?: string;
  children: (item: T) => JSX.Element;
}) {
  return (
    <Show when={(props.each ?? []).length > 0} fallback={<p class="empty">{props.empty}</p>}>
      <ul class="cards">
        <For each={props.each}>
          {(item) => <li class={props.itemClass}>{props.children(item)}</li>}
        </For>
      </ul>
    </Show>
  );
}

/** The floating "+ …" button at the bottom of a list page (`action`: its data-action name). */
export function FabLink(props: { href: string; action?: string; children: string }) {
  return (
    <div class="fab-bar" ref={barHeight('fab-h')}>
      <A class="btn primary fab" href={props.href} data-action={props.action}>
        + {props.children}
      </A>
    </div>
  );
}
