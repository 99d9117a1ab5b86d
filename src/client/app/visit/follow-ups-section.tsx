// Advisory needs and agreed steps of a visit: field, description, offer, owner, due
// date, status. A new item starts from a description (the one required field).
import { For, Show, createSignal } from 'solid-js';
import { ACTION_FIELDS } from '../../../shared/domain/action-fields';
import type { FollowUp } from '../../../shared/domain/schemas';
import { FOLLOW_UP_KINDS, FOLLOW_UP_STATUSES, OFFER_TYPES } from '../../../shared/domain/vocab';
import { addFollowUp, deleteRecord, updateFollowUp } from '../../db/mutators';
import { label, lang, t } from '../../i18n';
import { SelectField, TextField, vocabOptions } from '../components/fields';
import { saveNow } from '../autosave';
import { useDb } from '../../db/db-context';
import { errorMessage } from '../error-message';

function FollowUpCard(props: { f: FollowUp; n: number; onDeleted: (id: string) => void }) {
  const db = useDb();
  const key = (k: string) => `fu:${props.f.id}:${k}`;
  const save = (fields: Partial<FollowUp>) => updateFollowUp(db, props.f.id, fields);
  const fieldOptions = () => [
    { value: '', label: t('fu.noField') },
    ...ACTION_FIELDS.map((f) => ({ value: f.id, label: label(f) })),
  ];
  return (
    <fieldset class="card fu">
      <legend>{t('fu.item', { n: props.n })}</legend>
      <TextField
        label={t('fu.description')}
        multiline
        rows={2}
        saveKey={key('description')}
        value={props.f.description}
        onSave={(description) => save({ description })}
      />
      <div class="obs-grid">
        <SelectField
          label={t('fu.kind')}
          saveKey={key('kind')}
          value={props.f.kind}
          options={vocabOptions(FOLLOW_UP_KINDS, lang())}
          onSave={(v) => save({ kind: v as FollowUp['kind'] })}
        />
        <SelectField
          label={t('fu.field')}
          saveKey={key('field')}
          value={props.f.fieldId ?? ''}
          options={fieldOptions()}
          onSave={(v) => save({ fieldId: (v || null) as FollowUp['fieldId'] })}
        />
        <SelectField
          label={t('fu.offerType')}
          saveKey={key('offer')}
          value={props.f.offerType}
          options={vocabOptions(OFFER_TYPES, lang())}
          onSave={(v) => save({ offerType: v as FollowUp['offerType'] })}
        />
        <TextField
          label={t('fu.owner')}
          saveKey={key('owner')}
          value={props.f.owner}
          onSave={(owner) => save({ owner })}
        />
        <TextField
          label={t('fu.dueDate')}
          type="date"
          saveKey={key('due')}
          value={props.f.dueDate ?? ''}
          onSave={(v) => save({ dueDate: v || null })}
        />
        <SelectField
          label={t('fu.status')}
          saveKey={key('status')}
          value={props.f.status}
          options={vocabOptions(FOLLOW_UP_STATUSES, lang())}
          onSave={(v) => save({ status: v as FollowUp['status'] })}
        />
      </div>
      <div class="row end">
        <button
          type="button"
          class="btn subtle"
          aria-label={t('fu.delete', { n: props.n })}
          onClick={() =>
            void saveNow(key('delete'), async () => {
              await deleteRecord(db, 'followUp', props.f.id);
              props.onDeleted(props.f.id);
            })
          }
        >
          {t('common.delete')}
        </button>
      </div>
    </fieldset>
  );
}

export function FollowUpsSection(props: {
  visitId: string;
  followUps: readonly FollowUp[];
  onDeleted: (id: string) => void;
}) {
  const db = useDb();
  const [desc, setDesc] = createSignal('');
  const [kind, setKind] = createSignal<FollowUp['kind']>('need');
  const [error, setError] = createSignal<unknown>();
  async function add(e: Event) {
    e.preventDefault();
    await saveNow(
      'fu:add',
      async () => {
        await addFollowUp(db, { visitId: props.visitId, description: desc(), kind: kind() });
        setDesc('');
        setError(undefined);
      },
      setError,
    );
  }
  return (
    <section aria-labelledby="fu-h">
      <h2 id="fu-h">{t('visit.followUps')}</h2>
      <Show when={props.followUps.length > 0} fallback={<p class="empty">{t('fu.empty')}</p>}>
        <For each={props.followUps}>
          {(f, i) => <FollowUpCard f={f} n={i() + 1} onDeleted={props.onDeleted} />}
        </For>
      </Show>
      <form class="card form add-fu" onSubmit={(e) => void add(e)} novalidate>
        <div class="field">
          <label for="fu-new">{t('fu.description')}</label>
          <textarea
            id="fu-new"
            rows="2"
            value={desc()}
            onInput={(e) => setDesc(e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="fu-kind">{t('fu.kind')}</label>
          <select id="fu-kind" onChange={(e) => setKind(e.currentTarget.value as FollowUp['kind'])}>
            <For each={Object.entries(FOLLOW_UP_KINDS)}>
              {([k, l]) => (
                <option value={k} selected={k === kind()}>
                  {label(l)}
                </option>
              )}
            </For>
          </select>
        </div>
        <Show when={error()}>
          <p class="field-error" role="alert">
            {errorMessage(error())}
          </p>
        </Show>
        <button type="submit" class="btn">
          + {t('fu.add')}
        </button>
      </form>
    </section>
  );
}
