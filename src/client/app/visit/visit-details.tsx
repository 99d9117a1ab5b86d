// The visit's own data: date, phase, goals, route, participants, notes (autosaved).
import { For, createSignal } from 'solid-js';
import { unwrap } from 'solid-js/store';
import type { Participant, Visit } from '../../../shared/domain/schemas';
import { PHASES } from '../../../shared/domain/vocab';
import { getVisit } from '../../db/queries';
import { updateVisit } from '../../db/mutators';
import { lang, t } from '../../i18n';
import { SelectField, TextField, vocabOptions } from '../components/fields';
import { flushSaves, saveNow } from '../autosave';
import { useDb } from '../../db/db-context';

export function VisitDetails(props: { visit: Visit }) {
  const db = useDb();
  const id = () => props.visit.id;
  const [newName, setNewName] = createSignal('');
  const key = (k: string) => `visit:${id()}:${k}`;
  const save = (fields: Partial<Visit>) => updateVisit(db, id(), fields);
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
        <TextField
          label={t('visit.date')}
          type="date"
          saveKey={key('date')}
          value={props.visit.date}
          onSave={(date) => save({ date })}
        />
        <SelectField
          label={t('visit.phase')}
          saveKey={key('phase')}
          value={props.visit.phase}
          options={vocabOptions(PHASES, lang())}
          onSave={(v) => save({ phase: v as Visit['phase'] })}
        />
        <TextField
          label={t('visit.goals')}
          multiline
          saveKey={key('goals')}
          value={props.visit.goals}
          onSave={(goals) => save({ goals })}
        />
        <TextField
          label={t('visit.route')}
          multiline
          saveKey={key('route')}
          value={props.visit.route}
          onSave={(route) => save({ route })}
        />
        <fieldset>
          <legend>{t('visit.participants')}</legend>
          <For each={props.visit.participants}>
            {(p, i) => (
              <fieldset class="participant">
                <legend>{t('visit.participant', { n: i() + 1 })}</legend>
                <TextField
                  label={t('visit.participantName')}
                  saveKey={key(`p${i()}-name`)}
                  value={p.name}
                  onSave={setP(i(), 'name')}
                />
                <TextField
                  label={t('visit.participantOrg')}
                  saveKey={key(`p${i()}-org`)}
                  value={p.organisation}
                  onSave={setP(i(), 'organisation')}
                />
                <TextField
                  label={t('visit.participantRole')}
                  saveKey={key(`p${i()}-role`)}
                  value={p.role}
                  onSave={setP(i(), 'role')}
                />
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
        <TextField
          label={t('visit.notes')}
          multiline
          saveKey={key('notes')}
          value={props.visit.notes}
          onSave={(notes) => save({ notes })}
        />
      </div>
    </details>
  );
}
