// Open conflicts where they stand (docs/architecture.md §Merge): every autosaved field looks up
// whether its record's field has an open conflict and shows a mark with a link to resolve it; the
// visit page lists the visit's conflicts. One live query of the open conflicts per database,
// shared by every field, so a page of a hundred fields still reads the table once per change.
import { A } from '@solidjs/router';
import { For, Show, createEffect, createMemo, createRoot, createSignal } from 'solid-js';
import type { ConflictRecord } from '../../../shared/protocol';
import { useDb } from '../../db/db-context';
import { createLiveQuery } from '../../db/live';
import { openConflictsOfVisit } from '../../db/review-queries';
import type { AppDb } from '../../db/schema';
import { observe, openConflicts } from '../../db/sync-queries';
import { lang } from '../../i18n';
import { ct } from '../../i18n/conflicts';
import { otherParty } from '../conflict-sides';
import { recordName } from '../record-name';
import { useOptionalSession } from '../shell/use-session';
import { fieldLabel } from './value-view';
import '../styles/conflicts.css';

type Index = () => ReadonlyMap<string, ConflictRecord>;

const indexes = new WeakMap<AppDb, Index>();

const keyOf = (entity: string, id: string, field: string) => `${entity}:${id}:${field}`;

/** Open field conflicts by `entity:id:field` (the oldest when there are several), live. */
export function conflictIndex(db: AppDb): Index {
  let index = indexes.get(db);
  if (!index) {
    index = createRoot(() => {
      const [get, set] = createSignal<ReadonlyMap<string, ConflictRecord>>(new Map());
      observe(
        () => openConflicts(db),
        (list) => {
          const m = new Map<string, ConflictRecord>();
          for (const c of list) {
            const k = c.field ? keyOf(c.entity, c.entityId, c.field) : null;
            if (k && !m.has(k)) m.set(k, c);
          }
          set(m);
        },
      );
      return get;
    });
    indexes.set(db, index);
  }
  return index;
}

/** The autosave key prefixes (fields.tsx `autosaved`) and the entity each one saves. */
const PREFIX_ENTITY: Record<string, string> = {
  obs: 'observation',
  fu: 'followUp',
  visit: 'visit',
  participant: 'participant',
  check: 'checklistItem',
  photo: 'photo',
  site: 'site',
  rating: 'fieldRating',
};

/** Which record field an autosave key (`prefix:id:field`) writes, or null. */
export function fieldOfKey(saveKey: string): { entity: string; id: string; field: string } | null {
  const [prefix, id, field] = saveKey.split(':');
  const entity = prefix ? PREFIX_ENTITY[prefix] : undefined;
  return entity && id && field ? { entity, id, field } : null;
}

/** The record an autosave key writes as `entity-id` (a field's `data-record`, what `goTo` finds). */
export function recordOfKey(saveKey: string): string | undefined {
  const f = fieldOfKey(saveKey);
  return f ? `${f.entity}-${f.id}` : undefined;
}

/** For a field: its open conflict (if any), who is on the other side, and the signed-in account. */
export function useFieldConflict(saveKey: () => string) {
  let db: AppDb | null = null;
  try {
    db = useDb();
  } catch {
    db = null; // a field outside the app's database (never in the app itself)
  }
  const session = useOptionalSession();
  const index = db ? conflictIndex(db) : () => new Map<string, ConflictRecord>();
  const me = () => session?.session().user.id ?? null;
  // One lookup per change, not one per reader: a field reads it four times when it renders, and
  // a visit page renders five fields per observation card.
  const conflict = createMemo(() => {
    const f = fieldOfKey(saveKey());
    return f ? index().get(keyOf(f.entity, f.id, f.field)) : undefined;
  });
  return { conflict, me, other: () => (conflict() ? otherParty(conflict()!, me()) : null) };
}

/**
 * Whether any field of the record `entity` `id()` has an open conflict, live (`entity` as the
 * conflicts name it: `observation`, `followUp`, …).
 */
export function useRecordConflict(entity: string, id: () => string): () => boolean {
  const index = conflictIndex(useDb());
  const hasOne = createMemo(() => {
    const prefix = `${entity}:${id()}:`;
    for (const key of index().keys()) if (key.startsWith(prefix)) return true;
    return false;
  });
  return hasOne;
}

/** The mark under a field with an open conflict: who changed it meanwhile, and where to resolve. */
export function ConflictMark(props: { conflict: ConflictRecord; other: string | null }) {
  return (
    <p class="conflict-mark" role="note" data-testid="conflict-mark">
      <span aria-hidden="true">⚠ </span>
      {props.other ? ct('mark.conflict', { name: props.other }) : ct('mark.conflictUnknown')}{' '}
      <A href={`/sync#conflict-${props.conflict.id}`}>{ct('mark.resolve')}</A>
    </p>
  );
}

/** Scrolls to the fields of record `entity-id` (data-record, fields.tsx) and focuses the first. */
function goTo(target: string) {
  const el = document.querySelector(`[data-record="${CSS.escape(target)}"]`);
  el?.scrollIntoView({ block: 'center' });
  el?.querySelector<HTMLElement>('input, textarea, select')?.focus({ preventScroll: true });
}

/**
 * The visit's open conflicts in one list at the top of the visit page, each a link to its field
 * (`#<entity>-<id>`) and to where it is resolved. Also scrolls to the record a link names.
 */
export function VisitConflicts(props: { visitId: string }) {
  const db = useDb();
  const list = createLiveQuery(
    () => props.visitId,
    (visitId) => openConflictsOfVisit(db, visitId),
  );
  // A link from elsewhere ("Bearbeiten" on the sync page) names the record in the hash.
  createEffect(() => {
    if (list() === undefined || typeof location === 'undefined') return;
    const target = decodeURIComponent(location.hash.slice(1));
    if (target) queueMicrotask(() => goTo(target));
  });
  return (
    <Show when={(list() ?? []).length > 0}>
      <section
        class="card conflict-list"
        aria-labelledby="visit-conflicts-h"
        data-testid="visit-conflicts"
      >
        <h2 id="visit-conflicts-h">{ct('mark.count', { n: (list() ?? []).length })}</h2>
        <ul>
          <For each={list()}>
            {(c) => (
              <li>
                <a
                  href={`#${c.entity}-${c.entityId}`}
                  onClick={(e) => {
                    e.preventDefault();
                    goTo(`${c.entity}-${c.entityId}`);
                  }}
                >
                  {recordName({ ...c.ctx, visit: null, site: null }, lang())}
                  {c.field
                    ? ` · ${ct('name.field', { field: fieldLabel(c.entity, c.field) })}`
                    : ''}
                </a>{' '}
                <A href={`/sync#conflict-${c.id}`}>{ct('mark.resolve')}</A>
              </li>
            )}
          </For>
        </ul>
      </section>
    </Show>
  );
}
