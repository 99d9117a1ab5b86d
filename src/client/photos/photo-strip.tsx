// Placeholder until the photo feature lands: thumbnails and capture for a visit or one observation.
export function PhotoStrip(_props: { visitId: string; observationId: string | null }) {
  return null;
}
