// Under the visit's photos: how much room photos take, how full the device is, the location
// consent and the photo size. Settings are per device (meta table), not synced.
import { For, Show, createResource } from 'solid-js';
import {
  type PhotoSettings,
  photoStorageBytes,
  readPhotoSettings,
  writePhotoSettings,
} from '../../db/photos';
import type { AppDb } from '../../db/schema';
import { lang } from '../../i18n';
import { pt } from '../../i18n/photos';
import { LONG_EDGE } from '../../photos/process-image';
import { readEstimate } from '../../photos/storage-guard';
import { defaultBudgetBytes } from '../../sync/blob-prefetch';
import { latestOf } from '../latest';
import { createOpenedOnce } from './opened-once';

const EDGES = [1024, 1280, LONG_EDGE.default, 2048, LONG_EDGE.max] as const;
/** Choices for the photo budget (MB); 0 = automatic (client/sync/blob-prefetch.ts). */
const BUDGETS = [0, 100, 200, 500, 1000, 2000] as const;

export function settingsWithDefaults(s: Partial<PhotoSettings>): PhotoSettings {
  return {
    longEdge: s.longEdge ?? LONG_EDGE.default,
    locationConsent: s.locationConsent ?? false,
    budgetMb: s.budgetMb,
  };
}

/** `version` changes whenever the strip's photos change, so the figures follow. */
export function PhotoSettingsPanel(props: { db: AppDb; version: number }) {
  const [usage] = createResource(
    () => props.version,
    // eslint-disable-next-line solid/reactivity -- the fetcher runs when `version` changes; `db` is fixed per signed-in user
    async () => ({
      bytes: await photoStorageBytes(props.db),
      estimate: await readEstimate(),
      autoBudget: defaultBudgetBytes((await readEstimate())?.quota ?? 0),
    }),
  );
  const [settings, { mutate }] = createResource(async () =>
    settingsWithDefaults(await readPhotoSettings(props.db)),
  );
  const save = async (patch: Partial<PhotoSettings>) => {
    await writePhotoSettings(props.db, patch);
    mutate((s) => ({ ...settingsWithDefaults(s ?? {}), ...patch }));
  };
  const { opened, onToggle } = createOpenedOnce();
  const mb = (n: number) =>
    (n / 1_000_000).toLocaleString(lang() === 'en' ? 'en' : 'de', {
      maximumFractionDigits: 1,
      minimumFractionDigits: 1,
    });
  return (
    <div class="photo-settings">
      <Show when={latestOf(usage)}>
        {(u) => (
          <p class="photo-usage muted">
            {pt('usage', { mb: mb(u().bytes) })}
            <Show when={u().estimate}>
              {(e) => <> · {pt('quota', { pct: Math.round((e().usage / e().quota) * 100) })}</>}
            </Show>
          </p>
        )}
      </Show>
      <Show when={latestOf(settings)}>
        {(s) => (
          <details onToggle={onToggle}>
            <summary>{pt('settings')}</summary>
            {/* Made when first opened: controls in a closed group cost Chromium's form scan a
                forced layout of its hidden content. */}
            <Show when={opened()}>
              <label class="photo-check">
                <input
                  type="checkbox"
                  checked={s().locationConsent}
                  onChange={(e) => void save({ locationConsent: e.currentTarget.checked })}
                />
                {pt('location')}
              </label>
              <p class="muted">{pt('locationHint')}</p>
              <label class="photo-edge">
                {pt('longEdge')}
                <select
                  value={String(s().longEdge)}
                  onChange={(e) => void save({ longEdge: Number(e.currentTarget.value) })}
                >
                  <For each={EDGES}>
                    {(n) => (
                      <option value={n} selected={n === s().longEdge}>
                        {n}
                      </option>
                    )}
                  </For>
                </select>
              </label>
              <label class="photo-edge">
                {pt('budget')}
                <select
                  value={String(s().budgetMb ?? 0)}
                  onChange={(e) =>
                    void save({ budgetMb: Number(e.currentTarget.value) || undefined })
                  }
                >
                  <For each={BUDGETS}>
                    {(n) => (
                      <option value={n} selected={n === (s().budgetMb ?? 0)}>
                        {n === 0
                          ? pt('budgetAuto', {
                              mb: Math.round((latestOf(usage)?.autoBudget ?? 0) / 1e6),
                            })
                          : n}
                      </option>
                    )}
                  </For>
                </select>
              </label>
              <p class="muted">{pt('budgetHint')}</p>
            </Show>
          </details>
        )}
      </Show>
    </div>
  );
}
