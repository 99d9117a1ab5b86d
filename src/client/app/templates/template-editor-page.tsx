// Route /templates/:id (coordinators): the editor of one checklist template, always on its newest
// version. Texts autosave; sections and items are added, moved (Nach oben / Nach unten, focus
// stays on the moved row), removed; publish and retire. When the newest version is used by
// visits, the first change makes the next version as a draft (db/template-mutators.ts) and the
// page says so; those visits keep their version.
import { A, useParams } from '@solidjs/router';
import { Show, createSignal } from 'solid-js';
import { currentTemplates, templateText } from '../../../shared/domain/template-versions';
import { TEMPLATE_STATUSES } from '../../../shared/domain/vocab';
import { useDb } from '../../db/db-context';
import { createLiveQuery } from '../../db/live';
import { type TemplateEdit } from '../../db/template-edits';
import {
  editTemplate,
  publishTemplate,
  retireTemplate,
  setTemplateDefault,
  versionsOf,
} from '../../db/template-mutators';
import { versionFixed } from '../../db/template-use';
import { label, lang } from '../../i18n';
import { tpl } from '../../i18n/templates';
import { templateEditorError } from './template-error';
import { TextField } from '../components/fields';
import { FormError } from '../components/form';
import { WhenReady } from '../components/page-parts';
import { usePageTitle } from '../shell/page-title';
import { ItemsEditor } from './items-editor';
import { SectionsEditor } from './sections-editor';
import '../styles/templates.css';

async function loadTemplate(db: ReturnType<typeof useDb>, id: string) {
  const row = await db.checklistTemplates.get(id);
  if (!row || row._deleted === 1) return null;
  const versions = await versionsOf(db, row.key);
  const head = versions.at(-1)!;
  return { id: head.key, versions, head, fixed: await versionFixed(db, head) };
}

export default function TemplateEditorPage() {
  const params = useParams<{ id: string }>();
  const db = useDb();
  const template = createLiveQuery(
    () => params.id,
    (id) => loadTemplate(db, id),
  );
  usePageTitle(() => {
    const t = template();
    return t ? `${templateText(t.head.title, lang())} – ${tpl('edit.title')}` : tpl('edit.title');
  });
  const [notice, setNotice] = createSignal<string | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  const fail = (e: unknown) => setError(templateEditorError(e));

  /** Runs an edit; says so when it made a new version (the page shows that version then). */
  async function edit(change: TemplateEdit): Promise<void> {
    const t = template();
    if (!t) return;
    const before = t.head;
    // A refused text keeps its draft in the field (which shows the app's general words); the
    // editor's own words, which say which item or section, stand above the form.
    const id = await editTemplate(db, before.id, change).catch((e: unknown) => {
      fail(e);
      throw e;
    });
    setError(null);
    if (id !== before.id)
      setNotice(tpl('edit.newVersion', { version: before.version + 1, old: before.version }));
  }
  const act = (run: () => Promise<void>, done: string | null) => async () => {
    try {
      await run();
      setError(null);
      setNotice(done);
    } catch (e) {
      fail(e);
    }
  };

  return (
    <section class="page narrow tpl-editor">
      <p>
        <A class="tap" href="/templates">
          ← {tpl('edit.back')}
        </A>
      </p>
      <h1>{tpl('edit.title')}</h1>
      <WhenReady ready={template.ready()}>
        <Show when={template()} fallback={<p>{tpl('edit.missing')}</p>}>
          {(t) => {
            const head = () => t().head;
            const current = () => currentTemplates(t().versions)[0];
            const textField = (which: 'de' | 'en') => ({
              saveKey: `tpl:${t().id}:title.${which}`,
              get value() {
                return head().title[which];
              },
              onSave: (v: string) => edit({ kind: 'title', title: { [which]: v } }),
            });
            return (
              <>
                <p class="meta" data-testid="template-version">
                  {tpl('version', { n: head().version })} ·{' '}
                  <span class={`tpl-status tpl-${head().status}`}>
                    {label(TEMPLATE_STATUSES[head().status])}
                  </span>{' '}
                  · {current() ? tpl('current', { n: current()!.version }) : tpl('noCurrent')}
                </p>
                <Show when={t().fixed}>
                  <p class="tpl-note">
                    {tpl('edit.fixed', { version: head().version, next: head().version + 1 })}
                  </p>
                </Show>
                <Show when={!t().fixed}>
                  <p class="tpl-note">{tpl('edit.draft')}</p>
                </Show>
                <p role="status" class="tpl-notice">
                  {notice()}
                </p>
                <FormError message={error()} />
                <div class="card form">
                  <TextField label={tpl('edit.titleDe')} {...textField('de')} />
                  <TextField label={tpl('edit.titleEn')} {...textField('en')} />
                </div>
                <SectionsEditor template={head()} edit={edit} onError={fail} />
                <ItemsEditor template={head()} edit={edit} onError={fail} />
                <div class="card form">
                  <label class="tpl-check">
                    <input
                      type="checkbox"
                      checked={head().isDefault}
                      onChange={(e) =>
                        void setTemplateDefault(db, head().id, e.currentTarget.checked).catch(fail)
                      }
                    />
                    {tpl('list.default')}
                  </label>
                  <div class="row">
                    <Show when={head().status !== 'published'}>
                      <button
                        type="button"
                        class="btn primary"
                        onClick={act(
                          () => publishTemplate(db, head().id),
                          tpl('edit.published', { n: head().version }),
                        )}
                      >
                        {tpl('edit.publish')}
                      </button>
                    </Show>
                    <Show when={current()}>
                      <button
                        type="button"
                        class="btn"
                        onClick={act(() => retireTemplate(db, head().id), tpl('edit.retired'))}
                      >
                        {tpl('edit.retire')}
                      </button>
                    </Show>
                  </div>
                </div>
              </>
            );
          }}
        </Show>
      </WhenReady>
    </section>
  );
}
