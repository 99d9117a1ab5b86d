// A sync request's body, gzip-compressed when that pays (docs/architecture.md §Transport): a push
// of records is JSON whose keys repeat in every mutation (a visit of 30 observations: 30 KB of
// JSON, 3.3 KB compressed), and the uplink of a site visit is the slow side of the link. The server inflates it
// (server/http/inflate.ts) and counts the inflated bytes against its body limit.

/** Bodies shorter than this go plain: a pull request is a few hundred bytes, no gain. */
export const GZIP_FROM_CHARS = 1024;

export type SyncBody = { body: string | Uint8Array<ArrayBuffer>; gzip: boolean };

/** `json` as the body to send: gzip bytes when it is long enough and the platform can compress. */
export async function syncBody(json: string): Promise<SyncBody> {
  if (json.length < GZIP_FROM_CHARS || typeof CompressionStream !== 'function')
    return { body: json, gzip: false };
  try {
    const stream = new Blob([json]).stream().pipeThrough(new CompressionStream('gzip'));
    return { body: new Uint8Array(await new Response(stream).arrayBuffer()), gzip: true };
  } catch {
    return { body: json, gzip: false }; // a platform that cannot compress sends it plain
  }
}
