// Conflicts and rejections (route /sync): two people changed the same field, or the server
// refused a change. Nothing here was lost: each card shows both values (or the refused data)
// and a person decides. Resolving is an ordinary outbox mutation, so it works offline too.
import { For, Show, createSignal, createUniqueId } from 'solid-js';
import type { ConflictRecord } from '../../../shared/protocol';
import { useDb } from '../../db/db-context';
import { errorMessage } from '../error-message';
import { type Resolution, resolveConflict } from '../../db/conflict-mutators';
import { createLiveQuery } from '../../db/live';
import { type WithVisit, openConflictsWithVisit } from '../../db/sync-queries';
import { lang } from '../../i18n';
import { useOptionalSession } from '../shell/use-session';
import { usePolicy } from '../shell/use-policy';
import { canResolveConflict } from '../../../shared/policy';
import { pt } from '../../i18n/policy';
import { RejectionList } from '../components/rejection-list';
import '../styles/sync.css';
import {
  editableText,
  entityLabel,
  fieldLabel,
  parseEdited,
  showValue,
} from '../components/value-view';
import { yt } from '../../i18n/sync';
import { FormError } from '../components/form';
import { ValueEditor, VisitLink } from '../components/review-parts';

/** The texts and size of the card's value editor. */
const EDITOR = { label: 'conflict.editValue', submit: 'conflict.save', rows: 4 } as const;

function ConflictCard(props: {
  c: WithVisit<ConflictRecord>;
  iAmAuthor: boolean;
  /** The policy lets this user write the record (else the card only informs). */
  mayResolve: boolean;
}) {
  const db = useDb();
  const id = createUniqueId();
  const [error, setError] = createSignal<string | null>(null);
  // "mine" on the wire is the conflict's clientValue (the change that came second).
  const mine = () => (props.iAmAuthor ? props.c.clientValue : props.c.serverValue);
  const theirs = () => (props.iAmAuthor ? props.c.serverValue : props.c.clientValue);
  const wire = (keep: 'mine' | 'theirs'): Resolution =>
    props.iAmAuthor ? keep : keep === 'mine' ? 'theirs' : 'mine';
  const values = () => [props.c.serverValue, props.c.clientValue];
  const title = () =>
    yt('conflict.field', {
      entity: entityLabel(props.c.entity, lang()),
      field: fieldLabel(props.c.entity, props.c.field),
    });

  async function run(resolution: Resolution, value?: unknown) {
    setError(null);
    try {
      await resolveConflict(db, props.c.id, resolution, value);
    } catch (e) {
      setError(errorMessage(e));
    }
  }
  async function saveEdit(text: string) {
    let value: unknown;
    try {
      value = parseEdited(text, values());
    } catch {
      setError(yt('rejection.invalidJson'));
      return;
    }
    await run('edited', value);
  }

  return (
    <article class="card stack conflict" aria-labelledby={`${id}-h`} data-testid="conflict">
      <h3 id={`${id}-h`}>{title()}</h3>
      <Show when={props.c.kind !== 'field'}>
        <p>
          {props.c.kind === 'edit_on_deleted'
            ? yt('conflict.deleted')
            : yt('conflict.deletedWithEdits')}
        </p>
      </Show>
      <VisitLink visitId={props.c.visitId} />
      <div class="side-by-side">
        <section aria-label={yt('conflict.mine')}>
          <h4>{yt('conflict.mine')}</h4>
          <p class="value" data-testid="conflict-mine">
            {showValue(mine())}
          </p>
        </section>
        <section aria-label={yt('conflict.theirs', { author: props.c.author })}>
          <h4>{yt('conflict.theirs', { author: props.iAmAuthor ? '—' : props.c.author })}</h4>
          <p class="value" data-testid="conflict-theirs">
            {showValue(theirs())}
          </p>
        </section>
      </div>
      <Show when={!props.mayResolve}>
        <p class="muted" data-testid="conflict-not-yours">
          {pt('conflict.notAllowed')}
        </p>
      </Show>
      <Show when={props.mayResolve}>
        <ValueEditor id={id} {...EDITOR} onSubmit={(text) => void saveEdit(text)}>
          {(edit) => (
            <>
              <button type="button" class="btn" onClick={() => run(wire('mine'))}>
                {yt('conflict.keepMine')}
              </button>
              <button type="button" class="btn" onClick={() => run(wire('theirs'))}>
                {yt('conflict.keepTheirs')}
              </button>
              <Show when={props.c.kind === 'field'}>
                <button
                  type="button"
                  class="btn"
                  onClick={() => edit(editableText(mine(), values()))}
                >
                  {yt('conflict.edit')}
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
  const { can } = usePolicy();
  const conflicts = createLiveQuery(() => db, openConflictsWithVisit);
  const me = () => {
    const u = session?.session().user;
    return u ? [u.name, u.email].filter(Boolean) : [];
  };
  return (
    <section aria-labelledby="conflicts-h" class="stack">
      <h2 id="conflicts-h">{yt('conflict.title')}</h2>
      <p class="muted">{yt('conflict.intro')}</p>
      <Show when={(conflicts() ?? []).length > 0} fallback={<p>{yt('sync.noConflicts')}</p>}>
        <For each={conflicts()}>
          {(c) => (
            <ConflictCard
              c={c}
              iAmAuthor={me().includes(c.author)}
              mayResolve={can((u) =>
                canResolveConflict(u, c.entity, { siteId: c.siteId, createdBy: null }),
              )}
            />
          )}
        </For>
      </Show>
    </section>
  );
}

export default function SyncPage() {
  return (
    <section class="page narrow stack">
      <h1>{yt('sync.page')}</h1>
      <ConflictList />
      <RejectionList />
    </section>
  );
}
