// A site's sponsorships (Patenschaften) on its page: for the site as a whole or one project, who
// sponsors it, for which period, running or ended by today's date, and a note; added, changed and
// deleted by whoever may write at the site (members, its Quartiersmanagement, coordinators).
// Deleting asks first, as for visits and offers; running or ended follows the day past midnight.
import { For, Show, createSignal, createUniqueId } from 'solid-js';
import type { Sponsorship } from '../../../shared/domain/schemas';
import { canWrite } from '../../../shared/policy';
import { useDb } from '../../db/db-context';
import { createLiveQuery } from '../../db/live';
import { localDay } from '../../db/local-day';
import type { Local } from '../../db/schema';
import {
  type SponsorshipFields,
  addSponsorship,
  deleteSponsorship,
  updateSponsorship,
} from '../../db/sponsorship-mutators';
import { sponsorshipState, sponsorshipsOfSite } from '../../db/sponsorship-queries';
import { lang } from '../../i18n';
import { formatDate } from '../../i18n/format';
import { ot } from '../../i18n/offers';
import { FormError, InputField, LabelledField, createForm } from '../components/form';
import { usePolicy } from '../shell/use-policy';
import { createToday } from '../today';
import { errorMessage, issuePaths } from '../error-message';
import './offers.css';

/** A failed save in words: a missing sponsor or start, an end before the start, or as elsewhere. */
function sponsorshipError(e: unknown): string {
  const paths = issuePaths(e);
  if (paths.some((p) => p.startsWith('sponsors'))) return ot('sp.sponsorRequired');
  if (paths.includes('from')) return ot('sp.fromRequired');
  if (paths.includes('to')) return ot('sp.toBeforeFrom');
  return errorMessage(e);
}

const nameOf = (s: Sponsorship) => s.project || ot('sp.wholeSite');

function periodText(s: Sponsorship): string {
  const from = formatDate(s.from, lang());
  return s.to === null
    ? ot('sp.since', { from })
    : ot('sp.period', { from, to: formatDate(s.to, lang()) });
}

function stateText(s: Sponsorship, today: string): string {
  const state = sponsorshipState(s, today);
  if (state === 'planned') return ot('sp.planned', { from: formatDate(s.from, lang()) });
  return ot(state === 'running' ? 'sp.running' : 'sp.ended');
}

type Sponsor = Sponsorship['sponsors'][number];

const sponsorsText = (list: readonly Sponsor[]) =>
  list.map((p) => (p.organisation ? `${p.name} (${p.organisation})` : p.name)).join(', ');

