// Photo bytes on the wire: content-addressed by SHA-256, uploaded resumably with a
// minimal subset of tus 1.0.0 (core, creation, creation-with-upload), verified by the server
// (docs/architecture.md §Upload, invariant I6).
//   HEAD /api/v1/blobs/:sha256      → 200 stored and visible to this user | 404   (dedupe probe)
//   GET  /api/v1/blobs/:sha256      → image/jpeg bytes, nosniff, Content-Disposition
//   POST /api/v1/uploads            headers: Tus-Resumable: 1.0.0, Upload-Length: n,
//                                   Upload-Metadata: sha256 <base64>,type <base64>; optionally the
//                                   first bytes as body (Content-Type: application/offset+octet-stream)
//                                   → 201 Location: /api/v1/uploads/:id, Upload-Offset: bytes it holds
//                                   (the account's open upload of the same bytes is found again, not
//                                   doubled); 200 + Upload-Offset=length when already stored
//   HEAD /api/v1/uploads/:id        → 200 Upload-Offset, Upload-Length | 404/410 expired
//   PATCH /api/v1/uploads/:id       Content-Type: application/offset+octet-stream, Upload-Offset: k
//                                   → 204 Upload-Offset: k+len; on the last chunk the server checks the
//                                   hash and the image: 460 hash mismatch (upload discarded), 415 not a JPEG,
//                                   413 too large; 409 offset mismatch (client re-reads the offset with HEAD)
export const TUS_VERSION = '1.0.0';
export const MAX_BLOB_BYTES = 12 * 1024 * 1024;
export const MAX_IMAGE_PIXELS = 40_000_000;
export const HASH_MISMATCH_STATUS = 460;

export const blobUrl = (sha256: string) => `/api/v1/blobs/${sha256}`;
export const UPLOADS_URL = '/api/v1/uploads';
