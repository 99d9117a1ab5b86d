// Content address of photo bytes (docs/architecture.md §Photos, invariant I6): lower-case hex SHA-256.
// Always computed BEFORE a transaction starts: awaiting crypto inside one would let it auto-commit.
export async function sha256Hex(data: Blob | ArrayBuffer | Uint8Array): Promise<string> {
  const buf = data instanceof Blob ? await data.arrayBuffer() : data;
  const digest = await crypto.subtle.digest('SHA-256', buf as BufferSource);
  return Array.from(new Uint8Array(digest), (x) => x.toString(16).padStart(2, '0')).join('');
}
