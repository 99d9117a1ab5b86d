// The visit page: status, coverage strip, details, checklists, observations by theme
// and field, follow-ups, photos and reports. Every control autosaves.
import { A } from '@solidjs/router';
import { Show, createSignal } from 'solid-js';
import type { EntityName } from '../../../shared/domain/schemas';
import { previousFindingsOf } from '../../db/briefing-queries';
import { ratingsOfVisit } from '../../db/rating-queries';
import { restoreRecord } from '../../db/mutators';
import {
  checklistOf,
  followUpsOf,
  getSite,
  getVisit,
  observationsOf,
  photosOfVisit,
} from '../../db/queries';
import type { AppDb } from '../../db/schema';
import { lang, t } from '../../i18n';
import { formatDate } from '../../i18n/format';
import { VisitConflicts } from '../components/conflict-marks';
import { PhotoStrip } from '../components/photo-strip';
import { PrepareOffline } from '../components/prepare-offline';
import { ReportMenu } from '../components/report-menu';
import { VisitSyncBadge } from '../components/sync-status';
import { NotFound, RecordGate } from '../components/page-parts';
import { saveNow } from '../autosave';
import { useRouteRecord } from '../route-query';
import { siteName } from '../site-name';
import { ChecklistSection } from '../visit/checklist-section';
import { CoverageStrip } from '../visit/coverage-strip';
import { FollowUpsSection } from '../visit/follow-ups-section';
import { FieldRatingsSection } from '../visit/field-ratings-section';
import { ObservationsSection } from '../visit/observations-section';
import { AfterFirstFrame, AfterFirstPaint } from '../visit/after-first-paint';
import { VisitDetails } from '../visit/visit-details';
import { DeleteVisit } from '../visit/delete-visit';
import { ReviewPanel, useVisitLocked } from '../visit/review-panel';
import { ReadOnlyScope } from '../components/read-only';
import { usePageTitle } from '../shell/page-title';
import { recordTitle } from '../shell/record-title';
import { barHeight } from '../shell/bars';
import { tt } from '../../i18n/titles';
import { CommentsAt } from '../review/comment-thread';
import { RecordHistory } from '../history/record-history';
import { ReviewSummary } from '../review/review-summary';
import { VisitReview } from '../review/review-context';

/** The visit (null when it is not on the device) with its site, read together. */
async function visitWithSite(db: AppDb, id: string) {
  const visit = await getVisit(db, id);
  return visit ? { id: visit.id, visit, site: await getSite(db, visit.siteId) } : null;
}

