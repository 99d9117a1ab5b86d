// The visit's own data: date, phase, goals, route, participants, notes (autosaved).
import { For, Show, createSignal } from 'solid-js';
import type { Participant, Visit } from '../../../shared/domain/schemas';
import { PHASES } from '../../../shared/domain/vocab';
import { createLiveQuery } from '../../db/live';
import { participantsOf } from '../../db/queries';
import {
  addParticipant,
  removeParticipant,
  updateParticipant,
  updateVisit,
} from '../../db/mutators';
import { t } from '../../i18n';
import { ByLine } from '../components/by-line';
import { SelectField, TextField, autosaved } from '../components/fields';
import { saveNow } from '../autosave';
import { useDb } from '../../db/db-context';
import { Editable } from '../components/read-only';
import { DormantField, DormantScope, useDormancy } from '../components/dormant';
import { useRecordConflict } from '../components/conflict-marks';
import { createAfterFirstPaint } from './after-first-paint';
import { createOpenedOnce } from '../components/opened-once';

/** A participant's fields and their labels. */
const PARTICIPANT_FIELDS = [
  ['name', 'visit.participantName'],
  ['organisation', 'visit.participantOrg'],
  ['role', 'visit.participantRole'],
] as const;

export function VisitDetails(props: { visit: Visit }) {
  const db = useDb();
  const id = () => props.visit.id;
  const save = (fields: Partial<Visit>) => updateVisit(db, id(), fields);
  // eslint-disable-next-line solid/reactivity -- key and bind read the record when a field renders or saves
  const { key, bind } = autosaved('visit', () => props.visit, save);
  // One row per person, each field saved by itself: a name typed and an organisation typed
  // straight after are two patches of different fields, so neither can undo the other.
  const participants = createLiveQuery(id, (visitId) => participantsOf(db, visitId));
  // The group starts closed: its fields come after the page's first paint (about 20 ms of the
  // first render at 4× CPU), and wait as boxes until it is first opened (dormant.tsx); a link
  // naming a record, or an open conflict of the visit, has them at once.
  const content = createAfterFirstPaint();
  const { opened, onToggle } = createOpenedOnce(content.show);
  const conflicted = useRecordConflict('visit', id);
  return (
    <details class="card details-block" onToggle={onToggle}>
      <summary>
        <span class="summary-title">{t('visit.details')}</span>
      </summary>
      <Show when={content.shown()}>
        <DormantScope awake={() => opened() || conflicted()}>
          <div class="form">
            <ByLine row={props.visit} />
            <TextField label={t('visit.date')} type="date" {...bind('date')} />
            <SelectField label={t('visit.phase')} vocab={PHASES} {...bind('phase')} />
            <TextField label={t('visit.goals')} multiline {...bind('goals')} />
            <TextField label={t('visit.route')} multiline {...bind('route')} />
            <fieldset>
              <legend>{t('visit.participants')}</legend>
              <For each={participants() ?? []}>
                {(p, i) => {
                  const fields = autosaved(
                    'participant',
                    () => p,
                    (f: Partial<Participant>) => updateParticipant(db, p.id, f),
                  );
                  return (
                    <fieldset class="participant">
                      <legend>{t('visit.participant', { n: i() + 1 })}</legend>
                      <ByLine row={p} />
                      <For each={PARTICIPANT_FIELDS}>
                        {([k, text]) => <TextField label={t(text)} {...fields.bind(k)} />}
                      </For>
                      <Editable>
                        <button
                          type="button"
                          class="btn subtle"
                          aria-label={t('visit.removeParticipant', { n: i() + 1 })}
                          onClick={() =>
                            void saveNow(fields.key('remove'), () => removeParticipant(db, p.id))
                          }
                        >
                          {t('common.delete')}
                        </button>
                      </Editable>
                    </fieldset>
                  );
                }}
              </For>
              <Editable>
                <AddParticipant visitId={id()} saveKey={key('p-add')} />
              </Editable>
            </fieldset>
            <TextField label={t('visit.notes')} multiline {...bind('notes')} />
          </div>
        </DormantScope>
      </Show>
    </details>
  );
}

/**
 * The name field and button adding a participant. In the closed group it waits as a box like the
 * other fields (a raw text field there still cost the form scan a layout of the hidden group).
 */
function AddParticipant(props: { visitId: string; saveKey: string }) {
  const db = useDb();
  const dormancy = useDormancy();
  const [newName, setNewName] = createSignal('');
  const fieldId = () => `${props.visitId}-pnew`;
  const add = () => {
    const name = newName().trim();
    if (!name) return;
    void saveNow(props.saveKey, async () => {
      await addParticipant(db, props.visitId, { name });
      setNewName('');
    });
  };
  return (
    <div class="row">
      <Show
        when={dormancy?.asleep() && dormancy}
        fallback={
          <div class="field grow">
            <label for={fieldId()}>{t('visit.participantName')}</label>
            <input
              id={fieldId()}
              value={newName()}
              enterkeyhint="done"
              onInput={(e) => setNewName(e.currentTarget.value)}
              // The phone keyboard's Enter adds the person, as the button does.
              onKeyDown={(e) => {
                if (e.key !== 'Enter') return;
                e.preventDefault();
                add();
              }}
            />
          </div>
        }
      >
        {(sleeping) => (
          <DormantField
            class="grow"
            label={t('visit.participantName')}
            text={newName()}
            look={{ kind: 'line' }}
            dormancy={sleeping()}
          />
        )}
      </Show>
      <button type="button" class="btn" disabled={!newName().trim()} onClick={add}>
        + {t('visit.addParticipant')}
      </button>
    </div>
  );
}
