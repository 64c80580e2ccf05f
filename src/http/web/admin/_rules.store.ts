import type { Db } from '../../../db/database.js';
import { fail } from '../../../errors.js';
import { instanceRules, type InstanceRule } from '../../../instance/instance.views.js';

/**
 * Writing the instance's rules (the instance_rules table). Reading stays with instance.views.ts, which the
 * public rules page and GET /api/v1/instance/rules use, so the admin sees the list exactly as everyone does.
 */
export const RULE_TEXT_MAX = 500;
export const RULE_HINT_MAX = 2000;

export function listRules(db: Db): Promise<InstanceRule[]> {
  return instanceRules(db);
}

/** Adds a rule at the end of the list. */
export async function addRule(db: Db, input: { text: string; hint: string }): Promise<void> {
  const text = input.text.trim();
  const hint = input.hint.trim();
  if (!text) fail('VALIDATION', 'Validation failed: text: a rule needs its text');
  if (text.length > RULE_TEXT_MAX) fail('VALIDATION', `Validation failed: text: at most ${RULE_TEXT_MAX} characters`);
  if (hint.length > RULE_HINT_MAX) fail('VALIDATION', `Validation failed: hint: at most ${RULE_HINT_MAX} characters`);
  await db.transaction().execute(async (trx) => {
    const last = await trx.selectFrom('instance_rules').select((eb) => eb.fn.max('position').as('max')).executeTakeFirst();
    await trx.insertInto('instance_rules').values({ text, hint, position: Number(last?.max ?? 0) + 1 }).execute();
  });
}

export async function removeRule(db: Db, id: string): Promise<void> {
  const r = await db.deleteFrom('instance_rules').where('id', '=', id).executeTakeFirst();
  if (Number(r.numDeletedRows) === 0) fail('NOT_FOUND', 'No such rule');
}
