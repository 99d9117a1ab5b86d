// Changes the server refused (invariant 2), grouped by cause: a refused record with every change
// that depends on it ("Standort „X“ wurde abgelehnt: keine Berechtigung — 30 abhängige
// Änderungen"). Each group names its record, gives the reason from its code in the UI language,
// and offers what can work: discard all (the device returns to the server's state; a refused create
// takes its local-only children with it), send all again (only where the policy and the cause let
// it succeed now), and "Bearbeiten", which opens the record's normal form.
import { A } from '@solidjs/router';
import { For, Show, createEffect, createMemo, createSignal, createUniqueId, on } from 'solid-js';
import type { User } from '../../../shared/auth';
import { currentUser } from '../../session/current-user';
import { useDb } from '../../db/db-context';
import { errorMessage } from '../error-message';
import { rejectionHeadline, rejectionReason } from '../rejection-reason';
import { discardImpact, discardRejections, resendRejections } from '../../db/conflict-mutators';
import { createLiveQuery } from '../../db/live';
import {
  type RejectionGroup,
  type RejectionItem,
  rejectionGroups,
  resendable,
} from '../../db/review-queries';
import { lang } from '../../i18n';
import { ct } from '../../i18n/conflicts';
import { yt } from '../../i18n/sync';
import { recordHref, recordName } from '../record-name';
import { useOptionalSession } from '../shell/use-session';
import { FormError } from './form';
import '../styles/conflicts.css';

/** Codes a person fixes by changing the record in its form. */
const FIXED_BY_EDITING = new Set(['invalid', 'too_large', 'too_deep', 'immutable_field']);

function Dependant(props: { r: RejectionItem }) {
  return (
    <li data-testid="rejection-member">
      {recordName(props.r.ctx, lang())}
      <span class="muted"> — {rejectionReason(props.r, lang())}</span>
    </li>
  );
}

function RejectionGroupCard(props: { g: RejectionGroup; user: User | null }) {
  const db = useDb();
  const id = createUniqueId();
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const all = () => [props.g.head, ...props.g.members];
  const what = () => recordName(props.g.head.ctx, lang());
  const again = createMemo(() => resendable(props.g, props.user));
  const edit = () => {
    const h = props.g.head;
    if (!FIXED_BY_EDITING.has(h.code) || !h.ctx.record) return null;
    return recordHref(h.entity, h.entityId, h.visitId);
  };

  async function act(run: () => Promise<unknown>) {
    setError(null);
    setBusy(true);
    try {
      await run();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }
  async function discardAll() {
    const headId = props.g.head.id;
    const ids = all().map((r) => r.id);
    const members = props.g.members.length;
    const name = what();
    await act(async () => {
      const impact = await discardImpact(db, headId);
      const n = Math.max(members, impact.cascade ? impact.rows - 1 : 0);
      const question =
        n > 0 ? ct('group.confirmAll', { what: name, n }) : ct('rejection.discardOne');
      if (confirm(question)) await discardRejections(db, ids);
    });
  }
  async function resendAll() {
    const ids = again().map((r) => r.id);
    await act(() => resendRejections(db, ids));
  }

  return (
    <article
      class="card stack rejection"
      aria-labelledby={`${id}-h`}
      data-testid="rejection"
      data-code={props.g.head.code}
    >
      <h3 id={`${id}-h`}>
        {rejectionHeadline(what(), props.g.head.code, props.g.members.length, lang())}
      </h3>
      <p>{rejectionReason(props.g.head, lang())}</p>
      <Show when={props.g.members.length > 0}>
        <details>
          <summary>{ct('group.show')}</summary>
          <ul class="rejection-members">
            <For each={props.g.members}>{(r) => <Dependant r={r} />}</For>
          </ul>
        </details>
      </Show>
      <div class="row">
        <Show when={edit()}>
          {(href) => (
            <A class="btn" href={href()}>
              {ct('group.edit')}
            </A>
          )}
        </Show>
        <Show when={again().length > 0}>
          <button type="button" class="btn" disabled={busy()} onClick={() => void resendAll()}>
            {props.g.members.length > 0 ? ct('group.resendAll') : ct('group.resend')}
          </button>
        </Show>
        <button type="button" class="btn" disabled={busy()} onClick={() => void discardAll()}>
          {props.g.members.length > 0 ? ct('group.discardAll') : ct('group.discard')}
        </button>
      </div>
      <Show when={again().length === 0 && !edit()}>
        <p class="muted">{ct('group.whyNoResend')}</p>
      </Show>
      <FormError message={error()} />
    </article>
  );
}

export function RejectionList() {
  const db = useDb();
  const session = useOptionalSession();
  const groups = createLiveQuery(() => db, rejectionGroups);
  // Sending again is offered by the server's current view of the account (its role or site may
  // have changed since sign-in), asked once there are refused changes; offline: not offered.
  const [user, setUser] = createSignal<User | null>(null);
  createEffect(
    on(
      () => ((groups() ?? []).length > 0 ? (session?.token() ?? null) : null),
      (token) => {
        if (token) void currentUser(token).then(setUser);
      },
    ),
  );
  return (
    <section aria-labelledby="rejections-h" class="stack">
      <h2 id="rejections-h">{ct('rejection.title')}</h2>
      <Show when={(groups() ?? []).length > 0} fallback={<p>{yt('sync.noRejections')}</p>}>
        <For each={groups()}>{(g) => <RejectionGroupCard g={g} user={user()} />}</For>
      </Show>
    </section>
  );
}
