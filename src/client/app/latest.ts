// A resource's value as last loaded, read without suspending. Reading a Solid resource while it
// loads (its first load, a refetch, a new source) hands the nearest <Suspense> its fallback: the
// page's own in the layout, so a section refreshing its data replaced the whole page with
// "Lädt …", dropped focus and scroll position, and brought the page back after the load.
import type { Resource } from 'solid-js';

/**
 * The value of the last load that succeeded, kept while the next one runs; undefined before the
 * first load ended and after a load failed (read `r.error` for why). Never suspends.
 */
export function latestOf<T>(r: Resource<T>): T | undefined {
  return r.state === 'ready' || r.state === 'refreshing' ? r.latest : undefined;
}
