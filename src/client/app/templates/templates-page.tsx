// Route /templates (coordinators): every checklist template with its newest version and status,
// which version new visits get, the "default for new visits" switch, the order (Nach oben /
// Nach unten) and a form for a new template. Works offline: all of it is local writes that sync.
import { A, useNavigate } from '@solidjs/router';
import { For, Show, createSignal, createUniqueId } from 'solid-js';
import { currentTemplates, templateText } from '../../../shared/domain/template-versions';
import { TEMPLATE_STATUSES } from '../../../shared/domain/vocab';
import { useDb } from '../../db/db-context';
import { createLiveQuery } from '../../db/live';
import {
  createTemplate,
  moveTemplate,
  setTemplateDefault,
  templatesInOrder,
} from '../../db/template-mutators';
import { label, lang } from '../../i18n';
import { tpl } from '../../i18n/templates';
import { templateEditorError } from './template-error';
import { FormError, InputField } from '../components/form';
import { WhenReady } from '../components/page-parts';
import { usePageTitle } from '../shell/page-title';
import { MoveButtons } from './move-buttons';
import '../styles/templates.css';

export default function TemplatesPage() {
  usePageTitle(() => tpl('list.title'));
  const db = useDb();
  const navigate = useNavigate();
  const templates = createLiveQuery(
    () => db,
    (d) => templatesInOrder(d),
  );
  const keys = () => (templates() ?? []).map((vs) => vs[0]!.key);
  const versionsOf = (key: string) => (templates() ?? []).find((vs) => vs[0]!.key === key) ?? [];
  const [error, setError] = createSignal<string | null>(null);
  const fail = (e: unknown) => setError(templateEditorError(e));
  const [titleDe, setTitleDe] = createSignal('');
  const [titleEn, setTitleEn] = createSignal('');
  const ids = { de: createUniqueId(), en: createUniqueId() };

  async function create(e: SubmitEvent) {
    e.preventDefault();
    try {
      const t = await createTemplate(db, { de: titleDe(), en: titleEn() });
      navigate(`/templates/${t.key}`);
    } catch (err) {
      fail(err);
    }
  }

  return (
    <section class="page narrow">
      <h1>{tpl('list.title')}</h1>
      <p class="muted">{tpl('list.intro')}</p>
      <FormError message={error()} />
      <WhenReady ready={templates.ready()}>
        <Show when={keys().length > 0} fallback={<p class="empty">{tpl('list.empty')}</p>}>
          <ul class="cards tpl-list">
            <For each={keys()}>
              {(key, index) => {
                const versions = () => versionsOf(key);
                const head = () => versions().at(-1)!;
                const current = () => currentTemplates(versions())[0];
                const name = () => templateText(head().title, lang());
                return (
                  <li class="card tpl-row" data-template={key}>
                    <A class="tpl-name" href={`/templates/${key}`}>
                      {name()}
                    </A>
                    <p class="meta">
                      {tpl('version', { n: head().version })} ·{' '}
                      <span class={`tpl-status tpl-${head().status}`}>
                        {label(TEMPLATE_STATUSES[head().status])}
                      </span>{' '}
                      · {tpl('items', { n: head().items.length })}
                    </p>
                    <p class="meta">
                      {current() ? tpl('current', { n: current()!.version }) : tpl('noCurrent')}
                    </p>
                    <label class="tpl-check">
                      <input
                        type="checkbox"
                        checked={head().isDefault}
                        onChange={(e) =>
                          void setTemplateDefault(db, key, e.currentTarget.checked).catch(fail)
                        }
                      />
                      <span>
                        {tpl('list.default')}
                        <span class="sr-only">: {name()}</span>
                      </span>
                    </label>
                    <MoveButtons
                      rowId={key}
                      name={name()}
                      index={index()}
                      count={keys().length}
                      position={() => keys().indexOf(key)}
                      move={(by) => moveTemplate(db, key, by)}
                      onError={fail}
                    />
                  </li>
                );
              }}
            </For>
          </ul>
        </Show>
      </WhenReady>
      <form class="card form" aria-labelledby="tpl-new-h" onSubmit={(e) => void create(e)}>
        <h2 id="tpl-new-h">{tpl('list.new')}</h2>
        <InputField
          id={ids.de}
          label={tpl('edit.titleDe')}
          value={titleDe()}
          onInput={setTitleDe}
        />
        <InputField
          id={ids.en}
          label={tpl('edit.titleEn')}
          value={titleEn()}
          onInput={setTitleEn}
        />
        <button type="submit" class="btn primary" data-action="template.create">
          {tpl('list.create')}
        </button>
      </form>
    </section>
  );
}
