// Writing a comment or a reply: a text box and "Kommentar hinzufügen". Saved on the device
// at once (offline too) and synced like every record; an empty or too long text says so and
// keeps what was typed.
import { Show, createSignal, createUniqueId, onMount } from 'solid-js';
import type { CommentTarget } from '../../../shared/domain/schemas';
import { addComment, editCommentText } from '../../db/comment-mutators';
import { useDb } from '../../db/db-context';
import { ct } from '../../i18n/comments';
import { saveNow } from '../autosave';
import { errorMessage } from '../error-message';
import { useReviewComments } from './review-context';

/** The schema's limit of a comment's text (ReviewComment.text). */
const MAX_CHARS = 5_000;

type Mode =
  | { kind: 'new'; target: CommentTarget; replyTo: string | null }
  | { kind: 'edit'; id: string; text: string };

export function CommentComposer(props: {
  mode: Mode;
  /** The text box's label ("Kommentar zu: Beobachtung", "Antwort an K. Prüfer"). */
  label: string;
  submitLabel: string;
  onDone: () => void;
  /** Cancel is offered when given. */
  onCancel?: () => void;
}) {
  const db = useDb();
  const review = useReviewComments();
  const id = createUniqueId();
  // eslint-disable-next-line solid/reactivity -- the edited text is the starting value only
  const [text, setText] = createSignal(props.mode.kind === 'edit' ? props.mode.text : '');
  const [error, setError] = createSignal<string | null>(null);
  let box!: HTMLTextAreaElement;
  onMount(() => box.focus());

  const problem = (v: string) =>
    v.trim() === ''
      ? ct('emptyText')
      : v.length > MAX_CHARS
        ? ct('tooLong', { max: MAX_CHARS.toLocaleString('de-DE'), n: v.length })
        : null;

  const submit = (e: Event) => {
    e.preventDefault();
    const v = text();
    const p = problem(v);
    setError(p);
    if (p) return box.focus();
    const mode = props.mode;
    void saveNow(
      mode.kind === 'edit' ? `comment:${mode.id}:text` : `comment:new:${id}`,
      async () => {
        if (mode.kind === 'edit') await editCommentText(db, mode.id, v);
        else
          await addComment(db, {
            visitId: review!.visit().id,
            target: mode.target,
            replyTo: mode.replyTo,
            text: v,
            author: review?.user()?.name || review?.user()?.email || '',
          });
        setText('');
        props.onDone();
      },
      (err) => setError(errorMessage(err)),
    );
  };

  return (
    <form class="comment-composer" onSubmit={submit} noValidate>
      <label for={id}>{props.label}</label>
      <textarea
        id={id}
        ref={box}
        rows={3}
        value={text()}
        aria-invalid={error() ? true : undefined}
        aria-describedby={error() ? `${id}-err` : undefined}
        onInput={(e) => {
          setText(e.currentTarget.value);
          if (error()) setError(problem(e.currentTarget.value));
        }}
      />
      <Show when={error()}>
        <p class="field-error" id={`${id}-err`} role="alert">
          {error()}
        </p>
      </Show>
      <div class="row">
        <button type="submit" class="btn primary">
          {props.submitLabel}
        </button>
        <Show when={props.onCancel}>
          <button type="button" class="btn subtle neutral" onClick={() => props.onCancel?.()}>
            {ct('cancel')}
          </button>
        </Show>
      </div>
    </form>
  );
}