export function SiteSponsorships(props: { siteId: string }) {
  const db = useDb();
  const { can } = usePolicy();
  const list = createLiveQuery(
    () => props.siteId,
    (id) => sponsorshipsOfSite(db, id),
  );
  const mayWrite = (op: 'create' | 'patch' | 'delete') => {
    const siteId = props.siteId;
    return can((u) => canWrite(u, 'sponsorship', op, { siteId, createdBy: null }));
  };
  const today = createToday();
  const [editing, setEditing] = createSignal<string | null>(null);
  const [error, setError] = createSignal<unknown>(null);
  let section!: HTMLElement;
  let heading!: HTMLHeadingElement;
  /** Closes the open form and hands focus back to the button that opened it (gone with it). */
  const close = () => {
    const was = editing();
    setEditing(null);
    const opener =
      was === 'new'
        ? '[data-action="sponsorship.add"]'
        : `[data-sponsorship="${was}"] [data-action="sponsorship.edit"]`;
    section.querySelector<HTMLElement>(opener)?.focus();
  };
  const saveEdit = async (id: string, fields: SponsorshipFields) => {
    await updateSponsorship(db, id, fields);
    close();
  };
  const saveNew = async (fields: SponsorshipFields) => {
    await addSponsorship(db, props.siteId, fields);
    close();
  };
  /** Asks first; once deleted, its card and button are gone: focus goes to the section's heading. */
  const remove = async (s: Sponsorship) => {
    const name = nameOf(s);
    if (!confirm(ot('sp.confirmDelete', { name, sponsors: sponsorsText(s.sponsors) }))) return;
    setError(null);
    try {
      await deleteSponsorship(db, s.id);
      heading.focus();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section ref={section} aria-labelledby="sp-h" class="site-sponsorships">
      <h2 id="sp-h" ref={heading} tabindex="-1">
        {ot('sp.title')}
      </h2>
      <Show when={list.ready()}>
        <Show when={(list() ?? []).length > 0} fallback={<p class="empty">{ot('sp.empty')}</p>}>
          <ul class="cards">
            <For each={list()}>
              {(s) => (
                <li class="card sp-card" data-sponsorship={s.id}>
                  <Show
                    when={editing() === s.id}
                    fallback={
                      <SponsorshipView
                        s={s}
                        today={today()}
                        mayEdit={mayWrite('patch')}
                        mayDelete={mayWrite('delete')}
                        onEdit={() => setEditing(s.id)}
                        onDelete={() => void remove(s)}
                      />
                    }
                  >
                    <SponsorshipForm
                      initial={s}
                      onCancel={close}
                      onSave={(fields) => saveEdit(s.id, fields)}
                    />
                  </Show>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </Show>
      <FormError error={error()} />
      <Show when={mayWrite('create')}>
        <Show
          when={editing() === 'new'}
          fallback={
            <button
              type="button"
              class="btn"
              data-action="sponsorship.add"
              onClick={() => setEditing('new')}
            >
              + {ot('sp.add')}
            </button>
          }
        >
          <div class="card">
            <SponsorshipForm onCancel={close} onSave={saveNew} />
          </div>
        </Show>
      </Show>
    </section>
  );
}

function SponsorshipView(props: {
  s: Local<Sponsorship>;
  today: string;
  mayEdit: boolean;
  mayDelete: boolean;
  onEdit: () => void;
  onDelete: () => void;
}) {
  return (
    <>
      <p class="offer-title">
        {nameOf(props.s)}{' '}
        <span
          class={`status ${sponsorshipState(props.s, props.today) === 'running' ? '' : 'status-planned'}`}
        >
          {stateText(props.s, props.today)}
        </span>
      </p>
      <p>{sponsorsText(props.s.sponsors)}</p>
      <p class="meta">{periodText(props.s)}</p>
      <Show when={props.s.note}>
        <p class="offer-description">{props.s.note}</p>
      </Show>
      <p class="row end">
        <Show when={props.mayEdit}>
          <button
            type="button"
            class="btn"
            data-action="sponsorship.edit"
            aria-label={ot('sp.editName', { name: nameOf(props.s) })}
            onClick={() => props.onEdit()}
          >
            {ot('sp.edit')}
          </button>
        </Show>
        <Show when={props.mayDelete}>
          <button
            type="button"
            class="btn subtle"
            data-action="sponsorship.delete"
            aria-label={ot('sp.deleteName', { name: nameOf(props.s) })}
            onClick={() => props.onDelete()}
          >
            {ot('sp.delete')}
          </button>
        </Show>
      </p>
    </>
  );
}

function SponsorshipForm(props: {
  initial?: Sponsorship;
  onSave: (fields: SponsorshipFields) => Promise<void>;
  onCancel: () => void;
}) {
  const id = createUniqueId();
  const form = createForm({
    project: props.initial?.project ?? '',
    from: props.initial?.from ?? localDay(),
    to: props.initial?.to ?? '',
    note: props.initial?.note ?? '',
  });
  const [sponsors, setSponsors] = createSignal<Sponsor[]>(
    props.initial?.sponsors.map((p) => ({ ...p })) ?? [{ name: '', organisation: '' }],
  );
  const [error, setError] = createSignal<string | null>(null);
  const setSponsor = (i: number, patch: Partial<Sponsor>) =>
    setSponsors((l) => l.map((p, j) => (j === i ? { ...p, ...patch } : p)));

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    setError(null);
    const { project, from, to, note } = form.values();
    try {
      await props.onSave({
        project: project.trim(),
        // Rows left empty are dropped; a row with only an organisation still needs its name.
        sponsors: sponsors()
          .map((p) => ({ name: p.name.trim(), organisation: p.organisation.trim() }))
          .filter((p) => p.name || p.organisation),
        from,
        to: to === '' ? null : to,
        note,
      });
    } catch (err) {
      setError(sponsorshipError(err));
    }
  }

  return (
    <form class="form sp-form" onSubmit={(e) => void submit(e)} novalidate>
      <InputField id={`${id}-project`} label={ot('sp.project')} {...form.text('project')} />
      <fieldset class="sp-sponsors">
        <legend>{ot('sp.sponsors')}</legend>
        <For each={sponsors().map((_, i) => i)}>
          {(i) => (
            <div class="sp-sponsor" role="group" aria-label={ot('sp.sponsorN', { n: i + 1 })}>
              <InputField
                id={`${id}-name-${i}`}
                label={ot('sp.sponsorName')}
                value={sponsors()[i]?.name ?? ''}
                onInput={(v) => setSponsor(i, { name: v })}
              />
              <InputField
                id={`${id}-org-${i}`}
                label={ot('sp.sponsorOrg')}
                value={sponsors()[i]?.organisation ?? ''}
                onInput={(v) => setSponsor(i, { organisation: v })}
              />
              <Show when={sponsors().length > 1}>
                <button
                  type="button"
                  class="btn subtle"
                  aria-label={ot('sp.removeSponsor', { n: i + 1 })}
                  onClick={() => setSponsors((l) => l.filter((_, j) => j !== i))}
                >
                  ×
                </button>
              </Show>
            </div>
          )}
        </For>
        <button
          type="button"
          class="btn subtle"
          onClick={() => setSponsors((l) => [...l, { name: '', organisation: '' }])}
        >
          + {ot('sp.addSponsor')}
        </button>
      </fieldset>
      <div class="obs-grid">
        <InputField id={`${id}-from`} type="date" label={ot('sp.from')} {...form.text('from')} />
        <InputField id={`${id}-to`} type="date" label={ot('sp.to')} {...form.text('to')} />
      </div>
      <LabelledField id={`${id}-note`} label={ot('sp.note')}>
        <textarea
          id={`${id}-note`}
          rows="2"
          value={form.values().note}
          onInput={(e) => form.set({ note: e.currentTarget.value })}
        />
      </LabelledField>
      <FormError message={error()} />
      <p class="row">
        <button type="submit" class="btn primary" data-action="sponsorship.save">
          {ot('sp.save')}
        </button>
        <button type="button" class="btn subtle" onClick={() => props.onCancel()}>
          {ot('sp.cancel')}
        </button>
      </p>
    </form>
  );
}
