// Valid row fields for reliability runs (the same shapes as test/server/support/harness.ts,
// which also owns the in-process server; re-exported so these scripts need no vitest import).
export { siteFields, visitFields, observationFields, photoFields } from '../../server/support/harness';
export { fakeJpeg, sha256 } from '../../support/jpeg';
