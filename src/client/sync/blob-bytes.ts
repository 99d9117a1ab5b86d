// Blob rows hold either a Blob or {buf, type} (WebKit fallback chosen by the capture probe).
import type { BlobRow } from '../db/schema';

export async function bytesOf(data: BlobRow['data']): Promise<{ bytes: Uint8Array; type: string }> {
  if (typeof Blob !== 'undefined' && data instanceof Blob)
    return { bytes: new Uint8Array(await data.arrayBuffer()), type: data.type || 'image/jpeg' };
  const d = data as { buf: ArrayBuffer | Uint8Array; type: string };
  return {
    bytes: d.buf instanceof Uint8Array ? d.buf : new Uint8Array(d.buf),
    type: d.type || 'image/jpeg',
  };
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
