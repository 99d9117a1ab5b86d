// Settings section: "Alles exportieren", "Nur Ungesynchtes exportieren", "Importieren".
// The ZIP code (fflate, format, validation) loads only when a button is used, keeping the
// first-load bundle small. Mount on the Settings page: <BackupPanel />.
import { Show, createSignal } from 'solid-js';
import { useDb } from '../../db/db-context';
import { lang } from '../../i18n';
import { dt } from '../../i18n/device';
import { browserMode } from '../../device/browser-mode';
import { formatBytes } from '../../i18n/format';
import '../styles/safety.css';

type Status =
  | { kind: 'idle' }
  | { kind: 'working' }
  | { kind: 'ok'; text: string }
  | { kind: 'error'; text: string };

export function backupErrorText(e: unknown): string {
  const err = (e ?? {}) as {
    name?: string;
    code?: string;
    issues?: { path: string }[];
    message?: string;
  };
  if (err.name === 'BackupFileError') {
    if (err.code === 'invalid')
      return dt('backup.err.invalid', { where: err.issues?.[0]?.path ?? '?' });
    if (err.code === 'damaged' || err.code === 'foreign' || err.code === 'too-new')
      return dt(`backup.err.${err.code}`);
  }
  if (err.name === 'StorageFullError' || err.name === 'QuotaExceededError')
    return dt('backup.err.full');
  return dt('backup.err.other', { msg: err.message ?? String(e) });
}

/** Saves the file: the share sheet on iOS (a home-screen app cannot download), else a download. */
async function save(bytes: Uint8Array, name: string): Promise<boolean> {
  const file = new File([bytes as Uint8Array<ArrayBuffer>], name, { type: 'application/zip' });
  if (browserMode().ios && navigator.canShare?.({ files: [file] })) {
    try {
      await navigator.share({ files: [file] });
      return true;
    } catch (e) {
      if ((e as { name?: string }).name === 'AbortError') return false; // the person cancelled
    }
  }
  download(file, name);
  return true;
}

function download(file: Blob, name: string): void {
  const url = URL.createObjectURL(file);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function BackupPanel() {
  const db = useDb();
  const [status, setStatus] = createSignal<Status>({ kind: 'idle' });
  const busy = () => status().kind === 'working';

  async function exportScope(scope: 'all' | 'unsynced') {
    setStatus({ kind: 'working' });
    try {
      const { exportBackup, exportFileName } = await import('../../backup/export-file');
      const bytes = await exportBackup(db, scope, __APP_VERSION__);
      const name = exportFileName(scope);
      if (!(await save(bytes, name))) {
        setStatus({ kind: 'idle' });
        return;
      }
      setStatus({
        kind: 'ok',
        text: dt('backup.exported', { name, size: formatBytes(bytes.byteLength, lang()) }),
      });
    } catch (e) {
      setStatus({ kind: 'error', text: backupErrorText(e) });
    }
  }

  async function importFile(input: HTMLInputElement) {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    setStatus({ kind: 'working' });
    try {
      const { importBackup } = await import('../../backup/import-file');
      const r = await importBackup(db, file);
      setStatus({ kind: 'ok', text: dt('backup.imported', { ...r }) });
    } catch (e) {
      setStatus({ kind: 'error', text: backupErrorText(e) });
    }
  }

  return (
    <section class="card" aria-labelledby="backup-h" data-testid="backup-panel">
      <h2 id="backup-h">{dt('backup.title')}</h2>
      <p class="muted">{dt('backup.intro')}</p>
      <div class="backup-actions">
        <button type="button" class="btn" disabled={busy()} onClick={() => void exportScope('all')}>
          {dt('backup.exportAll')}
        </button>
        <button
          type="button"
          class="btn"
          disabled={busy()}
          onClick={() => void exportScope('unsynced')}
        >
          {dt('backup.exportUnsynced')}
        </button>
        <label class="btn">
          {dt('backup.import')}
          <input
            type="file"
            accept=".zip,application/zip"
            class="sr-only"
            disabled={busy()}
            data-testid="backup-import"
            onChange={(e) => void importFile(e.currentTarget)}
          />
        </label>
      </div>
      <p
        role="status"
        data-testid="backup-status"
        classList={{ banner: status().kind === 'error', error: status().kind === 'error' }}
      >
        <Show when={status().kind === 'working'}>{dt('backup.working')}</Show>
        <Show when={status().kind === 'ok' || status().kind === 'error'}>
          {(status() as { text: string }).text}
        </Show>
      </p>
    </section>
  );
}
