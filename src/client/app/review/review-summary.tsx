// At the top of the visit page: how many review comments are still open ("3 offene Kommentare")
// and a link to each place that has them. A link opens the checklist group the place sits in
// and moves the focus there.
import { For, Show } from 'solid-js';
import type { CommentTarget } from '../../../shared/domain/schemas';
import { ct } from '../../i18n/comments';
import { firstWords } from '../record-name';
import { CommentIcon } from './comment-icon';
import { commentsAnchor, useReviewComments } from './review-context';

/** Shows the comments at `target`: opens every collapsed group around them, scrolls, focuses. */
function jumpTo(target: CommentTarget, e: MouseEvent) {
  const el = document.getElementById(commentsAnchor(target));
  if (!el) return;
  e.preventDefault();
  for (let d = el.closest('details'); d; d = d.parentElement?.closest('details') ?? null)
    d.open = true;
  el.querySelector('details')?.setAttribute('open', '');
  el.scrollIntoView({ block: 'start' });
  el.focus({ preventScroll: true });
}

/** Shows what is open of the page's comments (VisitReview). */
export function ReviewSummary() {
  // Shown inside the visit page's VisitReview only.
  const review = useReviewComments()!;
  return (
    <Show when={review.open() > 0}>
      <section class="card review-summary" aria-labelledby="review-summary-h">
        <h2 id="review-summary-h">
          <CommentIcon />
          {ct('summary', { n: review.open() })}
        </h2>
        <ul>
          <For each={review.openTargets()}>
            {(target) => (
              <li>
                <a href={`#${commentsAnchor(target)}`} onClick={(e) => jumpTo(target, e)}>
                  <strong>{ct(`kind.${target.entity}`)}</strong>
                  {`: ${ct('quoted', { text: firstWords(review.firstOpenAt(target)?.root.text ?? '') })}`}
                </a>
              </li>
            )}
          </For>
        </ul>
      </section>
    </Show>
  );
}
