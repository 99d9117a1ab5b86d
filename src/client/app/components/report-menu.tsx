// Export buttons of one visit (mounted on the visit page). Everything heavy is imported on
// click; this component itself stays small.
import { Show, createSignal, onMount } from 'solid-js';
import { useDb } from '../../db/db-context';
import { lang as uiLang } from '../../i18n';
import type { Lang } from '../../../shared/domain/vocab';
import { useExportJob } from '../../reports/create-export-job';
import { ExportButtons, ExportProgress } from './export-progress';
import { exportTexts } from '../../i18n/reports';
import { PrintView } from './print-view';
import { warmReportCache } from '../../reports/warm-up';
import '../styles/reports.css';

type Kind = 'pdf' | 'docx' | 'html' | 'csv' | 'json' | 'zip';
const BUTTONS: readonly Kind[] = ['pdf', 'docx', 'html', 'csv', 'json', 'zip'];

export function ReportMenu(props: { visitId: string }) {
  const db = useDb();
  const ui = () => exportTexts.table(uiLang());
  const [reportLang, setReportLang] = createSignal<Lang>(uiLang());
  // eslint-disable-next-line solid/reactivity -- the job key is taken once, when the menu mounts
  const job = useExportJob(`visit:${props.visitId}`, ui);
  const print = job.view;
  const setPrint = job.setView;
  onMount(warmReportCache);

  const exportAs = (kind: Kind) =>
    job.run(ui()[kind], async (opts) => {
      const { exportVisit } = await import('../../reports/export-jobs');
      const out = await exportVisit(db, props.visitId, kind, reportLang(), opts);
      if (kind === 'html') {
        setPrint({ html: await out.blob.text(), urls: out.photoUrls ?? [] });
        return;
      }
      const { deliver } = await import('../../reports/deliver');
      await deliver(out.blob, out.name);
      return exportTexts('done', { name: out.name });
    });
  let menu!: HTMLElement;
  const closePrint = () => {
    for (const u of print()?.urls ?? []) URL.revokeObjectURL(u);
    setPrint(null);
  };

  return (
    <section class="card report-menu" aria-labelledby={`report-menu-${props.visitId}`} ref={menu}>
      <h2 id={`report-menu-${props.visitId}`}>{ui().menu}</h2>
      <div class="row">
        <label>
          {ui().language}{' '}
          <select
            value={reportLang()}
            onChange={(e) => setReportLang(e.currentTarget.value as Lang)}
          >
            <option value="de">Deutsch</option>
            <option value="en">English</option>
          </select>
        </label>
      </div>
      <ExportButtons
        class="row actions-row"
        kinds={BUTTONS}
        label={(kind) => ui()[kind]}
        job={job}
        onExport={(kind) => void exportAs(kind)}
      />
      <ExportProgress job={job} texts={ui()} />
      <Show when={print()}>
        {(p) => (
          <PrintView
            html={p().html}
            title={ui().printView}
            printLabel={ui().print}
            closeLabel={ui().close}
            onClose={closePrint}
            returnTo={() => menu.querySelector<HTMLElement>('[data-kind="html"]')}
          />
        )}
      </Show>
    </section>
  );
}
