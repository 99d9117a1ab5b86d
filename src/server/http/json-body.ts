// Reads a JSON request body for a route: 415 unless Content-Type is application/json, 400 with
// the failing path when it does not parse or does not match the shared schema. The size limit
// (413) is applied before, by the bodyLimit middleware in app.ts. A schema with a `protocol`
// field (the sync request) checks it first: a body of another protocol, or of none, is answered
// 426 upgrade_required { error, message, path: 'protocol', protocol, minSchemaVersion } whatever
// else it holds, so an old app learns to update instead of retrying a 400 (§Errors).
import type { Context } from 'hono';
import { MIN_SCHEMA_VERSION, PROTOCOL_VERSION } from '../../shared/protocol';
import type { z } from '../../shared/zod';
import { ApiHttpError, zodHttpError } from './errors';

export async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type))
    throw new ApiHttpError(415, 'unsupported_media_type', 'Content-Type must be application/json');
  let raw: unknown;
  try {
    raw = JSON.parse(await c.req.text());
  } catch {
    throw new ApiHttpError(400, 'invalid_json', 'the body is not valid JSON', '');
  }
  const declared = (schema as { shape?: Record<string, z.ZodType> }).shape?.['protocol'];
  const body = raw !== null && typeof raw === 'object' && !Array.isArray(raw);
  if (declared && body && !declared.safeParse((raw as { protocol?: unknown }).protocol).success)
    throw new ApiHttpError(
      426,
      'upgrade_required',
      `this server speaks protocol ${PROTOCOL_VERSION}; update the app`,
      'protocol',
      {},
      { protocol: PROTOCOL_VERSION, minSchemaVersion: MIN_SCHEMA_VERSION },
    );
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw zodHttpError(parsed.error);
  return parsed.data;
}
