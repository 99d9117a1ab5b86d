// One observation: kind, perspective, optional rating, text and place, autosaved;
// its photos below.
import { onMount } from 'solid-js';
import type { Observation } from '../../../shared/domain/schemas';
import { OBSERVATION_KINDS, PERSPECTIVES } from '../../../shared/domain/vocab';
import { deleteRecord, updateObservation } from '../../db/mutators';
import { t } from '../../i18n';
import { PhotoStrip } from '../components/photo-strip';
import { SelectField, TextField, autosaved } from '../components/fields';
import { withNone } from '../components/form';
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
  const save = (fields: Partial<Observation>) => updateObservation(db, props.obs.id, fields);
  // eslint-disable-next-line solid/reactivity -- key and bind read the record when a field renders or saves
  const { key, bind } = autosaved('obs', () => props.obs, save);
  const ratingOptions = () =>
    withNone(
      t('obs.noRating'),
      [1, 2, 3, 4, 5].map((r) => ({ value: String(r), label: `${r} / 5` })),
    );
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
      <TextField label={t('obs.text')} multiline rows={3} {...bind('text')} />
      <div class="obs-grid">
        <SelectField label={t('obs.kind')} vocab={OBSERVATION_KINDS} {...bind('kind')} />
        <SelectField
          label={t('obs.rating')}
          options={ratingOptions()}
          {...bind('rating', (v) => (v ? Number(v) : null))}
        />
        <SelectField label={t('obs.perspective')} vocab={PERSPECTIVES} {...bind('perspective')} />
        <TextField label={t('obs.place')} {...bind('place')} />
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
