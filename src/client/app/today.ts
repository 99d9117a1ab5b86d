// The person's local calendar day as a signal that moves on at local midnight, for screens whose
// "überfällig" or "läuft" must not stay at the day the page was opened. A device that slept past
// midnight may fire its timer late: coming back into view checks the day at once.
import { type Accessor, createSignal, onCleanup } from 'solid-js';
import { localDay } from '../db/local-day';

/** Milliseconds from `now` to the next local midnight (the calendar's next day, so DST-safe). */
export function msToNextMidnight(now: Date): number {
  const next = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1);
  return next.getTime() - now.getTime();
}

/** Calls `onDay` with the new day whenever the local day changes; returns the stop. */
export function watchLocalDay(onDay: (day: string) => void): () => void {
  let day = localDay();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const check = () => {
    const now = localDay();
    if (now === day) return;
    day = now;
    onDay(now);
  };
  // A timer that fires a little early finds the same day and waits for the rest.
  const arm = () => {
    timer = setTimeout(
      () => {
        check();
        arm();
      },
      msToNextMidnight(new Date()) + 20,
    );
  };
  const onVisible = () => {
    if (document.visibilityState === 'visible') check();
  };
  arm();
  const doc = typeof document === 'undefined' ? null : document;
  doc?.addEventListener('visibilitychange', onVisible);
  return () => {
    clearTimeout(timer);
    doc?.removeEventListener('visibilitychange', onVisible);
  };
}

/** Today's local day (YYYY-MM-DD), updated at local midnight while its owner lives. */
export function createToday(): Accessor<string> {
  const [today, setToday] = createSignal(localDay());
  onCleanup(watchLocalDay(setToday));
  return today;
}
