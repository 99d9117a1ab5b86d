// Shown for any address the app does not know; precached like every page, so it works offline.
import { t } from '../../i18n';
import { NotFound } from '../components/page-parts';
import { usePageTitle } from '../shell/page-title';

export default function NotFoundPage() {
  usePageTitle(() => t('notFound.title'));
  return (
    <NotFound
      class="page narrow"
      title={t('notFound.title')}
      link={t('notFound.home')}
      linkClass="btn primary"
    >
      <p>{t('notFound.body')}</p>
    </NotFound>
  );
}
