// Where the app runs: an installed app (standalone) or a browser tab, and whether that tab
// is Safari/iOS, whose script-writable storage is deleted after 7 days without use
// unless the app was added to the home screen (WebKit's Intelligent Tracking Prevention).

export type BrowserEnv = {
  userAgent: string;
  platform: string;
  maxTouchPoints: number;
  /** navigator.standalone (iOS only). */
  iosStandalone: boolean | undefined;
  displayStandalone: boolean;
};

export type BrowserMode = {
  standalone: boolean;
  ios: boolean;
  safari: boolean;
  purgeRisk: boolean;
};

export function readBrowserEnv(): BrowserEnv {
  const nav = globalThis.navigator as (Navigator & { standalone?: boolean }) | undefined;
  const mm = globalThis.matchMedia?.bind(globalThis);
  return {
    userAgent: nav?.userAgent ?? '',
    platform: nav?.platform ?? '',
    maxTouchPoints: nav?.maxTouchPoints ?? 0,
    iosStandalone: nav?.standalone,
    displayStandalone:
      !!mm &&
      (mm('(display-mode: standalone)').matches ||
        mm('(display-mode: fullscreen)').matches ||
        mm('(display-mode: minimal-ui)').matches),
  };
}

export function browserMode(env: BrowserEnv = readBrowserEnv()): BrowserMode {
  const ua = env.userAgent;
  // iPadOS 13+ reports itself as a Mac; touch points give it away.
  const ios =
    /iPad|iPhone|iPod/.test(ua) || (env.platform === 'MacIntel' && env.maxTouchPoints > 1);
  const safari =
    /Safari\//.test(ua) && !/Chrome\/|Chromium\/|CriOS|FxiOS|EdgiOS|EdgA|Android|OPR\//.test(ua);
  const standalone = env.displayStandalone || env.iosStandalone === true;
  // Every iOS browser is WebKit with the same storage rules; on macOS only Safari.
  return { standalone, ios, safari, purgeRisk: !standalone && (ios || safari) };
}

/** Changes waiting longer than this in a Safari tab get a louder warning. */
export const STALE_PENDING_MS = 2 * 24 * 60 * 60 * 1000;

export function isStale(oldestPendingAt: number | null, now = Date.now()): boolean {
  return oldestPendingAt !== null && now - oldestPendingAt > STALE_PENDING_MS;
}
