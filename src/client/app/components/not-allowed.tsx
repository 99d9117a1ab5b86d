// A route the signed-in account may not use (src/shared/policy.ts): a page that says so in
// words, instead of a form whose changes the server would refuse later.
import { type Component, type JSX, Show } from 'solid-js';
import type { User } from '../../../shared/auth';
import { ROLES } from '../../../shared/domain/vocab';
import { label } from '../../i18n';
import { pt } from '../../i18n/policy';
import { usePolicy } from '../shell/use-policy';
import { usePageTitle } from '../shell/page-title';
import { NotFound } from './page-parts';

export type DeniedReason = 'sites' | 'users' | 'overview' | 'templates' | 'activity';

export function NotAllowed(props: { reason: DeniedReason }) {
  const { user } = usePolicy();
  usePageTitle(() => pt('denied.title'));
  return (
    <NotFound
      class="page narrow"
      title={pt('denied.title')}
      link={pt('denied.home')}
      linkClass="btn primary"
    >
      <div data-testid="not-allowed">
        <p>{pt(`denied.${props.reason}`)}</p>
        <Show when={user()}>
          {(u) => <p class="muted">{pt('denied.role', { role: label(ROLES[u().role]) })}</p>}
        </Show>
      </div>
    </NotFound>
  );
}

/** The children when `rule` allows it for the signed-in user, else the "not allowed" page. */
export function Allowed(props: {
  rule: (user: User) => boolean;
  reason: DeniedReason;
  children: JSX.Element;
}) {
  const { can } = usePolicy();
  return (
    <Show when={can(props.rule)} fallback={<NotAllowed reason={props.reason} />}>
      {props.children}
    </Show>
  );
}

/** A route's component behind `rule` (its page chunk loads only when allowed). */
export function guarded(
  rule: (user: User) => boolean,
  reason: DeniedReason,
  Page: Component,
): Component {
  return () => (
    <Allowed rule={rule} reason={reason}>
      <Page />
    </Allowed>
  );
}
