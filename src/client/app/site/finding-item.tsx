// One finding as the briefing shows it, read only: kind, rating and perspective, the text and
// place, who recorded it and who changed it when, and its photos.
import { A } from '@solidjs/router';
import { For, Show } from 'solid-js';
import type { Observation, Photo, Visit } from '../../../shared/domain/schemas';
import { OBSERVATION_KINDS, PERSPECTIVES, PHASES } from '../../../shared/domain/vocab';
import type { WithAuthors } from '../../db/authors';
import type { PhotosByTarget } from '../../db/queries';
import { label, lang } from '../../i18n';
import { bt } from '../../i18n/briefing';
import { formatDate } from '../../i18n/format';
import { ByLine } from '../components/by-line';
import { PhotoThumbs } from './photo-thumbs';

export function FindingItem(props: {
  obs: Observation & WithAuthors;
  photos: readonly Photo[] | undefined;
}) {
  return (
    <li class="finding" data-kind={props.obs.kind}>
      <p class="finding-head">
        <span class={`kind kind-${props.obs.kind}`}>
          {label(OBSERVATION_KINDS[props.obs.kind])}
        </span>
        <Show when={props.obs.rating}>
          {(r) => <span class="finding-rating">{bt('rating', { n: r() })}</span>}
        </Show>
        <span class="meta">{label(PERSPECTIVES[props.obs.perspective])}</span>
      </p>
      <p class={props.obs.text.trim() ? 'finding-text' : 'finding-text empty'}>
        {props.obs.text.trim() || bt('noText')}
      </p>
      <Show when={props.obs.place.trim()}>
        {(place) => <p class="meta">{bt('place', { place: place() })}</p>}
      </Show>
      <ByLine row={props.obs} />
      <PhotoThumbs photos={props.photos} />
    </li>
  );
}

/** The findings one visit recorded for one field. */
export function FindingList(props: {
  findings: readonly (Observation & WithAuthors)[];
  photos: PhotosByTarget;
}) {
  return (
    <ul class="findings">
      <For each={props.findings}>{(o) => <FindingItem obs={o} photos={props.photos[o.id]} />}</For>
    </ul>
  );
}

/** The same under the visit's date and phase (a link to the visit), as one labelled group. */
export function FindingGroup(props: {
  visit: Visit;
  findings: readonly (Observation & WithAuthors)[];
  photos: PhotosByTarget;
}) {
  return (
    <div class="finding-group" role="group" aria-label={visitOn(props.visit)}>
      <p class="finding-visit">
        <A href={`/visits/${props.visit.id}`}>{visitOn(props.visit)}</A>
        <span class="meta"> · {label(PHASES[props.visit.phase])}</span>
      </p>
      <FindingList findings={props.findings} photos={props.photos} />
    </div>
  );
}

/** "Besuch am 4. Mai 2026" */
export function visitOn(visit: Visit): string {
  return bt('visitOn', { date: formatDate(visit.date, lang(), 'medium') });
}
