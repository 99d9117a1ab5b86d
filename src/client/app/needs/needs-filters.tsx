// The filters of the needs list: site, action field, offer type, status, owner (text, with the
// owners seen as suggestions), due by a day, overdue only, and kind. The page keeps them in the
// URL query (needs-filter.ts), so they survive a reload and can be linked to.
import { Show } from 'solid-js';
import { ACTION_FIELDS } from '../../../shared/domain/action-fields';
import type { Site } from '../../../shared/domain/schemas';
import { FOLLOW_UP_KINDS, FOLLOW_UP_STATUSES, OFFER_TYPES } from '../../../shared/domain/vocab';
import {
  DEFAULT_NEEDS_FILTER,
  type NeedsFilter,
  needsFilterFromQuery,
  needsQueryOf,
} from '../../db/needs-filter';
import { label, lang } from '../../i18n';
import { nt } from '../../i18n/needs';
import { ChoiceField, InputField, vocabOptions, withNone } from '../components/form';
import { siteOptions } from '../site-name';

export function NeedsFilters(props: {
  filter: NeedsFilter;
  sites: readonly Site[] | undefined;
  ownersListId: string;
  onChange: (f: NeedsFilter) => void;
}) {
  const set = (patch: Partial<NeedsFilter>) => props.onChange({ ...props.filter, ...patch });
  const statusOptions = () => [
    { value: '', label: nt('statusOpen') },
    ...vocabOptions(FOLLOW_UP_STATUSES, lang()),
    { value: 'done,dropped', label: nt('statusClosed') },
    { value: 'all', label: nt('allStatuses') },
  ];
  const isDefault = () => Object.values(needsQueryOf(props.filter)).every((v) => v === undefined);
  return (
    <details class="card filters needs-filters" open={!isDefault()}>
      <summary>{nt('filters')}</summary>
      <div class="filter-grid">
        <Show when={(props.sites ?? []).length > 1 || props.filter.siteId}>
          <ChoiceField
            id="nf-site"
            label={nt('site')}
            options={withNone(nt('all'), siteOptions(props.sites as Site[]))}
            selected={props.filter.siteId}
            onChange={(siteId) => set({ siteId })}
          />
        </Show>
        <ChoiceField
          id="nf-field"
          label={nt('field')}
          options={withNone(
            nt('all'),
            ACTION_FIELDS.map((f) => ({ value: f.id, label: label(f) })),
          )}
          selected={props.filter.fieldId}
          onChange={(fieldId) => set({ fieldId })}
        />
        <ChoiceField
          id="nf-offer"
          label={nt('offerType')}
          options={withNone(nt('all'), vocabOptions(OFFER_TYPES, lang()))}
          selected={props.filter.offerType}
          onChange={(offerType) => set({ offerType })}
        />
        <ChoiceField
          id="nf-status"
          label={nt('status')}
          options={statusOptions()}
          selected={needsQueryOf(props.filter).status ?? ''}
          onChange={(status) => set({ statuses: needsFilterFromQuery({ status }).statuses })}
        />
        <ChoiceField
          id="nf-kind"
          label={nt('kind')}
          options={withNone(nt('all'), vocabOptions(FOLLOW_UP_KINDS, lang()))}
          selected={props.filter.kind}
          onChange={(kind) => set({ kind })}
        />
        <InputField
          id="nf-owner"
          label={nt('owner')}
          type="search"
          list={props.ownersListId}
          value={props.filter.owner}
          onInput={(owner) => set({ owner })}
        />
        <InputField
          id="nf-due"
          label={nt('dueUntil')}
          type="date"
          value={props.filter.dueUntil}
          onInput={(dueUntil) => set({ dueUntil })}
        />
        <div class="field check">
          <label>
            <input
              type="checkbox"
              checked={props.filter.overdueOnly}
              onChange={(e) => set({ overdueOnly: e.currentTarget.checked })}
            />{' '}
            {nt('overdueOnly')}
          </label>
        </div>
      </div>
      <Show when={!isDefault()}>
        <button
          type="button"
          class="btn subtle"
          onClick={() => props.onChange(DEFAULT_NEEDS_FILTER)}
        >
          {nt('reset')}
        </button>
      </Show>
    </details>
  );
}
