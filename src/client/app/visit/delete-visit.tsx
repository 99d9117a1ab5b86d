// "Besuch löschen": offered only to whom the shared policy lets delete this visit (its creator,
// or the coordinating office); the creator is the row's `_by.createdBy` (client/db/authors.ts),
// unknown for visits from before authors were kept, and then only a coordinator may. Deleting
// asks first, is a restorable tombstone (the server deletes the children with it) and returns
// to the visit list.
import { useNavigate } from '@solidjs/router';
import { Show } from 'solid-js';
import type { Visit } from '../../../shared/domain/schemas';
import { mayDeleteVisit } from '../../../shared/policy';
import type { RowAuthors } from '../../db/authors';
import { useDb } from '../../db/db-context';
import { deleteRecord } from '../../db/mutators';
import { pt } from '../../i18n/policy';
import { saveNow } from '../autosave';
import { usePolicy } from '../shell/use-policy';
import { useReadOnly } from '../components/read-only';

/** Who created the row, by account id (null: unknown). */
const creatorOf = (row: object) => (row as { _by?: RowAuthors | null })._by?.createdBy ?? null;

export function DeleteVisit(props: { visit: Visit }) {
  const db = useDb();
  const navigate = useNavigate();
  const { user } = usePolicy();
  const readOnly = useReadOnly();
  const allowed = () => {
    const u = user();
    const v = props.visit;
    return u !== null && mayDeleteVisit(u, { siteId: v.siteId, createdBy: creatorOf(v) });
  };
  const remove = () => {
    if (!confirm(pt('visit.deleteConfirm'))) return;
    void saveNow(`visit:${props.visit.id}:delete`, async () => {
      await deleteRecord(db, 'visit', props.visit.id);
      navigate('/visits', { replace: true });
    });
  };
  return (
    <Show when={allowed() && !readOnly()}>
      <p class="row end">
        <button type="button" class="btn subtle" data-action="visit.delete" onClick={remove}>
          {pt('visit.delete')}
        </button>
      </p>
    </Show>
  );
}