export default function VisitPage() {
  const { db, byId } = useRouteRecord();
  // The visit and its site in one read: the page shows once its site is read as well (a long
  // site name arriving after the first frame would push everything below it down), and the
  // site's read does not wait for a second query to be started once the visit is there.
  const record = byId(visitWithSite);
  const visit = () => record()?.visit ?? null;
  const site = () => record()?.site ?? null;
  const page = Object.assign(visit, { ready: record.ready, error: record.error });
  usePageTitle(() =>
    recordTitle(page, 'visit', (v) =>
      tt('title.visit', {
        site: site() ? siteName(site()!) : '…',
        date: formatDate(v.date, lang(), 'long'),
      }),
    ),
  );
  const items = byId(checklistOf);
  const observations = byId(observationsOf);
  const followUps = byId(followUpsOf);
  // The page's one photo query: every strip shows its group of it (no query per card).
  const photos = byId(photosOfVisit);
  const previous = byId(previousFindingsOf);
  const ratings = byId(ratingsOfVisit);
  const locked = useVisitLocked(visit);
  const [deleted, setDeleted] = createSignal<{ entity: EntityName; id: string } | null>(null);
  const bodyReady = () =>
    items.ready() &&
    observations.ready() &&
    followUps.ready() &&
    photos.ready() &&
    previous.ready() &&
    ratings.ready();
  // The page says it is still being built (aria-busy) until its body and the parts rendered
  // after the first paint are in place: assistive technology and the browser tests wait for it.
  const [restShown, setRestShown] = createSignal(false);

  return (
    <RecordGate
      query={page}
      missing={
        <NotFound class="page" title={t('visit.missing')} link={t('nav.visits')} linkClass="btn" />
      }
    >
      {(v) => (
        <VisitReview visit={v()}>
          <article class="page visit-page" aria-busy={!(bodyReady() && restShown())}>
            <header class="visit-head">
              <h1>{site() ? siteName(site()!) : '…'}</h1>
              <p class="meta">
                {formatDate(v().date, lang(), 'medium')} <VisitSyncBadge visitId={v().id} />
              </p>
              <ReviewPanel visit={v()} />
              <div class="row">
                <Show when={site()}>
                  <A class="btn" href={`/sites/${v().siteId}`}>
                    {t('visit.openSite')}
                  </A>
                </Show>
              </div>
            </header>
            {/* The body appears in one frame once all of its queries answered: sections arriving
                one by one would push each other down (layout shift). */}
            <Show when={bodyReady()}>
              <ReviewSummary />
              <CommentsAt target={{ entity: 'visit', id: v().id }} />
              <RecordHistory entity="visit" id={v().id} />
              <VisitConflicts visitId={v().id} />
              <ReadOnlyScope when={locked()}>
                <FieldRatingsSection visit={v()} ratings={ratings()} place="top" />
                <CoverageStrip observations={observations() ?? []} />
                <VisitDetails visit={v()} />
                <ChecklistSection items={items() ?? []} />
                {/* Below a phone's and a laptop's first screen: in the task after the first
                    frame, which was one task of 120-170 ms at 4× CPU with it. Nothing below it
                    is shown before it, so it moves nothing. */}
                <AfterFirstFrame>
                  <ObservationsSection
                    visitId={v().id}
                    observations={observations() ?? []}
                    photos={photos()}
                    previous={previous()}
                    onDeleted={(id) => setDeleted({ entity: 'observation', id })}
                  />
                </AfterFirstFrame>
                {/* One idle task per part, in page order: together they were one task of 70-90
                    ms at 4× CPU, each alone stays under the 50 ms of a long task. */}
                <AfterFirstPaint>
                  <FieldRatingsSection visit={v()} ratings={ratings()} place="bottom" />
                </AfterFirstPaint>
                <AfterFirstPaint>
                  <FollowUpsSection
                    visitId={v().id}
                    followUps={followUps() ?? []}
                    onDeleted={(id) => setDeleted({ entity: 'followUp', id })}
                  />
                </AfterFirstPaint>
                <AfterFirstPaint>
                  <section aria-labelledby="photos-h">
                    <h2 id="photos-h">{t('visit.photos')}</h2>
                    <PhotoStrip visitId={v().id} observationId={null} photos={photos()?.['']} />
                    <PrepareOffline visitId={v().id} />
                  </section>
                  <DeleteVisit visit={v()} />
                </AfterFirstPaint>
              </ReadOnlyScope>
              <AfterFirstPaint onShown={() => setRestShown(true)}>
                <ReportMenu visitId={v().id} />
              </AfterFirstPaint>
            </Show>
            <Show when={deleted()}>
              {(d) => (
                <div class="toast" role="status" ref={barHeight('toast-h')}>
                  <p>{t('common.deleted')}</p>
                  <button
                    type="button"
                    class="btn"
                    onClick={() =>
                      void saveNow(`restore:${d().id}`, async () => {
                        await restoreRecord(db, d().entity, d().id);
                        setDeleted(null);
                      })
                    }
                  >
                    {t('common.restore')}
                  </button>
                  <button type="button" class="btn subtle" onClick={() => setDeleted(null)}>
                    {t('update.close')}
                  </button>
                </div>
              )}
            </Show>
          </article>
        </VisitReview>
      )}
    </RecordGate>
  );
}
