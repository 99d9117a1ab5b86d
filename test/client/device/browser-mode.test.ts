import { describe, expect, it } from 'vitest';
import { STALE_PENDING_MS, browserMode, isStale } from '../../../src/client/device/browser-mode';

const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const MAC_SAFARI =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15';
const CHROME =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const env = (userAgent: string, more: Partial<Parameters<typeof browserMode>[0]> = {}) => ({
  userAgent,
  platform: '',
  maxTouchPoints: 0,
  iosStandalone: undefined,
  displayStandalone: false,
  ...more,
});

describe('browser tab versus installed app', () => {
  it('an iPhone Safari tab is at risk; the same phone from the home screen is not', () => {
    expect(browserMode(env(IPHONE, { iosStandalone: false }))).toMatchObject({
      ios: true,
      standalone: false,
      purgeRisk: true,
    });
    expect(browserMode(env(IPHONE, { iosStandalone: true }))).toMatchObject({
      standalone: true,
      purgeRisk: false,
    });
  });

  it('an iPad that reports itself as a Mac is still iOS', () => {
    expect(browserMode(env(MAC_SAFARI, { platform: 'MacIntel', maxTouchPoints: 5 })).ios).toBe(
      true,
    );
  });

  it('macOS Safari in a tab is at risk; Chrome is not, and is offered installation instead', () => {
    expect(browserMode(env(MAC_SAFARI, { platform: 'MacIntel' }))).toMatchObject({
      safari: true,
      purgeRisk: true,
    });
    expect(browserMode(env(CHROME))).toMatchObject({ safari: false, ios: false, purgeRisk: false });
    expect(browserMode(env(CHROME, { displayStandalone: true })).standalone).toBe(true);
  });

  it('changes waiting more than two days are stale', () => {
    const now = 10 * STALE_PENDING_MS;
    expect(isStale(null, now)).toBe(false);
    expect(isStale(now - STALE_PENDING_MS + 1, now)).toBe(false);
    expect(isStale(now - STALE_PENDING_MS - 1, now)).toBe(true);
  });
});
