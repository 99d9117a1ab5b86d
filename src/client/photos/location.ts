// Where and when a photo was taken, read from the ORIGINAL file before re-encoding strips
// its metadata. GPS is read only with the person's consent; exifr is loaded only when used.
export type PhotoMeta = { lat: number | null; lng: number | null; takenAt: string | null };

type Exif = { latitude?: number; longitude?: number; DateTimeOriginal?: Date | string };

function validCoord(lat: unknown, lng: unknown): lat is number {
  return (
    typeof lat === 'number' &&
    typeof lng === 'number' &&
    Number.isFinite(lat) &&
    Number.isFinite(lng) &&
    Math.abs(lat) <= 90 &&
    Math.abs(lng) <= 180 &&
    !(lat === 0 && lng === 0)
  );
}

export async function readPhotoMeta(file: Blob, withLocation: boolean): Promise<PhotoMeta> {
  const meta: PhotoMeta = { lat: null, lng: null, takenAt: null };
  try {
    const { default: exifr } = await import('exifr');
    const exif = (await exifr.parse(file, {
      tiff: true,
      exif: true,
      gps: withLocation,
      xmp: false,
      icc: false,
      iptc: false,
      jfif: false,
      ihdr: false,
      pick: withLocation ? undefined : ['DateTimeOriginal'],
    })) as Exif | undefined;
    if (exif?.DateTimeOriginal instanceof Date && !Number.isNaN(exif.DateTimeOriginal.getTime())) {
      meta.takenAt = exif.DateTimeOriginal.toISOString();
    }
    if (withLocation && validCoord(exif?.latitude, exif?.longitude)) {
      meta.lat = exif!.latitude!;
      meta.lng = exif!.longitude!;
    }
  } catch {
    // No or broken EXIF: the photo is still fine, it just has no metadata.
  }
  return meta;
}

/** The device position now (for camera shots without GPS in EXIF); null if refused or slow. */
export function currentPosition(timeoutMs = 8000): Promise<{ lat: number; lng: number } | null> {
  if (typeof navigator === 'undefined' || !navigator.geolocation) return Promise.resolve(null);
  return new Promise((ok) => {
    navigator.geolocation.getCurrentPosition(
      (p) => ok({ lat: p.coords.latitude, lng: p.coords.longitude }),
      () => ok(null),
      { enableHighAccuracy: true, timeout: timeoutMs, maximumAge: 60_000 },
    );
  });
}
