// One observation: kind, perspective, optional rating, text and place, autosaved;
// its photos below (handed down by the page, which reads the visit's photos once).
import type { Observation, Photo } from '../../../shared/domain/schemas';
import { OBSERVATION_KINDS, PERSPECTIVES } from '../../../shared/domain/vocab';
import { updateObservation } from '../../db/mutators';
import { label, t } from '../../i18n';
import { actionField } from '../../../shared/domain/action-fields';
import { PhotoStrip } from '../components/photo-strip';
import { SelectField, TextField, autosaved } from '../components/fields';
import { withNone } from '../components/form';
import { ItemCard } from './item-card';
import { useDb } from '../../db/db-context';

const toRating = (v: string) => (v ? Number(v) : null);

export function ObservationCard(props: {
  obs: Observation;
  n: number;
  autofocus: boolean;
  /** The observation's photos (its group of the page's one photo query). */
  photos: readonly Photo[] | undefined;
  onDeleted: (id: string) => void;
  /** Its fields wait as boxes until it comes near the screen, or until `wakes()` turns true. */
  wakes?: () => boolean;
}) {
  const db = useDb();
  const save = (fields: Partial<Observation>) => updateObservation(db, props.obs.id, fields);
  // eslint-disable-next-line solid/reactivity -- bind reads the record when a field renders or saves
  const { bind } = autosaved('obs', () => props.obs, save);
  const ratingOptions = () =>
    withNone(
      t('obs.noRating'),
      [1, 2, 3, 4, 5].map((r) => ({ value: String(r), label: `${r} / 5` })),
    );
  return (
    <ItemCard
      kind="observation"
      recordId={props.obs.id}
      by={props.obs}
      n={props.n}
      autofocus={props.autofocus}
      onDeleted={props.onDeleted}
      sleepsUntilNear
      wakes={props.wakes}
    >
      <TextField label={t('obs.text')} multiline rows={3} {...bind('text')} />
      <div class="obs-grid">
        <SelectField label={t('obs.kind')} vocab={OBSERVATION_KINDS} {...bind('kind')} />
        <SelectField
          label={t('obs.rating')}
          options={ratingOptions()}
          {...bind('rating', toRating)}
        />
        <SelectField label={t('obs.perspective')} vocab={PERSPECTIVES} {...bind('perspective')} />
        <TextField label={t('obs.place')} {...bind('place')} />
      </div>
      <PhotoStrip
        visitId={props.obs.visitId}
        observationId={props.obs.id}
        photos={props.photos}
        owner={`${fieldName(props.obs.fieldId)}, ${t('obs.item', { n: props.n })}`}
      />
    </ItemCard>
  );
}

/** The action field's name, or the general notes' heading for an observation without a field. */
function fieldName(fieldId: string | null): string {
  const field = fieldId ? actionField(fieldId) : undefined;
  return field ? label(field) : t('obs.general');
}
