// The visit's own data: date, phase, goals, route, participants, notes (autosaved).
import { For, createSignal } from 'solid-js';
import { unwrap } from 'solid-js/store';
import type { Participant, Visit } from '../../../shared/domain/schemas';
import { PHASES } from '../../../shared/domain/vocab';
import { getVisit } from '../../db/queries';
import { updateVisit } from '../../db/mutators';
import { t } from '../../i18n';
import { SelectField, TextField, autosaved } from '../components/fields';
import { flushSaves, saveNow } from '../autosave';
import { useDb } from '../../db/db-context';

/** A participant's fields: which, its label, and the end of its save key. */
const PARTICIPANT_FIELDS = [
  ['name', 'visit.participantName', 'name'],
  ['organisation', 'visit.participantOrg', 'org'],
  ['role', 'visit.participantRole', 'role'],
] as const;

export function VisitDetails(props: { visit: Visit }) {
  const db = useDb();
  const id = () => props.visit.id;
  const [newName, setNewName] = createSignal('');
  const save = (fields: Partial<Visit>) => updateVisit(db, id(), fields);
  // eslint-disable-next-line solid/reactivity -- key and bind read the record when a field renders or saves
  const { key, bind } = autosaved('visit', () => props.visit, save);
  // Participants are one array field: read the stored list at write time so that
  // two quick edits to different people do not undo each other.
  const editParticipants = async (change: (list: Participant[]) => Participant[]) => {
    const cur = await getVisit(db, id());
    if (cur) await save({ participants: change(structuredClone(unwrap(cur.participants))) });
  };
  // eslint-disable-next-line solid/reactivity -- the returned setter runs on save, like an event handler
  const setP = (i: number, k: keyof Participant) => (v: string) =>
    editParticipants((list) => list.map((p, j) => (j === i ? { ...p, [k]: v } : p)));

  return (
    <details class="card details-block">
      <summary>
        <span class="summary-title">{t('visit.details')}</span>
      </summary>
      <div class="form">
        <TextField label={t('visit.date')} type="date" {...bind('date')} />
        <SelectField label={t('visit.phase')} vocab={PHASES} {...bind('phase')} />
        <TextField label={t('visit.goals')} multiline {...bind('goals')} />
        <TextField label={t('visit.route')} multiline {...bind('route')} />
        <fieldset>
          <legend>{t('visit.participants')}</legend>
          <For each={props.visit.participants}>
            {(p, i) => (
              <fieldset class="participant">
                <legend>{t('visit.participant', { n: i() + 1 })}</legend>
                <For each={PARTICIPANT_FIELDS}>
                  {([k, text, keySuffix]) => (
                    <TextField
                      label={t(text)}
                      saveKey={key(`p${i()}-${keySuffix}`)}
                      value={p[k]}
                      onSave={setP(i(), k)}
                    />
                  )}
                </For>
                <button
                  type="button"
                  class="btn subtle"
                  aria-label={t('visit.removeParticipant', { n: i() + 1 })}
                  onClick={() =>
                    void saveNow(key('p-remove'), async () => {
                      // Pending edits are keyed by position: write them before the positions shift.
                      await flushSaves();
                      // eslint-disable-next-line solid/reactivity -- runs inside the click's save; reads the position at write time
                      await editParticipants((l) => l.filter((_, j) => j !== i()));
                    })
                  }
                >
                  {t('common.delete')}
                </button>
              </fieldset>
            )}
          </For>
          <div class="row">
            <div class="field grow">
              <label for={`${id()}-pnew`}>{t('visit.participantName')}</label>
              <input
                id={`${id()}-pnew`}
                value={newName()}
                onInput={(e) => setNewName(e.currentTarget.value)}
              />
            </div>
            <button
              type="button"
              class="btn"
              disabled={!newName().trim()}
              onClick={() =>
                void saveNow(key('p-add'), async () => {
                  // eslint-disable-next-line solid/reactivity -- runs inside the click's save; reads the typed name at write time
                  await editParticipants((l) => [
                    ...l,
                    { name: newName().trim(), organisation: '', role: '' },
                  ]);
                  setNewName('');
                })
              }
            >
              + {t('visit.addParticipant')}
            </button>
          </div>
        </fieldset>
        <TextField label={t('visit.notes')} multiline {...bind('notes')} />
      </div>
    </details>
  );
}
