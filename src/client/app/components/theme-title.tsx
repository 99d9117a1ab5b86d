// The heading of one action theme, its letter before its name, as the visit form and the site
// briefing show it.
import type { THEMES } from '../../../shared/domain/action-fields';
import { label } from '../../i18n';

export function ThemeTitle(props: { theme: (typeof THEMES)[number] }) {
  return (
    <h3 class="theme-title">
      <span class="theme-letter" aria-hidden="true">
        {props.theme.id}
      </span>
      {label(props.theme)}
    </h3>
  );
}
