// The form of an offer (new on /offers/new, changed on /offers/:id): title, type, the action
// fields it serves (grouped by theme; none ticked: any field), organisation, description,
// contact, availability and, when changing one, whether it is still offered. Saved on submit.
import { For, Show, createSignal, createUniqueId } from 'solid-js';
import { THEMES, fieldsOfTheme } from '../../../shared/domain/action-fields';
import type { ActionFieldId } from '../../../shared/domain/schemas';
import { OFFER_TYPES } from '../../../shared/domain/vocab';
import { type OfferFields, offerFieldsOf } from '../../db/offer-mutators';
import { label, lang } from '../../i18n';
import { ot } from '../../i18n/offers';
import {
  ChoiceField,
  FormError,
  InputField,
  LabelledField,
  vocabOptions,
} from '../components/form';
import { offerError } from './offer-error';

export function OfferForm(props: {
  initial: OfferFields;
  /** The form's accessible name ("Neues Angebot", "Angebot bearbeiten"). */
  name: string;
  submitLabel: string;
  /** Show "Wird angeboten" (changing an offer; a new one is offered). */
  withActive?: boolean;
  onSubmit: (fields: OfferFields) => Promise<void>;
}) {
  const [f, setF] = createSignal<OfferFields>(offerFieldsOf(props.initial));
  const [error, setError] = createSignal<string | null>(null);
  const [saved, setSaved] = createSignal(false);
  const id = createUniqueId();
  const set = (patch: Partial<OfferFields>) => {
    setSaved(false);
    setF((v) => ({ ...v, ...patch }));
  };
  const setContact = (patch: Partial<OfferFields['contact']>) =>
    set({ contact: { ...f().contact, ...patch } });
  const toggleField = (fieldId: ActionFieldId, on: boolean) =>
    set({ fieldIds: on ? [...f().fieldIds, fieldId] : f().fieldIds.filter((x) => x !== fieldId) });

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    setError(null);
    try {
      await props.onSubmit(f());
      setSaved(true);
    } catch (err) {
      setError(offerError(err));
    }
  }

  return (
    <form
      class="card form offer-form"
      aria-label={props.name}
      onSubmit={(e) => void submit(e)}
      novalidate
    >
      <InputField
        id={`${id}-title`}
        label={ot('form.title')}
        value={f().title}
        onInput={(v) => set({ title: v })}
      />
      <ChoiceField
        id={`${id}-type`}
        label={ot('form.type')}
        options={vocabOptions(OFFER_TYPES, lang())}
        selected={f().type}
        onChange={(v) => set({ type: v as OfferFields['type'] })}
      />
      <fieldset class="offer-fields">
        <legend>{ot('form.fields')}</legend>
        <For each={THEMES}>
          {(theme) => (
            <div class="offer-theme">
              <p class="offer-theme-name">
                <span class="theme-letter" aria-hidden="true">
                  {theme.id}
                </span>
                {label(theme)}
              </p>
              <For each={fieldsOfTheme(theme.id)}>
                {(field) => (
                  <label class="offer-check">
                    <input
                      type="checkbox"
                      value={field.id}
                      checked={f().fieldIds.includes(field.id)}
                      onChange={(e) => toggleField(field.id, e.currentTarget.checked)}
                    />
                    <span>{label(field)}</span>
                  </label>
                )}
              </For>
            </div>
          )}
        </For>
      </fieldset>
      <InputField
        id={`${id}-org`}
        label={ot('form.organisation')}
        value={f().organisation}
        onInput={(v) => set({ organisation: v })}
      />
      <LabelledField id={`${id}-desc`} label={ot('form.description')}>
        <textarea
          id={`${id}-desc`}
          rows="4"
          value={f().description}
          onInput={(e) => set({ description: e.currentTarget.value })}
        />
      </LabelledField>
      <fieldset class="offer-contact">
        <legend>{ot('form.contact')}</legend>
        <InputField
          id={`${id}-cname`}
          label={ot('form.contactName')}
          value={f().contact.name}
          onInput={(v) => setContact({ name: v })}
        />
        <InputField
          id={`${id}-corg`}
          label={ot('form.contactOrg')}
          value={f().contact.organisation}
          onInput={(v) => setContact({ organisation: v })}
        />
        <InputField
          id={`${id}-cmail`}
          type="email"
          label={ot('form.contactEmail')}
          value={f().contact.email}
          onInput={(v) => setContact({ email: v })}
        />
        <InputField
          id={`${id}-cphone`}
          type="tel"
          label={ot('form.contactPhone')}
          value={f().contact.phone}
          onInput={(v) => setContact({ phone: v })}
        />
      </fieldset>
      <InputField
        id={`${id}-avail`}
        label={ot('form.availability')}
        value={f().availability}
        onInput={(v) => set({ availability: v })}
      />
      <Show when={props.withActive}>
        <label class="offer-check">
          <input
            type="checkbox"
            checked={f().active}
            onChange={(e) => set({ active: e.currentTarget.checked })}
          />
          <span>{ot('form.active')}</span>
        </label>
      </Show>
      <FormError message={error()} />
      <Show when={saved()}>
        <p class="muted" role="status">
          {ot('form.saved')}
        </p>
      </Show>
      <button type="submit" class="btn primary" data-action="offer.save">
        {props.submitLabel}
      </button>
    </form>
  );
}
