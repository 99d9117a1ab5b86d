import { describe, expect, it } from 'vitest';
import {
  canInstall,
  promptInstall,
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
