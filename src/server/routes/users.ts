// /api/v1/users: account administration, coordinators only (src/shared/auth.ts): the account
// list with status, site binding, last activity and open invite; create; change name, role,
// site or disabled; issue a new invite code or show the open one again.
import { Hono } from 'hono';
import { CreateUserRequest, UpdateUserRequest } from '../../shared/auth';
import { Id } from '../../shared/domain/schemas';
import type { Accounts } from '../auth/accounts';
import { canManageUsers } from '../../shared/policy';
import { type AppEnv, requireAuth } from '../http/auth-middleware';
import { apiError } from '../http/errors';
import { readJson } from '../http/json-body';

export function userRoutes(accounts: Accounts) {
  const app = new Hono<AppEnv>();
  app.use('*', requireAuth(accounts));
  app.use('*', async (c, next) => {
    if (!canManageUsers(c.var.user))
      return apiError(c, 403, 'forbidden', 'Nur die Koordination verwaltet Konten');
    await next();
  });
  const idOf = (raw: string) => Id.parse(raw);
  app.get('/', async (c) => c.json({ users: await accounts.listAccounts() }));
  app.post('/', async (c) => {
    const body = await readJson(c, CreateUserRequest);
    const { user, invite } = await accounts.createUser(body, { liveSite: true });
    return c.json({ user, ...invite }, 201);
  });
  app.patch('/:id', async (c) => {
    const body = await readJson(c, UpdateUserRequest);
    const id = idOf(c.req.param('id'));
    if (
      id === c.var.user.id &&
      (body.disabled === true || (body.role !== undefined && body.role !== 'coordinator'))
    ) {
      return apiError(
        c,
        409,
        'self_lockout',
        'Das eigene Konto kann nicht deaktiviert oder herabgestuft werden',
      );
    }
    return c.json({ user: await accounts.updateUser(id, body, { liveSite: true }) });
  });
  app.post('/:id/invite', async (c) => c.json(await accounts.newInvite(idOf(c.req.param('id')))));
  // The open code again (docs/architecture.md §Auth): only here, only for coordinators.
  app.get('/:id/invite', async (c) => c.json(await accounts.showInvite(idOf(c.req.param('id')))));
  return app;
}
