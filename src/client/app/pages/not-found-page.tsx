// Shown for any address the app does not know; precached like every page, so it works offline.
import { A } from '@solidjs/router';
import { t } from '../../i18n';

export default function NotFoundPage() {
  return (
    <section class="page narrow">
      <h1>{t('notFound.title')}</h1>
      <p>{t('notFound.body')}</p>
      <p>
        <A class="btn primary" href="/visits">
          {t('notFound.home')}
        </A>
      </p>
    </section>
  );
}
