// One item of the activity log: when (the reader's clock), who (name and role), which record
// (kind, site, visit with links), what happened, and per field the value before → after.
import { A } from '@solidjs/router';
import { For, Show } from 'solid-js';
import type { ActivityEntry } from '../../../shared/activity';
import { ROLES } from '../../../shared/domain/vocab';
import { lang } from '../../i18n';
import { avt } from '../../i18n/activity';
import { ct } from '../../i18n/conflicts';
import { formatDate, formatDateTime } from '../../i18n/format';
import { entityLabel, fieldLabel } from '../components/value-view';
import { type ActivityGroup, valueWords } from './activity-words';

/** The kind of record in words ("Beobachtung"); the log also lists kinds the conflicts page lacks. */
export function kindLabel(entity: string): string {
  if (ct.has(`entity.${entity}`)) return entityLabel(entity, lang());
  const own = `activity.entity.${entity}`;
  return avt.has(own) ? avt(own) : entity;
}

/**
 * Keys, hashes, sizes and stamps the app sets itself: on a new record they say nothing to a
 * reader (the record's kind, site and visit are named above), so only what people entered shows.
 */
const SET_BY_APP = new Set([
  'id',
  'visitId',
  'siteId',
  'observationId',
  'templateId',
  'templateItemId',
  'createdAt',
  'order',
  'sha256',
  'thumbSha256',
  'bytes',
  'width',
  'height',
  'mime',
  'takenAt',
]);

function shownField(e: ActivityEntry): boolean {
  if (e.field === null) return false;
  if (e.op !== 'create') return true;
  const v = e.to?.value;
  return !SET_BY_APP.has(e.field) && v !== null && v !== '' && v !== undefined;
}

/** The field's form label; for fields no form shows (captions, comments, templates) the log's own. */
function fieldWords(entity: string, field: string | null): string {
  const shown = fieldLabel(entity, field);
  const own = `activity.field.${field}`;
  return shown === field && avt.has(own) ? avt(own) : shown;
}

function opWords(op: string): string {
  const key = `activity.op.${op}`;
  return avt.has(key) ? avt(key) : op;
}

function Change(props: { e: ActivityEntry }) {
  const v = (which: 'from' | 'to') =>
    valueWords(props.e[which], props.e.entity, props.e.field, lang());
  const shown = () =>
    props.e.op === 'patch' && props.e.from !== null
      ? avt('activity.change', { from: v('from'), to: v('to') })
      : v('to');
  return (
    <>
      <dt>{fieldWords(props.e.entity, props.e.field)}</dt>
      <dd>{shown()}</dd>
    </>
  );
}

export function ActivityItem(props: { group: ActivityGroup }) {
  const head = () => props.group.head;
  const role = () => {
    const r = head().by?.role;
    return r && r in ROLES ? ROLES[r as keyof typeof ROLES][lang()] : null;
  };
  const site = () => {
    const s = head().site;
    return s ? [s.municipality, s.quarter].filter(Boolean).join(' – ') : null;
  };
  const fields = () => props.group.entries.filter(shownField);
  return (
    <li class="card activity-item">
      <p class="activity-who">
        <time datetime={head().at}>{formatDateTime(head().at, lang())}</time>
        {' · '}
        <strong>{head().by?.name || avt('activity.unknownPerson')}</strong>
        <Show when={role()}>{(r) => <span class="muted"> ({r()})</span>}</Show>
      </p>
      <p class="activity-what">
        <span class="activity-kind">{kindLabel(head().entity)}</span> {opWords(head().op)}
      </p>
      <p class="activity-where muted">
        <Show when={head().site} fallback={<span>{avt('activity.noSite')}</span>}>
          {(s) => <A href={`/sites/${s().id}`}>{site()}</A>}
        </Show>
        <Show when={head().visitId && head().visitDate}>
          {' · '}
          <A href={`/visits/${head().visitId}`}>
            {avt('activity.visitOf', { date: formatDate(head().visitDate, lang()) })}
          </A>
        </Show>
      </p>
      <Show when={fields().length > 0}>
        <dl class="activity-changes">
          <For each={fields()}>{(e) => <Change e={e} />}</For>
        </dl>
      </Show>
    </li>
  );
}
