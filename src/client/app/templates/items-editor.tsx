// The items of a template version: text and optional hint in German and English (autosaved),
// the section, order, remove, and a form for a new one. An item keeps its id in every later
// version, so a visit's checklist rows stay the same rows.
import { Show } from 'solid-js';
import type { EntityOf } from '../../../shared/domain/schemas';
import { templateText } from '../../../shared/domain/template-versions';
import type { TemplateEdit } from '../../db/template-edits';
import { newTemplatePartId } from '../../db/template-mutators';
import { lang } from '../../i18n';
import { tpl } from '../../i18n/templates';
import { SelectField, TextField } from '../components/fields';
import { AddPartForm } from './add-part-form';
import { PartList } from './part-list';

type Template = EntityOf<'checklistTemplate'>;
type Item = Template['items'][number];

export function ItemsEditor(props: {
  template: Template;
  edit: (e: TemplateEdit) => Promise<void>;
  onError: (e: unknown) => void;
}) {
  const ids = () => props.template.items.map((i) => i.id);
  const item = (id: string) => props.template.items.find((i) => i.id === id);
  const sectionOptions = () => [
    { value: '', label: tpl('items.noSection') },
    ...props.template.sections.map((s) => ({ value: s.id, label: templateText(s.title, lang()) })),
  ];
  return (
    <section class="card" aria-labelledby="tpl-items-h">
      <h2 id="tpl-items-h">{tpl('items.title')}</h2>
      <PartList
        ids={ids()}
        empty={tpl('items.empty')}
        name={(n) => tpl('items.name', { n })}
        kind="item"
        removeLabel={tpl('items.remove')}
        move={(id, by) => props.edit({ kind: 'moveItem', id, by })}
        remove={(id) => props.edit({ kind: 'removeItem', id })}
        onError={(e) => props.onError(e)}
      >
        {(id) => {
          const key = (f: string) => `tpl:${props.template.key}:item.${id}.${f}`;
          const text = (part: 'label' | 'hint', which: 'de' | 'en') => ({
            saveKey: key(`${part}.${which}`),
            get value() {
              const i: Item | undefined = item(id);
              return (part === 'label' ? i?.label[which] : i?.hint?.[which]) ?? '';
            },
            onSave: (v: string) =>
              props.edit({ kind: 'item', id, [part]: { [which]: v } } as TemplateEdit),
          });
          return (
            <>
              <TextField label={tpl('items.labelDe')} {...text('label', 'de')} />
              <TextField label={tpl('items.labelEn')} {...text('label', 'en')} />
              <details class="tpl-hint" open={!!item(id)?.hint}>
                <summary>{tpl('items.hint')}</summary>
                <TextField label={tpl('items.hintDe')} multiline rows={2} {...text('hint', 'de')} />
                <TextField label={tpl('items.hintEn')} multiline rows={2} {...text('hint', 'en')} />
              </details>
              <Show when={props.template.sections.length > 0}>
                <SelectField
                  label={tpl('items.section')}
                  options={sectionOptions()}
                  saveKey={key('section')}
                  value={item(id)?.sectionId ?? ''}
                  onSave={(v) => props.edit({ kind: 'item', id, sectionId: v || null })}
                />
              </Show>
            </>
          );
        }}
      </PartList>
      <AddPartForm
        label={tpl('items.new')}
        button={tpl('items.add')}
        add={(de) =>
          props.edit({ kind: 'addItem', id: newTemplatePartId(), label: { de, en: '' } })
        }
        onError={(e) => props.onError(e)}
      />
    </section>
  );
}
