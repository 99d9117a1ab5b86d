// Entry point: mount the app. Nothing else belongs here.
import { render } from 'solid-js/web';
import { App } from './app/app';
import { lang } from './i18n';
import { SessionGate } from './app/shell/session-context';

document.documentElement.lang = lang();
render(
  () => <SessionGate>{(userId) => <App userKey={userId} />}</SessionGate>,
  document.getElementById('root')!,
);
