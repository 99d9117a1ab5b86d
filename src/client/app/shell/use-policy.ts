// The shared policy (src/shared/policy.ts) for the signed-in user: the app offers an action
// only when the rule the server enforces allows it. Outside the session gate there is no user
// and nothing role-bound is offered.
import type { User } from '../../../shared/auth';
import { useOptionalSession } from './use-session';

export type Policy = {
  user: () => User | null;
  /** Does `rule` allow it for the signed-in user (false without one)? */
  can: (rule: (user: User) => boolean) => boolean;
};

export function usePolicy(): Policy {
  const session = useOptionalSession();
  const user = () => session?.session().user ?? null;
  return {
    user,
    can: (rule) => {
      const u = user();
      return u !== null && rule(u);
    },
  };
}
