import type { Context } from 'hono';
import type { AppEnv } from '../app-env';
import { actorOf } from '../auth/principal';
import { operationInsert, type OperationInput } from '../logs/service';

/** The operation-log insert for a change made in this request, by this caller. */
export const auditOf = (c: Context<AppEnv>, op: Omit<OperationInput, 'accountId' | 'userId' | 'tokenId' | 'requestId'>) => {
  const p = c.get('principal')!;
  return operationInsert(c.get('db'), { ...op, accountId: p.accountId, ...actorOf(p), requestId: c.get('requestId') });
};
