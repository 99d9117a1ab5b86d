// Entry point: mount the app. Nothing else belongs here.
import { render } from 'solid-js/web';
import { App } from './app/app';
import { lang } from './i18n';

document.documentElement.lang = lang();
render(() => <App />, document.getElementById('root')!);
