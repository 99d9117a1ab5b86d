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

const EDGES = [1024, 1280, LONG_EDGE.default, 2048, LONG_EDGE.max] as const;

export function settingsWithDefaults(s: Partial<PhotoSettings>): PhotoSettings {
  return { longEdge: s.longEdge ?? LONG_EDGE.default, locationConsent: s.locationConsent ?? false };
}

/** `version` changes whenever the strip's photos change, so the figures follow. */
export function PhotoSettingsPanel(props: { db: AppDb; version: number }) {
  const [usage] = createResource(
    () => props.version,
    // eslint-disable-next-line solid/reactivity -- the fetcher runs when `version` changes; `db` is fixed per signed-in user
    async () => ({
      bytes: await photoStorageBytes(props.db),
      estimate: await readEstimate(),
    }),
  );
  const [settings, { mutate }] = createResource(async () =>
    settingsWithDefaults(await readPhotoSettings(props.db)),
  );
  const save = async (patch: Partial<PhotoSettings>) => {
    await writePhotoSettings(props.db, patch);
    mutate((s) => ({ ...settingsWithDefaults(s ?? {}), ...patch }));
  };
  const mb = (n: number) =>
    (n / 1_000_000).toLocaleString(lang() === 'en' ? 'en' : 'de', {
      maximumFractionDigits: 1,
      minimumFractionDigits: 1,
    });
  return (
    <div class="photo-settings">
      <Show when={usage()}>
        {(u) => (
          <p class="photo-usage muted">
            {pt('usage', { mb: mb(u().bytes) })}
            <Show when={u().estimate}>
              {(e) => <> · {pt('quota', { pct: Math.round((e().usage / e().quota) * 100) })}</>}
            </Show>
          </p>
        )}
      </Show>
      <Show when={settings()}>
        {(s) => (
          <details>
            <summary>{pt('settings')}</summary>
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
          </details>
        )}
      </Show>
    </div>
  );
}
