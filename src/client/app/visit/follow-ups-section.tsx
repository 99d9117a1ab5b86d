// Advisory needs and agreed steps of a visit: field, description, offer, owner, due
// date, status. A new item starts from a description (the one required field).
import { For, Show, createSignal } from 'solid-js';
import { ACTION_FIELDS } from '../../../shared/domain/action-fields';
import type { FollowUp } from '../../../shared/domain/schemas';
import { FOLLOW_UP_KINDS, FOLLOW_UP_STATUSES, OFFER_TYPES } from '../../../shared/domain/vocab';
import { addFollowUp, updateFollowUp } from '../../db/mutators';
import { label, lang, t } from '../../i18n';
import { SelectField, TextField, autosaved, emptyToNull } from '../components/fields';
import { ItemCard } from './item-card';
import { ChoiceField, FormError, LabelledField, vocabOptions, withNone } from '../components/form';
import { createSubmit } from '../autosave';
import { useDb } from '../../db/db-context';
import { Editable, ReadOnlyScope, useReadOnly } from '../components/read-only';
import { mayTrackFollowUp } from '../../../shared/policy';
import { usePolicy } from '../shell/use-policy';
import { NeedOffer, OfferCatalogue } from '../offers/need-offer';

function FollowUpCard(props: { f: FollowUp; n: number; onDeleted: (id: string) => void }) {
  const db = useDb();
  const save = (fields: Partial<FollowUp>) => updateFollowUp(db, props.f.id, fields);
  // eslint-disable-next-line solid/reactivity -- bind reads the record when a field renders or saves
  const { bind } = autosaved('fu', () => props.f, save);
  const readOnly = useReadOnly();
  const { can } = usePolicy();
  const mayTrack = () => {
    const siteId = props.f.siteId;
    return can((u) => mayTrackFollowUp(u, { siteId }));
  };
  const fieldOptions = () =>
    withNone(
      t('fu.noField'),
      ACTION_FIELDS.map((f) => ({ value: f.id, label: label(f) })),
    );
  return (
    <ItemCard
      kind="followUp"
      recordId={props.f.id}
      by={props.f}
      n={props.n}
      onDeleted={props.onDeleted}
    >
      <TextField label={t('fu.description')} multiline rows={2} {...bind('description')} />
      <div class="obs-grid">
        <SelectField label={t('fu.kind')} vocab={FOLLOW_UP_KINDS} {...bind('kind')} />
        <SelectField
          label={t('fu.field')}
          options={fieldOptions()}
          {...bind('fieldId', emptyToNull)}
        />
        <SelectField label={t('fu.offerType')} vocab={OFFER_TYPES} {...bind('offerType')} />
        {/* Tracking goes on after the visit is submitted or approved (mayTrackFollowUp). */}
        <ReadOnlyScope when={readOnly() && !mayTrack()}>
          <TextField label={t('fu.owner')} {...bind('owner')} />
          <TextField label={t('fu.dueDate')} type="date" {...bind('dueDate', emptyToNull)} />
          <SelectField label={t('fu.status')} vocab={FOLLOW_UP_STATUSES} {...bind('status')} />
        </ReadOnlyScope>
      </div>
      <Show when={props.f.kind === 'need'}>
        <NeedOffer followUp={props.f} canTrack={mayTrack()} />
      </Show>
    </ItemCard>
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
  const form = createSubmit('fu:add', async () => {
    await addFollowUp(db, { visitId: props.visitId, description: desc(), kind: kind() });
    setDesc('');
  });
  return (
    <section aria-labelledby="fu-h">
      <h2 id="fu-h">{t('visit.followUps')}</h2>
      <Show when={props.followUps.length > 0} fallback={<p class="empty">{t('fu.empty')}</p>}>
        <OfferCatalogue>
          <For each={props.followUps}>
            {(f, i) => <FollowUpCard f={f} n={i() + 1} onDeleted={props.onDeleted} />}
          </For>
        </OfferCatalogue>
      </Show>
      <Editable>
        <form class="card form add-fu" onSubmit={form.submit} novalidate>
          <LabelledField id="fu-new" label={t('fu.description')}>
            <textarea
              id="fu-new"
              rows="2"
              value={desc()}
              onInput={(e) => setDesc(e.currentTarget.value)}
            />
          </LabelledField>
          <ChoiceField
            id="fu-kind"
            label={t('fu.kind')}
            options={vocabOptions(FOLLOW_UP_KINDS, lang())}
            selected={kind()}
            onChange={(v) => setKind(v as FollowUp['kind'])}
          />
          <FormError error={form.error()} />
          <button type="submit" class="btn">
            + {t('fu.add')}
          </button>
        </form>
      </Editable>
    </section>
  );
}
