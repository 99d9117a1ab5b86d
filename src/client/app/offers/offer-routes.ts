// The three pages of the offers catalogue as one lazily loaded module (routes.tsx): they share
// their form, queries and words, so one chunk serves /offers, /offers/new and /offers/:id.
export { default as OffersPage } from './offers-page';
export { default as OfferNewPage } from './offer-new-page';
export { default as OfferPage } from './offer-page';
