// The JSON of a sync request as a fake network or a fault injector reads it: the engine sends
// long bodies gzip-compressed (src/client/sync/gzip-body.ts), like the server, this inflates them.
export async function syncRequestJson(req: Request): Promise<unknown> {
  const copy = req.clone();
  if (copy.headers.get('content-encoding') !== 'gzip') return copy.json();
  return new Response(copy.body!.pipeThrough(new DecompressionStream('gzip'))).json();
}
