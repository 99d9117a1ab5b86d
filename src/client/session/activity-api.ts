// The activity log API seen from the device (GET /api/v1/activity, src/shared/activity.ts):
// a page as JSON, parsed again here, or the whole filtered period as a CSV file. Failures are
// the accounts API's named errors, which the page puts into words.
import { ActivityPage } from '../../shared/activity';
import { NetworkError, throwUnlessOk } from './errors';

/** What the page asks for; '' or undefined leaves a filter out. */
export type ActivityRequest = {
  userId?: string;
  siteId?: string;
  entity?: string;
  from?: string;
  to?: string;
  cursor?: string;
  limit?: number;
  format?: 'csv';
  lang?: 'de' | 'en';
};

export function activityQuery(r: ActivityRequest): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(r))
    if (v !== undefined && v !== '') q.set(k, String(v as string | number));
  return q.toString();
}

async function get(r: ActivityRequest, token: string | null): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(`/api/v1/activity?${activityQuery(r)}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
      signal: AbortSignal.timeout(r.format === 'csv' ? 300_000 : 30_000),
    });
  } catch (e) {
    throw new NetworkError(String((e as Error)?.message ?? e), { cause: e });
  }
  await throwUnlessOk(res);
  return res;
}

export async function fetchActivityPage(
  r: ActivityRequest,
  token: string | null,
): Promise<ActivityPage> {
  const res = await get(r, token);
  return ActivityPage.parse(await res.json());
}

/** The CSV file and the name the server gave it (Content-Disposition). */
export async function fetchActivityCsv(
  r: Omit<ActivityRequest, 'cursor' | 'limit' | 'format'>,
  token: string | null,
): Promise<{ blob: Blob; name: string }> {
  const res = await get({ ...r, format: 'csv' }, token);
  const name =
    /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'activity.csv';
  try {
    return { blob: await res.blob(), name };
  } catch (e) {
    throw new NetworkError(String((e as Error)?.message ?? e), { cause: e });
  }
}
