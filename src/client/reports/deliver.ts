// Hands a finished export to the user: the share sheet where the browser can share files
// (phones), a download otherwise. Share needs a fresh user gesture; after a long export it
// may be refused, and then the file is downloaded instead of lost.
export type Delivery = 'shared' | 'downloaded' | 'dismissed';

export async function deliver(blob: Blob, name: string): Promise<Delivery> {
  const file = new File([blob], name, { type: blob.type });
  if (typeof navigator.canShare === 'function' && navigator.canShare({ files: [file] })) {
    try {
      await navigator.share({ files: [file], title: name });
      return 'shared';
    } catch (e) {
      if ((e as Error).name === 'AbortError') return 'dismissed';
      // NotAllowedError (gesture expired) and others: fall through to a download.
    }
  }
  download(blob, name);
  return 'downloaded';
}

export function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // Revoke late: some browsers read the blob asynchronously after the click.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
