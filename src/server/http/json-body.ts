// Reads a JSON request body for a route: 415 unless Content-Type is application/json, 400 with
// the failing path when it does not parse or does not match the shared schema. The size limit
// (413) is applied before, by the bodyLimit middleware in app.ts.
import type { Context } from 'hono';
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
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw zodHttpError(parsed.error);
  return parsed.data;
}
