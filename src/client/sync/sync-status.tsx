// Placeholder until the sync feature lands: global indicator and per-visit badge.
export function SyncIndicator() {
  return null;
}
export function VisitSyncBadge(_props: { visitId: string }) {
  return null;
}
