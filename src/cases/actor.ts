import { t } from '../i18n/index.ts';
import { staffName } from './assignment.ts';
import type { CaseDeps } from './deps.ts';
import { upsertStaffMember } from './staff-members.ts';

/**
 * Who does a case action: a member of the staff group tapping or typing in Telegram, or a console
 * account (through the staff member it is linked to, when it is). The case actions take this, so
 * the console calls the same code as the staff group instead of a copy of it.
 */
export interface Actor {
  /** The staff member the action counts for; null for a console account not linked to one. */
  staffMemberId: number | null;
  name: string;
  fromConsole: boolean;
  /** The console account, when the action came from the console. */
  accountId?: number;
}

/** The actor behind a Telegram user of the staff group (recorded on first sight). */
export async function telegramActor(d: Pick<CaseDeps, 'db' | 'vault'>, user: { id: number; first_name: string }): Promise<Actor> {
  const member = await upsertStaffMember(d, user);
  return { staffMemberId: member.id, name: staffName(d, member), fromConsole: false };
}

/**
 * What a topic notice adds when the action came from the console — where and by whom — since the
 * staff group did not see it happen; nothing for an action taken in the topic itself.
 */
export function consoleMark(d: Pick<CaseDeps, 'staffLocale'>, actor: Actor | undefined): string {
  return actor?.fromConsole ? ` ${t(d.staffLocale, 'console-act-topic-mark', { name: actor.name })}` : '';
}
