// Why the server refused a change, in the UI language. The server answers a code (plus the
// entity, the operation from the payload and the field path); only the client turns them into
// words. The server's English `message` stays on the record as a developer detail, unshown.
import type { Lang } from '../../shared/domain/vocab';
import type { RejectionRecord } from '../../shared/protocol';
import { lang as uiLang } from '../i18n';
import { ct } from '../i18n/conflicts';
import { entityLabel, fieldLabel } from './components/value-view';

type Refusal = Pick<RejectionRecord, 'code' | 'entity' | 'path' | 'payload'>;

/** The line a rejection card shows: "Grund: <sentence chosen by the code> Betroffenes Feld: „…“." */
export function rejectionReason(r: Refusal, lang: Lang = uiLang()): string {
  const say = ct.in(lang);
  const op = (r.payload as { op?: unknown } | null)?.op;
  const opKey = `op.${typeof op === 'string' ? op : 'unknown'}`;
  const codeKey = `rejection.code.${r.code}`;
  const sentence = say(ct.has(codeKey) ? codeKey : 'rejection.code.unknown', {
    entity: entityLabel(r.entity, lang),
    op: say(ct.has(opKey) ? opKey : 'op.unknown'),
  });
  if (!r.path) return say('rejection.reason', { msg: sentence });
  const head = r.path.split('.')[0] ?? r.path;
  const named = fieldLabel(r.entity, head, lang);
  const msg = `${sentence} ${say('rejection.field', { field: named !== head ? named : r.path })}`;
  return say('rejection.reason', { msg });
}

/** The short cause of a refusal ("keine Berechtigung"), for a group's headline. */
export function rejectionCause(code: string, lang: Lang = uiLang()): string {
  const say = ct.in(lang);
  const key = `cause.${code}`;
  return ct.has(key) ? say(key) : say('cause.unknown');
}

/**
 * A group's headline: "Standort „Gießen – Nordstadt“ wurde abgelehnt: keine Berechtigung — 30
 * abhängige Änderungen" (`what` names the record, recordName; without dependants no tail).
 */
export function rejectionHeadline(
  what: string,
  code: string,
  dependants: number,
  lang: Lang = uiLang(),
): string {
  const say = ct.in(lang);
  const head = say('group.head', { what, cause: rejectionCause(code, lang) });
  return dependants > 0 ? `${head} — ${say('group.dependants', { n: dependants })}` : head;
}
