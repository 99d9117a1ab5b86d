// A refused template edit in words: which text of which item or section, or which limit. Only
// the template pages ask for these words, so their dictionary stays out of every other screen's
// code (the app's errorMessage() is on the first screen).
import { tpl } from '../../i18n/templates';
import { errorMessage } from '../error-message';

type Issue = { path: string; code: string; message: string };
type Named = { name?: string; entity?: string; issues?: Issue[] };

function issueText(issue: Issue): string {
  const [head, index, part, lang] = issue.path.split('.');
  const n = Number(index) + 1;
  const tooSmall = issue.code === 'too_small' || issue.message === 'required';
  if (issue.code === 'too_big' && index === undefined)
    return tpl(head === 'sections' ? 'error.tooManySections' : 'error.tooManyItems');
  if (issue.code === 'too_big') return tpl('error.tooLong');
  if (tooSmall && head === 'title') return tpl('error.titleRequired');
  if (tooSmall && head === 'sections') return tpl('error.sectionRequired', { n });
  if (tooSmall && head === 'items' && part === 'hint' && lang === 'de')
    return tpl('error.hintRequired', { n });
  if (tooSmall && head === 'items') return tpl('error.labelRequired', { n });
  if (head === 'items' && part === 'sectionId') return tpl('error.unknownSection', { n });
  return tpl('error.invalid', { path: issue.path || '?' });
}

/** The words for an error of the template editor, or null when it is not one of its errors. */
function templateErrorMessage(e: unknown): string | null {
  const err = (e ?? {}) as Named;
  if (err.name === 'EmptyTemplateError') return tpl('error.empty');
  if (err.name === 'TemplatePartMissingError') return tpl('error.partMissing');
  if (err.name === 'ValidationError' && err.entity === 'checklistTemplate' && err.issues?.[0])
    return issueText(err.issues[0]);
  return null;
}

/** The words for any error on the template pages: the editor's own, else the app's. */
export const templateEditorError = (e: unknown): string =>
  templateErrorMessage(e) ?? errorMessage(e);
