// Keeps the browser's `beforeinstallprompt` event (Chromium) so an "App installieren"
// button can show the native install dialog later. Must be started early, before the
// event fires; Safari never fires it (it gets the home-screen guide instead).
import { createSignal } from 'solid-js';

type InstallEvent = Event & {
  prompt(): Promise<void>;
  userChoice: Promise<{ outcome: 'accepted' | 'dismissed' }>;
};

const [deferred, setDeferred] = createSignal<InstallEvent | null>(null);
let started = false;

export function startInstallPromptCapture(
  target: EventTarget = globalThis as unknown as EventTarget,
): void {
  if (started || !target?.addEventListener) return;
  started = true;
  target.addEventListener('beforeinstallprompt', (e) => {
    e.preventDefault();
    setDeferred(e as InstallEvent);
  });
  target.addEventListener('appinstalled', () => setDeferred(null));
}

/** True while the browser offers installation. */
export const canInstall = () => deferred() !== null;

/** Shows the browser's install dialog; resolves true when the user accepted. */
export async function promptInstall(): Promise<boolean> {
  const e = deferred();
  if (!e) return false;
  setDeferred(null);
  await e.prompt();
  return (await e.userChoice).outcome === 'accepted';
}

// ── when the install hint may show (docs/architecture.md §Device safety) ───────────────────
/** localStorage: when the person last said "Nicht jetzt", and how many visits the device held then. */
export const INSTALL_HINT_KEY = 'sb-install-hint';
/** Written by earlier versions ("dismissed for good"); read as a dismissal long ago with no visits. */
const LEGACY_DISMISSED_KEY = 'sb-install-dismissed';
/** A dismissed hint comes back at most once in this time… */
export const INSTALL_HINT_PAUSE_MS = 30 * 24 * 60 * 60 * 1000;
/** …and only once this many more visits were captured on the device: the app proved useful. */
export const INSTALL_HINT_VISITS = 3;

export type InstallHintMemory = { dismissedAt: number; visits: number } | null;

type KeyValue = Pick<Storage, 'getItem' | 'setItem'>;
const local = (): KeyValue | undefined => {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined; // storage blocked: the hint shows until dismissed in this session
  }
};

/** Shown never dismissed; once dismissed, only after a month and three more visits. */
export function installHintDue(memory: InstallHintMemory, visits: number, now: number): boolean {
  if (!memory) return true;
  return (
    now - memory.dismissedAt >= INSTALL_HINT_PAUSE_MS &&
    visits >= memory.visits + INSTALL_HINT_VISITS
  );
}

export function readInstallHint(storage = local()): InstallHintMemory {
  try {
    const raw = storage?.getItem(INSTALL_HINT_KEY);
    if (raw) {
      const v = JSON.parse(raw) as { dismissedAt?: unknown; visits?: unknown };
      if (typeof v.dismissedAt === 'number' && typeof v.visits === 'number')
        return { dismissedAt: v.dismissedAt, visits: v.visits };
    }
    if (storage?.getItem(LEGACY_DISMISSED_KEY) === '1') return { dismissedAt: 0, visits: 0 };
  } catch {
    /* unreadable: as if never dismissed */
  }
  return null;
}

/** "Nicht jetzt": remembered on this device with the time and the visits it holds now. */
export function dismissInstallHint(visits: number, now: number, storage = local()): void {
  try {
    storage?.setItem(INSTALL_HINT_KEY, JSON.stringify({ dismissedAt: now, visits }));
  } catch {
    /* private mode: hidden for this session only */
  }
}
