// On a visit page, above where the visitor records a field's findings: what the previous visit
// (or, when it did not look at this field, the latest earlier one that did) found there,
// collapsed so that it informs without pushing the form away. The findings are rendered when
// the section is first opened (or the page printed, which opens every section): a visit page
// holds one per field, and rendering every earlier finding with the page cost as much as a
// quarter of its cards.
import { A } from '@solidjs/router';
import { Show, onCleanup } from 'solid-js';
import type { FindingGroup } from '../../db/briefing-queries';
import type { PhotosByTarget } from '../../db/queries';
import { lang } from '../../i18n';
import { bt, findingsCount } from '../../i18n/briefing';
import { formatDate } from '../../i18n/format';
import { FindingList, visitOn } from './finding-item';
import '../styles/briefing.css';
import { createOpenedOnce } from '../components/opened-once';

export function PreviousFindings(props: {
  group: FindingGroup | undefined;
  /** The visit before this one: the summary says "previous" only for it. */
  previousId: string | null;
  photos: PhotosByTarget;
}) {
  const { opened, open, onToggle } = createOpenedOnce();
  addEventListener('beforeprint', open);
  onCleanup(() => removeEventListener('beforeprint', open));
  return (
    <Show when={props.group}>
      {(g) => (
        <details class="previous-findings" onToggle={onToggle}>
          {/* A click renders the findings in the same task as it opens the section, before the
              toggle event that follows it. */}
          <summary onClick={open}>
            {bt(g().visit.id === props.previousId ? 'previousVisit' : 'earlierVisit', {
              date: formatDate(g().visit.date, lang(), 'medium'),
              count: findingsCount(g().findings.length),
            })}
          </summary>
          <Show when={opened()}>
            <FindingList findings={g().findings} photos={props.photos} />
          </Show>
          <A href={`/visits/${g().visit.id}`} class="small tap">
            {visitOn(g().visit)} →
          </A>
        </details>
      )}
    </Show>
  );
}
