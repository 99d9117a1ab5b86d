// The sections of a template version: name in German and English (autosaved), order, remove
// (its items stay, outside any section), and a form for a new one.
import { For, Show } from 'solid-js';
import type { EntityOf } from '../../../shared/domain/schemas';
import type { TemplateEdit } from '../../db/template-edits';
import { newTemplatePartId } from '../../db/template-mutators';
import { tpl } from '../../i18n/templates';
import { TextField } from '../components/fields';
import { AddPartForm } from './add-part-form';
import { MoveButtons } from './move-buttons';

type Template = EntityOf<'checklistTemplate'>;

export function SectionsEditor(props: {
  template: Template;
  edit: (e: TemplateEdit) => Promise<void>;
  onError: (e: unknown) => void;
}) {
  const ids = () => props.template.sections.map((s) => s.id);
  const section = (id: string) => props.template.sections.find((s) => s.id === id);
  return (
    <section class="card" aria-labelledby="tpl-sections-h">
      <h2 id="tpl-sections-h">{tpl('sections.title')}</h2>
      <Show when={ids().length > 0} fallback={<p class="muted">{tpl('sections.empty')}</p>}>
        <ol class="tpl-parts">
          <For each={ids()}>
            {(id, index) => {
              const name = () => tpl('sections.name', { n: index() + 1 });
              const field = (which: 'de' | 'en') => ({
                saveKey: `tpl:${props.template.key}:section.${id}.${which}`,
                get value() {
                  return section(id)?.title[which] ?? '';
                },
                onSave: (v: string) => props.edit({ kind: 'section', id, title: { [which]: v } }),
              });
              return (
                <li class="tpl-part" data-section={id}>
                  <fieldset>
                    <legend>{name()}</legend>
                    <TextField label={tpl('sections.titleDe')} {...field('de')} />
                    <TextField label={tpl('sections.titleEn')} {...field('en')} />
                  </fieldset>
                  <div class="tpl-part-actions">
                    <MoveButtons
                      rowId={`s-${id}`}
                      name={name()}
                      index={index()}
                      count={ids().length}
                      position={() => ids().indexOf(id)}
                      move={(by) => props.edit({ kind: 'moveSection', id, by })}
                      onError={(e) => props.onError(e)}
                    />
                    <button
                      type="button"
                      class="btn subtle"
                      aria-label={`${tpl('sections.remove')}: ${name()}`}
                      onClick={() =>
                        void props.edit({ kind: 'removeSection', id }).catch(props.onError)
                      }
                    >
                      {tpl('sections.remove')}
                    </button>
                  </div>
                </li>
              );
            }}
          </For>
        </ol>
      </Show>
      <AddPartForm
        label={tpl('sections.new')}
        button={tpl('sections.add')}
        add={(de) =>
          props.edit({ kind: 'addSection', id: newTemplatePartId(), title: { de, en: '' } })
        }
        onError={(e) => props.onError(e)}
      />
    </section>
  );
}
