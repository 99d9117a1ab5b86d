// Conflicts and rejections (route /sync): two people changed the same field, or the server
// refused a change. Nothing here was lost: each card shows both values (or the refused data)
// and a person decides. Resolving is an ordinary outbox mutation, so it works offline too.
import { A } from '@solidjs/router';
import { For, Show, createEffect, createSignal, createUniqueId } from 'solid-js';
import type { User } from '../../../shared/auth';
import type { Perspective } from '../../../shared/domain/schemas';
import { canResolveConflict, isVisitLocked } from '../../../shared/policy';
import { useDb } from '../../db/db-context';
import { errorMessage } from '../error-message';
import { type Resolution, resolveConflict } from '../../db/conflict-mutators';
import { createLiveQuery } from '../../db/live';
import { type ConflictItem, openConflictsPlaced } from '../../db/review-queries';
import { lang } from '../../i18n';
import { ct } from '../../i18n/conflicts';
import { useOptionalSession } from '../shell/use-session';
import { RejectionList } from '../components/rejection-list';
import '../styles/sync.css';
import { editableText, fieldLabel, parseEdited, showValue } from '../components/value-view';
import { yt } from '../../i18n/sync';
import { FormError } from '../components/form';
import { ValueEditor } from '../components/review-parts';
import { conflictSides } from '../conflict-sides';
import { recordHref, recordName } from '../record-name';
import { usePageTitle } from '../shell/page-title';

/** The texts and size of the card's value editor. */
const EDITOR = { label: 'conflict.editValue', submit: 'conflict.save', rows: 4 } as const;

/** "Beobachtung „Der Spielplatz …“ · Wohnen und Wohnumfeld · Besuch am … · Feld „Text“". */
export function conflictTitle(c: ConflictItem, language = lang()): string {
  const name = recordName(c.ctx, language);
  return c.kind === 'field' && c.field
    ? `${name} · ${ct.in(language)('name.field', { field: fieldLabel(c.entity, c.field, language) })}`
    : name;
}

function ConflictCard(props: { c: ConflictItem; user: User | null }) {
  const db = useDb();
  const id = createUniqueId();
  const [error, setError] = createSignal<string | null>(null);
  const sides = () => conflictSides(props.c, props.user?.id ?? null, lang());
  const values = () => [props.c.serverValue, props.c.clientValue];
  // Whoever may change the record may decide (the one policy, src/shared/policy.ts).
  const mayResolve = () => {
    const u = props.user;
    if (!u) return false;
    const by = props.c.ctx.record?.['_by'] as { createdBy?: string | null } | null | undefined;
    return canResolveConflict(u, props.c.entity, {
      siteId: props.c.siteId,
      createdBy: by?.createdBy ?? null,
      visitStatus: props.c.visitStatus ?? null,
      field: props.c.field,
      perspective: (props.c.ctx.record?.['perspective'] as Perspective | undefined) ?? null,
    });
  };
  const show = (v: unknown, first: boolean) =>
    first && props.c.kind === 'edit_on_deleted' ? ct('conflict.deleted') : showValue(v);
  const href = () => recordHref(props.c.entity, props.c.entityId, props.c.visitId);

  // The save the person decides on: the one shown when they chose, or when they began editing
  // (a later save may join the conflict meanwhile; the server keeps it open, §Merge).
  let editedFrom: string | undefined;
  async function run(resolution: Resolution, value?: unknown, seen = props.c.mutationId) {
    setError(null);
    try {
      await resolveConflict(db, props.c.id, resolution, value, seen);
    } catch (e) {
      setError(errorMessage(e));
    }
  }
  async function saveEdit(text: string) {
    let value: unknown;
    try {
      value = parseEdited(text, values());
    } catch {
      setError(ct('rejection.invalidJson'));
      return;
    }
    await run('edited', value, editedFrom);
  }

  return (
    <article
      class="card stack conflict"
      id={`conflict-${props.c.id}`}
      aria-labelledby={`${id}-h`}
      data-testid="conflict"
    >
      <h3 id={`${id}-h`}>{conflictTitle(props.c)}</h3>
      <p class="conflict-parties" data-testid="conflict-parties">
        {sides().heading}
      </p>
      <Show when={props.c.kind !== 'field'}>
        <p>
          {props.c.kind === 'edit_on_deleted'
            ? ct('conflict.deleted')
            : ct('conflict.deletedWithEdits')}
        </p>
      </Show>
      <Show when={href()}>{(h) => <A href={h()}>{ct('name.open')}</A>}</Show>
      <div class="side-by-side">
        <For each={sides().sides}>
          {(side) => (
            <section aria-label={side.label} data-own={side.own ? 'true' : undefined}>
              <h4>{side.label}</h4>
              <p
                class="value"
                data-testid={
                  side.own ? 'conflict-mine' : sides().party ? 'conflict-theirs' : 'conflict-value'
                }
              >
                {show(side.value, side.wire === 'theirs')}
              </p>
            </section>
          )}
        </For>
      </div>
      <Show
        when={mayResolve()}
        fallback={
          <p class="muted">
            {props.c.visitStatus && props.user && isVisitLocked(props.user, props.c.visitStatus)
              ? ct('side.waitsForReview')
              : ct('side.noRight')}
          </p>
        }
      >
        <ValueEditor id={id} {...EDITOR} onSubmit={(text) => void saveEdit(text)}>
          {(edit) => (
            <>
              <For each={sides().sides}>
                {(side) => (
                  <button type="button" class="btn" onClick={() => void run(side.wire)}>
                    {side.keep}
                  </button>
                )}
              </For>
              <Show when={props.c.kind === 'field'}>
                <button
                  type="button"
                  class="btn"
                  onClick={() => {
                    editedFrom = props.c.mutationId;
                    edit(editableText(sides().sides[0].value, values()));
                  }}
                >
                  {ct('conflict.edit')}
                </button>
              </Show>
            </>
          )}
        </ValueEditor>
      </Show>
      <FormError message={error()} />
    </article>
  );
}

export function ConflictList() {
  const db = useDb();
  const session = useOptionalSession();
  const conflicts = createLiveQuery(() => db, openConflictsPlaced);
  const user = () => session?.session().user ?? null;
  // A link to one conflict (#conflict-<id>, from a mark on the visit page) scrolls to it.
  createEffect(() => {
    if ((conflicts() ?? []).length === 0 || typeof location === 'undefined') return;
    const target = location.hash.slice(1);
    if (target) queueMicrotask(() => document.getElementById(target)?.scrollIntoView());
  });
  return (
    <section aria-labelledby="conflicts-h" class="stack">
      <h2 id="conflicts-h">{ct('conflict.title')}</h2>
      <p class="muted">{ct('conflict.intro')}</p>
      <Show when={(conflicts() ?? []).length > 0} fallback={<p>{yt('sync.noConflicts')}</p>}>
        <For each={conflicts()}>{(c) => <ConflictCard c={c} user={user()} />}</For>
      </Show>
    </section>
  );
}

export default function SyncPage() {
  usePageTitle(() => yt('sync.page'));
  return (
    <section class="page narrow stack">
      <h1>{yt('sync.page')}</h1>
      <ConflictList />
      <RejectionList />
    </section>
  );
}
