// The review comments at one place of the visit (the visit itself, an observation, a checklist
// item, a follow-up): a marker with an icon and the count ("2 Kommentare, 1 offen"), the threads
// with their replies, "Erledigt", and the composer. Reads the page's one comment query
// (review-context.tsx), so everything works offline from IndexedDB.
import { For, Show, createSignal, untrack } from 'solid-js';
import type { CommentTarget } from '../../../shared/domain/schemas';
import { canEditCommentText, canSettleComment } from '../../../shared/policy';
import { authorsOf } from '../../db/authors';
import type { CommentRow, CommentThread } from '../../db/comment-queries';
import { deleteComment, setCommentResolved } from '../../db/comment-mutators';
import { useDb } from '../../db/db-context';
import { lang } from '../../i18n';
import { ct } from '../../i18n/comments';
import { formatDateTime } from '../../i18n/format';
import { saveNow } from '../autosave';
import { CommentComposer } from './comment-composer';
import { CommentIcon } from './comment-icon';
import { type ReviewComments, commentsAnchor, useReviewComments } from './review-context';
import '../styles/comments.css';

export function CommentsAt(props: {
  target: CommentTarget;
  /** What the place is called, for the composer's label ("Beobachtung 2"; default: its kind). */
  what?: string;
}) {
  const what = () => props.what ?? ct(`kind.${props.target.entity}`);
  const review = useReviewComments();
  const [composing, setComposing] = createSignal(false);
  const threads = () => review?.threadsAt(props.target) ?? [];
  const open = () => threads().filter((th) => !th.root.resolved).length;
  const count = () => threads().reduce((n, th) => n + 1 + th.replies.length, 0);
  // Reviewers start threads anywhere; a visitor answers them, and may start one on the visit.
  const mayStart = () =>
    !!review?.mayComment() &&
    (review?.user()?.role === 'coordinator' || props.target.entity === 'visit');
  return (
    <Show when={review && (threads().length > 0 || mayStart())}>
      <div class="comments" id={commentsAnchor(props.target)} tabIndex={-1}>
        <Show when={threads().length > 0}>
          {/* Open at first when something is open; then the person decides (marking a thread done
              must not fold it away under their finger). */}
          <details
            class="comment-box"
            ref={(el) => (el.open = untrack(open) > 0)}
            classList={{ 'has-open': open() > 0 }}
          >
            <summary>
              <CommentIcon />
              <span>
                {open() > 0
                  ? ct('markerOpen', { n: count(), open: open() })
                  : ct('marker', { n: count() })}
              </span>
            </summary>
            <For each={threads()}>{(th) => <Thread thread={th} review={review!} />}</For>
            <Show when={review?.visit().status === 'approved' && !review?.mayComment()}>
              <p class="meta">{ct('readOnly')}</p>
            </Show>
          </details>
        </Show>
        <Show when={mayStart()}>
          <Show
            when={composing()}
            fallback={
              <button
                type="button"
                class="btn comment-add"
                aria-label={ct('addShortAt', { what: what() })}
                onClick={() => setComposing(true)}
              >
                <CommentIcon />
                {ct('addShort')}
              </button>
            }
          >
            <CommentComposer
              mode={{ kind: 'new', target: props.target, replyTo: null }}
              label={ct('labelAt', { what: what() })}
              submitLabel={ct('add')}
              onDone={() => setComposing(false)}
              onCancel={() => setComposing(false)}
            />
          </Show>
        </Show>
      </div>
    </Show>
  );
}

function Thread(props: { thread: CommentThread; review: ReviewComments }) {
  const db = useDb();
  const [replying, setReplying] = createSignal(false);
  const root = () => props.thread.root;
  const visit = () => props.review.visit();
  const user = () => props.review.user();
  const maySettle = () => {
    const u = user();
    return !!u && canSettleComment(u, visit(), { createdBy: createdBy(root()) });
  };
  const toggle = () =>
    void saveNow(`comment:${root().id}:resolved`, () =>
      setCommentResolved(db, root().id, !root().resolved),
    );
  return (
    <div class="comment-thread" classList={{ resolved: root().resolved }}>
      <Comment row={root()} review={props.review} root />
      <Show when={props.thread.replies.length > 0}>
        <ul class="comment-replies">
          <For each={props.thread.replies}>
            {(r) => (
              <li>
                <Comment row={r} review={props.review} />
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show
        when={replying()}
        fallback={
          <div class="row comment-actions">
            <Show when={props.review.mayComment()}>
              <button type="button" class="btn" onClick={() => setReplying(true)}>
                {ct('reply')}
              </button>
            </Show>
            <Show when={maySettle()}>
              <button type="button" class="btn" onClick={toggle}>
                {root().resolved ? ct('reopen') : `✓ ${ct('resolve')}`}
              </button>
            </Show>
          </div>
        }
      >
        <CommentComposer
          mode={{ kind: 'new', target: root().target, replyTo: root().id }}
          label={ct('replyLabel', { name: nameOf(root()) })}
          submitLabel={ct('sendReply')}
          onDone={() => setReplying(false)}
          onCancel={() => setReplying(false)}
        />
      </Show>
    </div>
  );
}

const createdBy = (row: CommentRow) => row._by?.createdBy ?? null;
const nameOf = (row: CommentRow) => authorsOf(row).author || row.author || ct('unknownAuthor');

function Comment(props: { row: CommentRow; review: ReviewComments; root?: boolean }) {
  const db = useDb();
  const [editing, setEditing] = createSignal(false);
  const [confirming, setConfirming] = createSignal(false);
  const user = () => props.review.user();
  const mayEdit = () => {
    const u = user();
    return !!u && canEditCommentText(u, props.review.visit(), { createdBy: createdBy(props.row) });
  };
  const mayDelete = () => {
    const u = user();
    return !!u && canSettleComment(u, props.review.visit(), { createdBy: createdBy(props.row) });
  };
  const remove = () => {
    if (!confirming()) return setConfirming(true);
    void saveNow(`comment:${props.row.id}:delete`, () => deleteComment(db, props.row.id));
  };
  return (
    <article class="comment">
      <p class="comment-head">
        <strong>{nameOf(props.row)}</strong>
        <span class="meta">{formatDateTime(props.row.createdAt, lang())}</span>
        <Show when={props.root}>
          <span class="comment-state" classList={{ done: props.row.resolved }}>
            {props.row.resolved ? `✓ ${ct('resolvedMark')}` : ct('openMark')}
          </span>
        </Show>
      </p>
      <Show when={editing()} fallback={<p class="comment-text">{props.row.text}</p>}>
        <CommentComposer
          mode={{ kind: 'edit', id: props.row.id, text: props.row.text }}
          label={ct('label')}
          submitLabel={ct('save')}
          onDone={() => setEditing(false)}
          onCancel={() => setEditing(false)}
        />
      </Show>
      <Show when={!editing() && (mayEdit() || mayDelete())}>
        <div class="row comment-tools">
          <Show when={mayEdit()}>
            <button type="button" class="btn link" onClick={() => setEditing(true)}>
              {ct('edit')}
            </button>
          </Show>
          <Show when={mayDelete()}>
            <button
              type="button"
              class="btn link danger"
              onClick={remove}
              onBlur={() => setConfirming(false)}
            >
              {confirming() ? ct('deleteConfirm') : ct('delete')}
            </button>
          </Show>
        </div>
      </Show>
    </article>
  );
}
