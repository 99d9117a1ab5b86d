// The title of a record's page (shell/page-title.ts): the record's name once read, else words
// saying it is loading or not there.
import type { LiveQuery } from '../../db/live';
import { tt } from '../../i18n/titles';

export function recordTitle<T>(
  query: LiveQuery<T>,
  area: 'visit' | 'site',
  name: (record: NonNullable<T>) => string,
): string {
  const record = query();
  if (record) return name(record);
  return tt(query.ready() ? `title.${area}Missing` : `title.${area}Loading`);
}
