// What the signed-in app needs from Dexie, in one lazy chunk (app.tsx): the database provider,
// the live queries of the visits list and its cards, the sync badge and the storage watchers.
// The visits list paints its first screen without it (db/first-screen-read.ts), then this loads.
export { DbProvider, prepareDb, useDb } from '../../db/db-context';
export { createLiveQuery } from '../../db/live';
export { checklistOf, listSites, listVisits, participantsByVisit } from '../../db/queries';
export { VisitSyncBadge } from '../components/sync-status';
export { SafetyBanners } from './safety-shell';
