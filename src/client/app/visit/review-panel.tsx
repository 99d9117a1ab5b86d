// The visit's review state at the top of its page (docs/architecture.md §Review): the state, who
// approved or returned it and when, why the page is read-only, and the moves the shared policy
// allows the signed-in person as buttons; a move that locks the visit asks first. Returning a
// visit nobody commented on yet asks for a comment on the visit first (the composer of the
// review comments), so the visitors always learn what to do.
import { For, Show, createSignal } from 'solid-js';
import type { Visit, VisitStatus } from '../../../shared/domain/schemas';
import { VISIT_STATUSES } from '../../../shared/domain/vocab';
import { mayEditVisitContent, visitStatusTargets } from '../../../shared/policy';
import { useDb } from '../../db/db-context';
import { updateVisit } from '../../db/mutators';
import { label, lang } from '../../i18n';
import { reviewLine, rt } from '../../i18n/review';
import { saveNow } from '../autosave';
import { usePolicy } from '../shell/use-policy';
import { CommentComposer } from '../review/comment-composer';
import { useReviewComments } from '../review/review-context';
import '../styles/review.css';

type Action = Parameters<typeof rt>[0] & `action.${string}`;

/** The words of a move, by where the visit stands and who moves it. */
function actionOf(from: VisitStatus, to: VisitStatus, coordinator: boolean): Action {
  if (to === 'approved') return 'action.approve';
  if (to === 'returned') return 'action.return';
  if (to === 'planned') return 'action.toPlanned';
  if (to === 'submitted') {
    if (from === 'returned') return 'action.resubmit';
    return from === 'in-progress' ? 'action.submit' : 'action.toSubmitted';
  }
  if (from === 'planned') return 'action.start';
  if (from === 'returned') return 'action.continue';
  return coordinator || from === 'approved' ? 'action.reopen' : 'action.withdraw';
}

const CONFIRM: Partial<Record<VisitStatus, Parameters<typeof rt>[0]>> = {
  submitted: 'confirm.submit',
  approved: 'confirm.approve',
  returned: 'confirm.return',
};
/** The review decisions first, then the moves forward, then back. */
const ORDER: VisitStatus[] = ['approved', 'returned', 'submitted', 'in-progress', 'planned'];

/** Why the visit is read-only for this person (null: it is not). */
function lockReason(v: Visit, targets: VisitStatus[]): Parameters<typeof rt>[0] {
  if (v.status === 'approved') return 'locked.approved';
  if (v.status === 'done') return 'locked.done';
  if (v.status === 'submitted')
    return targets.includes('in-progress') ? 'locked.submittedWithdraw' : 'locked.submitted';
  return 'locked.readOnly';
}

export function ReviewPanel(props: { visit: Visit }) {
  const db = useDb();
  const { user } = usePolicy();
  const coordinator = () => user()?.role === 'coordinator';
  const targets = () => {
    const u = user();
    if (!u) return [];
    const allowed = visitStatusTargets(u, props.visit.status, props.visit.siteId);
    return ORDER.filter((s) => allowed.includes(s));
  };
  const locked = useVisitLocked(() => props.visit);
  const review = useReviewComments();
  const [returning, setReturning] = createSignal(false);
  const save = (to: VisitStatus) =>
    void saveNow(`visit:${props.visit.id}:status`, () =>
      updateVisit(db, props.visit.id, { status: to }),
    );
  const move = (to: VisitStatus) => {
    if (to === 'returned' && (review?.open() ?? 0) === 0) return setReturning(true);
    const ask = CONFIRM[to];
    // Submitting locks the visit for its visitors; a coordinator's own move asks only for a decision.
    if (ask && (to !== 'submitted' || !coordinator()) && !confirm(rt(ask))) return;
    save(to);
  };
  return (
    <section class="review-panel" aria-labelledby="review-h" data-status={props.visit.status}>
      <h2 id="review-h" class="sr-only">
        {rt('state')}
      </h2>
      <p class="review-state">
        <span class={`status status-${props.visit.status}`}>
          {label(VISIT_STATUSES[props.visit.status])}
        </span>
        <Show when={reviewLine(props.visit, lang())}>
          {(line) => <span class="review-by">{line()}</span>}
        </Show>
      </p>
      <Show when={locked()}>
        <p class="review-lock" role="note">
          {rt(lockReason(props.visit, targets()))}
        </p>
      </Show>
      <Show when={!locked() && props.visit.status === 'returned' && !coordinator()}>
        <p class="review-lock" role="note">
          {rt('returned.hint')}
        </p>
      </Show>
      <Show when={targets().length > 0}>
        <div class="row review-actions" role="group" aria-label={rt('actions')}>
          <For each={targets()}>
            {(to) => (
              <button
                type="button"
                class="btn"
                classList={{ primary: to === 'approved' || to === 'submitted' }}
                data-action={`visit.status.${to}`}
                onClick={() => move(to)}
              >
                {rt(actionOf(props.visit.status, to, coordinator()))}
              </button>
            )}
          </For>
        </div>
      </Show>
      <Show when={returning() && targets().includes('returned')}>
        <CommentComposer
          mode={{ kind: 'new', target: { entity: 'visit', id: props.visit.id }, replyTo: null }}
          label={rt('return.label')}
          submitLabel={rt('return.send')}
          onDone={() => {
            setReturning(false);
            save('returned');
          }}
          onCancel={() => setReturning(false)}
        />
      </Show>
    </section>
  );
}

/** Is the visit read-only for the signed-in person (its fields shown as text)? */
export function useVisitLocked(visit: () => Visit | null | undefined): () => boolean {
  const { user } = usePolicy();
  return () => {
    const u = user();
    const v = visit();
    return !!v && u !== null && !mayEditVisitContent(u, v);
  };
}
