// JSON export: the records as they are stored, re-parseable with ExportFile (records.ts).
import { type DataModel, EXPORT_FORMAT, type ExportFile, type RenderOptions } from './records';

export async function renderJson(
  model: DataModel,
  opts: RenderOptions = {},
  now = new Date(),
): Promise<Uint8Array> {
  opts.signal?.throwIfAborted();
  const file: ExportFile = {
    format: EXPORT_FORMAT,
    version: 1,
    exportedAt: now.toISOString(),
    ...model.records,
  };
  const bytes = new TextEncoder().encode(JSON.stringify(file, null, 2));
  opts.onProgress?.(1, 1);
  return bytes;
}
