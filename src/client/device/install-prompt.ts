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
