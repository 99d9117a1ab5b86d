// "Verlauf": the history of one record, loaded when the disclosure is opened (from the server,
// or offline from the copy a prepared visit keeps), grouped by write: who, when (reader's
// clock), what, per field the value before → after; conflicts and decisions in words; "Diesen
// Wert wiederherstellen" where the policy lets the person change the field (docs/architecture.md
// §History).
import { For, Match, Show, Switch, createResource, createSignal } from 'solid-js';
import type { HistoryEntry } from '../../../shared/history';
import { useDb } from '../../db/db-context';
import { mayRestoreValue, restoreTarget, restoreValue } from '../../db/history-restore';
import { lang } from '../../i18n';
import { formatDateTime } from '../../i18n/format';
import { ht } from '../../i18n/history';
import { HistoryUnavailableError, loadHistory } from '../../sync/history-fetch';
import { avt } from '../../i18n/activity';
import { fieldLabel as formLabel } from '../components/value-view';
import { errorMessage } from '../error-message';
import { usePolicy } from '../shell/use-policy';
import { HistoryValue } from './history-value';
import '../styles/history.css';
import { latestOf } from '../latest';

type Group = { key: string; head: HistoryEntry; entries: HistoryEntry[] };

/** The field's form label; fields no form shows (author, action field …) in the activity log's words. */
function fieldLabel(entity: string, field: string | null): string {
  const shown = formLabel(entity, field);
  const own = `activity.field.${field}`;
  return shown === field && avt.has(own) ? avt(own) : shown;
}

/** A create's fields left empty say nothing; every other entry with a field is shown. */
const shownField = (e: HistoryEntry) => e.field !== null && !(e.op === 'create' && e.to === '');

/** Entries one write left (same moment, kind and person) together; a conflict stands alone. */
function groupByWrite(entries: readonly HistoryEntry[]): Group[] {
  const groups: Group[] = [];
  for (const e of entries) {
    const h = groups.at(-1)?.head;
    if (h && h.at === e.at && h.op === e.op && h.by?.id === e.by?.id && e.op !== 'conflict')
      groups.at(-1)!.entries.push(e);
    else groups.push({ key: String(e.seq), head: e, entries: [e] });
  }
  return groups;
}

function problem(e: unknown): string {
  if (!(e instanceof HistoryUnavailableError)) return ht('failed', { code: String(e) });
  if (e.code === 'offline') return ht('offline');
  if (e.code === 'not_found') return ht('notFound');
  if (e.code === 'signed_out' || e.code === 'http_401') return ht('signedOut');
  return ht('failed', { code: e.code });
}

export function RecordHistory(props: { entity: string; id: string; what?: string }) {
  const db = useDb();
  const policy = usePolicy();
  const [open, setOpen] = createSignal(false);
  const [round, setRound] = createSignal(0);
  // Both load when the disclosure opens, and again on "Erneut laden".
  const source = () => (open() ? { entity: props.entity, id: props.id, round: round() } : false);
  const [history] = createResource(source, (k) => loadHistory(db, k.entity, k.id));
  const [target, { refetch }] = createResource(source, (k) => restoreTarget(db, k.entity, k.id));
  const [said, setSaid] = createSignal('');
  const mayRestore = (e: HistoryEntry) => {
    const u = policy.user();
    const t = latestOf(target);
    if (!u || !t || e.op === 'delete' || e.op === 'restore') return false;
    return mayRestoreValue(u, props.entity, e.field, e.to, t.record, t.visit);
  };
  const restore = async (e: HistoryEntry) => {
    try {
      await restoreValue(db, props.entity, props.id, e.field!, e.to);
      setSaid(ht('restored', { field: fieldLabel(props.entity, e.field) }));
    } catch (err) {
      setSaid(errorMessage(err));
    }
    await refetch();
  };
  const who = (e: HistoryEntry) => e.by?.name || ht('someone');
  return (
    <details
      class="record-history"
      onToggle={(ev) => setOpen((ev.currentTarget as HTMLDetailsElement).open)}
    >
      <summary aria-label={props.what ? ht('open', { what: props.what }) : undefined}>
        {ht('title')}
      </summary>
      <Show when={open()}>
        <Switch>
          <Match when={history.loading}>
            <p class="muted">{ht('loading')}</p>
          </Match>
          <Match when={history.error as unknown}>
            <p class="muted" role="status">
              {problem(history.error)}
            </p>
            <button type="button" class="btn subtle" onClick={() => setRound(round() + 1)}>
              {ht('retry')}
            </button>
          </Match>
          <Match when={latestOf(history)}>
            {(h) => (
              <>
                <Show when={h().source === 'device'}>
                  <p class="muted" role="status">
                    {ht('kept', {
                      when: formatDateTime(new Date(h().fetchedAt).toISOString(), lang()),
                    })}
                  </p>
                </Show>
                <Show when={!h().complete}>
                  <p class="muted">
                    {ht('incomplete')}{' '}
                    {h().created.at
                      ? ht('created', {
                          when: formatDateTime(h().created.at!, lang()),
                          who: h().created.by?.name || ht('someone'),
                        })
                      : ht('createdUnknown')}
                  </p>
                </Show>
                <Show when={h().entries.length > 0} fallback={<p class="muted">{ht('empty')}</p>}>
                  <ol class="history-list">
                    <For each={groupByWrite(h().entries)}>
                      {(g) => (
                        <li class="history-item">
                          <p class="history-who">
                            <time datetime={g.head.at}>{formatDateTime(g.head.at, lang())}</time>
                            {' · '}
                            <strong>{who(g.head)}</strong> {ht(`op.${g.head.op}`)}
                          </p>
                          <Show when={g.head.op === 'resolution' && g.head.field === null}>
                            <p>
                              {(g.head.to as { deleted?: boolean } | null)?.deleted
                                ? ht('resolution.deleted')
                                : ht('resolution.restored')}
                            </p>
                          </Show>
                          <Show when={g.entries.some(shownField)}>
                            <dl class="history-changes">
                              <For each={g.entries.filter(shownField)}>
                                {(e) => (
                                  <>
                                    <dt>{fieldLabel(props.entity, e.field)}</dt>
                                    <dd>
                                      <Show when={e.op !== 'create'}>
                                        <HistoryValue
                                          value={e.from}
                                          entity={props.entity}
                                          field={e.field}
                                        />
                                        {' → '}
                                      </Show>
                                      <HistoryValue
                                        value={e.to}
                                        entity={props.entity}
                                        field={e.field}
                                      />
                                      <Show when={mayRestore(e)}>
                                        {' '}
                                        <button
                                          type="button"
                                          class="btn history-restore"
                                          aria-label={ht('restoreName', {
                                            field: fieldLabel(props.entity, e.field),
                                          })}
                                          onClick={() => void restore(e)}
                                        >
                                          {ht('restore')}
                                        </button>
                                      </Show>
                                    </dd>
                                  </>
                                )}
                              </For>
                            </dl>
                          </Show>
                        </li>
                      )}
                    </For>
                  </ol>
                </Show>
              </>
            )}
          </Match>
        </Switch>
        <p class="muted" role="status">
          {said()}
        </p>
      </Show>
    </details>
  );
}
