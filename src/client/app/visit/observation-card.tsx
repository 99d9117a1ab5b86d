// One observation: kind, perspective, optional rating, text and place, autosaved;
// its photos below.
import { onMount } from 'solid-js';
import type { Observation } from '../../../shared/domain/schemas';
import { OBSERVATION_KINDS, PERSPECTIVES } from '../../../shared/domain/vocab';
import { deleteRecord, updateObservation } from '../../db/mutators';
import { lang, t } from '../../i18n';
import { PhotoStrip } from '../components/photo-strip';
import { SelectField, TextField, vocabOptions } from '../components/fields';
import { saveNow } from '../autosave';
import { useDb } from '../../db/db-context';

export function ObservationCard(props: {
  obs: Observation;
  n: number;
  autofocus: boolean;
  onDeleted: (id: string) => void;
}) {
  const db = useDb();
  let ref!: HTMLFieldSetElement;
  const key = (f: string) => `obs:${props.obs.id}:${f}`;
  const save = (fields: Partial<Observation>) => updateObservation(db, props.obs.id, fields);
  const ratingOptions = () => [
    { value: '', label: t('obs.noRating') },
    ...[1, 2, 3, 4, 5].map((r) => ({ value: String(r), label: `${r} / 5` })),
  ];
  onMount(() => {
    if (props.autofocus) ref.querySelector('textarea')?.focus();
  });
  const remove = () =>
    void saveNow(key('delete'), async () => {
      await deleteRecord(db, 'observation', props.obs.id);
      props.onDeleted(props.obs.id);
    });
  return (
    <fieldset class="card obs" id={`obs-${props.obs.id}`} ref={ref}>
      <legend>{t('obs.item', { n: props.n })}</legend>
      <TextField
        label={t('obs.text')}
        multiline
        rows={3}
        saveKey={key('text')}
        value={props.obs.text}
        onSave={(text) => save({ text })}
      />
      <div class="obs-grid">
        <SelectField
          label={t('obs.kind')}
          saveKey={key('kind')}
          value={props.obs.kind}
          options={vocabOptions(OBSERVATION_KINDS, lang())}
          onSave={(v) => save({ kind: v as Observation['kind'] })}
        />
        <SelectField
          label={t('obs.rating')}
          saveKey={key('rating')}
          value={props.obs.rating?.toString() ?? ''}
          options={ratingOptions()}
          onSave={(v) => save({ rating: v ? Number(v) : null })}
        />
        <SelectField
          label={t('obs.perspective')}
          saveKey={key('perspective')}
          value={props.obs.perspective}
          options={vocabOptions(PERSPECTIVES, lang())}
          onSave={(v) => save({ perspective: v as Observation['perspective'] })}
        />
        <TextField
          label={t('obs.place')}
          saveKey={key('place')}
          value={props.obs.place}
          onSave={(place) => save({ place })}
        />
      </div>
      <PhotoStrip visitId={props.obs.visitId} observationId={props.obs.id} />
      <div class="row end">
        <button
          type="button"
          class="btn subtle"
          aria-label={t('obs.delete', { n: props.n })}
          onClick={remove}
        >
          {t('common.delete')}
        </button>
      </div>
    </fieldset>
  );
}
