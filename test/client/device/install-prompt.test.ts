import { describe, expect, it } from 'vitest';
import {
  INSTALL_HINT_KEY,
  INSTALL_HINT_PAUSE_MS,
  INSTALL_HINT_VISITS,
  canInstall,
  dismissInstallHint,
  installHintDue,
  promptInstall,
  readInstallHint,
  startInstallPromptCapture,
} from '../../../src/client/device/install-prompt';

describe("the install button follows the browser's beforeinstallprompt", () => {
  it('is offered after the event, shows the native dialog once, and disappears after installation', async () => {
    const win = new EventTarget();
    startInstallPromptCapture(win);
    expect(canInstall()).toBe(false);
    let prompted = 0;
    const ev = Object.assign(new Event('beforeinstallprompt', { cancelable: true }), {
      prompt: async () => {
        prompted++;
      },
      userChoice: Promise.resolve({ outcome: 'accepted' as const }),
    });
    win.dispatchEvent(ev);
    expect(ev.defaultPrevented).toBe(true); // no mini-infobar: our button decides when
    expect(canInstall()).toBe(true);
    await expect(promptInstall()).resolves.toBe(true);
    expect(prompted).toBe(1);
    expect(canInstall()).toBe(false);
    await expect(promptInstall()).resolves.toBe(false); // an event can be used only once
    win.dispatchEvent(
      Object.assign(new Event('beforeinstallprompt', { cancelable: true }), {
        prompt: async () => {},
        userChoice: Promise.resolve({ outcome: 'dismissed' }),
      }),
    );
    expect(canInstall()).toBe(true);
    win.dispatchEvent(new Event('appinstalled'));
    expect(canInstall()).toBe(false);
  });
});

describe('the install hint after "Nicht jetzt"', () => {
  const DAY = 24 * 60 * 60 * 1000;
  const T0 = Date.parse('2026-05-04T10:00:00Z');
  const memoryStorage = () => {
    const m = new Map<string, string>();
    return {
      getItem: (k: string) => m.get(k) ?? null,
      setItem: (k: string, v: string) => void m.set(k, v),
    };
  };

  it('shows until dismissed; then stays away for a month and three more visits, both', () => {
    expect(installHintDue(null, 0, T0)).toBe(true);
    const store = memoryStorage();
    dismissInstallHint(5, T0, store);
    const memory = readInstallHint(store);
    expect(memory).toEqual({ dismissedAt: T0, visits: 5 });
    // A reload the same day, a week later, many visits the next day: still dismissed.
    expect(installHintDue(memory, 5, T0 + 60_000)).toBe(false);
    expect(installHintDue(memory, 7, T0 + 7 * DAY)).toBe(false);
    expect(installHintDue(memory, 40, T0 + DAY)).toBe(false);
    // A month later without new visits: still not a meaningful occasion.
    expect(installHintDue(memory, 7, T0 + 31 * DAY)).toBe(false);
    // A month later, with the third visit since: once more.
    expect(installHintDue(memory, 8, T0 + INSTALL_HINT_PAUSE_MS)).toBe(true);
    // Dismissed again: the next month counts from now.
    dismissInstallHint(8, T0 + 31 * DAY, store);
    expect(installHintDue(readInstallHint(store), 12, T0 + 40 * DAY)).toBe(false);
  });

  it('reads the flag of earlier versions as an old dismissal, and bad data as none', () => {
    const store = memoryStorage();
    store.setItem('sb-install-dismissed', '1');
    const legacy = readInstallHint(store);
    expect(installHintDue(legacy, 2, T0)).toBe(false);
    expect(installHintDue(legacy, INSTALL_HINT_VISITS, T0)).toBe(true);
    const bad = memoryStorage();
    bad.setItem(INSTALL_HINT_KEY, '{"dismissedAt":"yesterday"}');
    expect(readInstallHint(bad)).toBeNull();
    expect(readInstallHint(undefined)).toBeNull();
  });
});
