import type { Db } from '../db/client.ts';
import { AppError } from '../errors.ts';
import { appendEvents, type RequestContext } from './audit/append.ts';

/** Actions staff may not take for their own account (four eyes), with the rule each breaks. */
export const SELF_ACTION_RULES = {
  grant_tokens: 'no_self_grant: staff may not grant tokens to themselves',
  refund: 'no_self_refund: staff may not refund their own payments',
} as const;

/**
 * Refuses an action whose beneficiary is the actor: 403 naming the rule, and the attempt audited
 * (`authz.self_action_refused`, committed on its own: the refused action writes nothing else).
 */
export async function refuseSelfAction(
  db: Db,
  context: RequestContext,
  action: keyof typeof SELF_ACTION_RULES,
  beneficiaryId: string | null,
): Promise<void> {
  if (!beneficiaryId || !context.actor.id || beneficiaryId !== context.actor.id) return;
  const rule = SELF_ACTION_RULES[action];
  await appendEvents(db, context, [
    {
      type: 'authz.self_action_refused',
      subjectType: 'user',
      subjectId: beneficiaryId,
      payload: { action, rule: rule.split(':')[0] },
    },
  ]);
  throw new AppError('forbidden', `Refused — ${rule}`, { rule: rule.split(':')[0] });
}
