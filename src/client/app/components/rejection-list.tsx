// Changes the server refused (invariant 2): the reason, the data as sent, and two ways
// out — edit and resend as a new change, or discard it: after the user confirms, the device
// returns to the server's state (a refused create takes its local-only children with it).
import { For, Show, createSignal, createUniqueId } from 'solid-js';
import { useDb } from '../../db/db-context';
import { errorMessage } from '../error-message';
import { rejectionReason } from '../rejection-reason';
import { discardImpact, discardRejection, resubmitRejection } from '../../db/conflict-mutators';
import { createLiveQuery } from '../../db/live';
import { openRejectionsWithRecord } from '../../db/sync-queries';
import { lang } from '../../i18n';
import { entityLabel } from './value-view';
import { FormError } from './form';
import { ValueEditor, VisitLink } from './review-parts';
import { yt } from '../../i18n/sync';

/** The texts and size of the card's value editor. */
const EDITOR = { label: 'rejection.data', submit: 'rejection.send', rows: 6 } as const;

type Item = Awaited<ReturnType<typeof openRejectionsWithRecord>>[number];

/** The fields the user can change: what was sent (a patch's fields), else the whole local record. */
function editableFields(r: Item): Record<string, unknown> {
  const sent = (r.payload as { fields?: unknown } | null)?.fields;
  const base =
    sent && typeof sent === 'object' ? (sent as Record<string, unknown>) : (r.record ?? {});
  const { id: _id, _v, _deleted, _base, ...rest } = base as Record<string, unknown>;
  const current = r.record ?? {};
  return Object.fromEntries(Object.keys(rest).map((k) => [k, k in current ? current[k] : rest[k]]));
}

function RejectionCard(props: { r: Item }) {
  const db = useDb();
  const id = createUniqueId();
  const [error, setError] = createSignal<string | null>(null);

  async function send(text: string) {
    setError(null);
    let edits: Record<string, unknown>;
    try {
      edits = JSON.parse(text) as Record<string, unknown>;
    } catch {
      setError(yt('rejection.invalidJson'));
      return;
    }
    try {
      await resubmitRejection(db, props.r.id, edits);
    } catch (err) {
      setError(errorMessage(err));
    }
  }
  async function discard() {
    try {
      const impact = await discardImpact(db, props.r.id);
      const question = impact.cascade
        ? yt('rejection.discardCascade', {
            what: entityLabel(props.r.entity, lang()),
            n: Math.max(impact.changes, impact.rows - 1),
          })
        : yt('rejection.discardOne');
      if (!confirm(question)) return;
      await discardRejection(db, props.r.id);
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  return (
    <article class="card stack rejection" aria-labelledby={`${id}-h`} data-testid="rejection">
      <h3 id={`${id}-h`}>{entityLabel(props.r.entity, lang())}</h3>
      <p>{rejectionReason(props.r, lang())}</p>
      <VisitLink visitId={props.r.visitId} />
      <details>
        <summary>{yt('rejection.data')}</summary>
        <pre class="value">{JSON.stringify(props.r.payload, null, 2)}</pre>
      </details>
      <ValueEditor id={id} {...EDITOR} onSubmit={(text) => void send(text)}>
        {(edit) => (
          <>
            <Show when={props.r.record}>
              <button
                type="button"
                class="btn"
                onClick={() => edit(JSON.stringify(editableFields(props.r), null, 2))}
              >
                {yt('rejection.edit')}
              </button>
            </Show>
            <button type="button" class="btn" onClick={discard}>
              {yt('rejection.discard')}
            </button>
          </>
        )}
      </ValueEditor>
      <FormError message={error()} />
    </article>
  );
}

export function RejectionList() {
  const db = useDb();
  const list = createLiveQuery(() => db, openRejectionsWithRecord);
  return (
    <section aria-labelledby="rejections-h" class="stack">
      <h2 id="rejections-h">{yt('rejection.title')}</h2>
      <Show when={(list() ?? []).length > 0} fallback={<p>{yt('sync.noRejections')}</p>}>
        <For each={list()}>{(r) => <RejectionCard r={r} />}</For>
      </Show>
    </section>
  );
}
