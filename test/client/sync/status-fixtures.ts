// Conflict and rejection records as the sync engine stores them after a pull.
import { newId } from '../../../src/client/db/ids';
import type { LocalRejection } from '../../../src/client/db/schema';
import type { ConflictRecord } from '../../../src/shared/protocol';
import type { EntityName } from '../../../src/shared/domain/schemas';

export function conflictFor(
  entityId: string,
  field: string,
  serverValue: unknown,
  clientValue: unknown,
  entity: EntityName = 'observation',
): ConflictRecord {
  return {
    id: newId(),
    entity,
    entityId,
    kind: 'field',
    field,
    serverValue,
    clientValue,
    mutationId: newId(),
    author: 'b@example.org',
    status: 'open',
    resolution: null,
    createdAt: new Date().toISOString(),
  };
}

export function rejectionFor(
  entity: string,
  entityId: string,
  payload: unknown = { op: 'patch', fields: {} },
): LocalRejection {
  return {
    id: newId(),
    mutationId: newId(),
    clientId: newId(),
    entity,
    entityId,
    code: 'forbidden',
    message: 'not allowed',
    path: null,
    payload,
    createdAt: new Date().toISOString(),
    resolved: 0,
  };
}
