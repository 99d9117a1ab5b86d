// The sections of a template version: name in German and English (autosaved), order, remove
// (its items stay, outside any section), and a form for a new one.
import type { EntityOf } from '../../../shared/domain/schemas';
import type { TemplateEdit } from '../../db/template-edits';
import { newTemplatePartId } from '../../db/template-mutators';
import { tpl } from '../../i18n/templates';
import { TextField } from '../components/fields';
import { AddPartForm } from './add-part-form';
import { PartList } from './part-list';

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
      <PartList
        ids={ids()}
        empty={tpl('sections.empty')}
        name={(n) => tpl('sections.name', { n })}
        kind="section"
        removeLabel={tpl('sections.remove')}
        move={(id, by) => props.edit({ kind: 'moveSection', id, by })}
        remove={(id) => props.edit({ kind: 'removeSection', id })}
        onError={(e) => props.onError(e)}
      >
        {(id) => {
          const field = (which: 'de' | 'en') => ({
            saveKey: `tpl:${props.template.key}:section.${id}.${which}`,
            get value() {
              return section(id)?.title[which] ?? '';
            },
            onSave: (v: string) => props.edit({ kind: 'section', id, title: { [which]: v } }),
          });
          return (
            <>
              <TextField label={tpl('sections.titleDe')} {...field('de')} />
              <TextField label={tpl('sections.titleEn')} {...field('en')} />
            </>
          );
        }}
      </PartList>
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
