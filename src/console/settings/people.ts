import type { Person, Settings } from '../../organisation/settings.ts';

/**
 * Duty staff and the on-call person are chosen from the console's accounts. The settings keep the
 * account's id with a copy of its name (the bot reads names without a query) and the Telegram
 * @username that mentions and case offers use, one per account. Settings written before people
 * were chosen from accounts hold a name alone: shown as not linked, kept as they are until someone
 * picks the account. Pure.
 */

export interface AccountChoice {
  id: number;
  /** The account's display name. */
  name: string;
  login: string;
  /** Offered in the selects: not disabled, and a role that takes shifts (not a researcher). */
  offered: boolean;
  /** Linked to a member of the staff group (/link). */
  linked: boolean;
}

/** The select's value for "this person as they were" (a name without an account). */
export const KEEP = 'keep';
export const accountValue = (id: number) => `a${id}`;

/** What a select shows chosen for a person: their account, "as they were", or nobody. */
export function whoOf(p: Person | undefined): string {
  return !p ? '' : p.accountId ? accountValue(p.accountId) : KEEP;
}

/** "@anna", from "anna", "@anna" or a t.me link; '' for nothing. */
export function telegramOf(typed: string): string | undefined {
  const s = typed.trim();
  if (s === '') return undefined;
  const link = /^(?:https?:\/\/)?(?:t\.me|telegram\.me)\/([^/?#\s]+)/i.exec(s);
  const name = link ? link[1]! : s;
  return name.startsWith('@') ? name : `@${name}`;
}

/**
 * The person a form's select and fields make. An account not offered (or not there) gets a NaN
 * id, which the schema refuses and the form names ("choose from the list"); a disabled account
 * stays only where it already was.
 */
export function personFrom(who: string, typed: { telegram: string; phone?: string }, existing: Person | undefined, accounts: readonly AccountChoice[]): Person {
  const telegram = telegramOf(typed.telegram);
  const phone = typed.phone?.trim() ? typed.phone.trim() : undefined;
  const extra = { ...(telegram ? { telegram } : {}), ...(phone ? { phone } : {}) };
  if (who === KEEP && existing && !existing.accountId) return { name: existing.name, ...extra };
  const m = /^a(\d{1,9})$/.exec(who);
  const account = m ? accounts.find((a) => a.id === Number(m[1])) : undefined;
  if (account && (account.offered || existing?.accountId === account.id)) return { accountId: account.id, name: account.name, ...extra };
  return { accountId: Number.NaN, name: existing?.name ?? '—', ...extra };
}

/**
 * A row of a form that showed `before` (their @username in the box): the person chosen now, and
 * whether the box speaks for them. For the same person it does, empty or not, and so it does
 * when a name without an account is linked to one (the same person, most likely); for another
 * account chosen in the row only a typed @username does, not the one left over from who was there.
 */
export function personInRow(who: string, telegram: string, before: Person | undefined, accounts: readonly AccountChoice[]): { person: Person; telegramTyped: boolean } {
  const same = before !== undefined && (who === KEEP ? !before.accountId : before.accountId === undefined || who === accountValue(before.accountId));
  const stale = !same && before !== undefined && telegramOf(telegram) !== undefined && telegramOf(telegram) === before.telegram;
  const person = personFrom(who, { telegram: stale ? '' : telegram }, before, accounts);
  return { person, telegramTyped: same || person.telegram !== undefined };
}

/** The @username known for each account anywhere in the duty settings (the first found). */
export function knownTelegrams(duty: Settings['duty']): Map<number, string> {
  const known = new Map<number, string>();
  for (const p of [...duty.windows.flatMap((w) => w.staff), ...(duty.onCall ? [duty.onCall] : [])]) {
    if (p.accountId && p.telegram && !known.has(p.accountId)) known.set(p.accountId, p.telegram);
  }
  return known;
}

/**
 * One name and one @username per account across the duty settings: each linked person's name is
 * the account's current one; the @username is the one just typed for that account (`typed`, an
 * empty one clears it), else the person's own, else the one known elsewhere.
 */
export function syncPeople<D extends Settings['duty']>(duty: D, accounts: readonly AccountChoice[], typed: ReadonlyMap<number, string | undefined> = new Map()): D {
  const known = knownTelegrams(duty);
  const fix = (p: Person): Person => {
    if (!p.accountId || !Number.isSafeInteger(p.accountId)) return p;
    const name = accounts.find((a) => a.id === p.accountId)?.name ?? p.name;
    const telegram = typed.has(p.accountId) ? typed.get(p.accountId) : (p.telegram ?? known.get(p.accountId));
    const { telegram: _t, ...rest } = p;
    return { ...rest, name, ...(telegram ? { telegram } : {}) };
  };
  return { ...duty, windows: duty.windows.map((w) => ({ ...w, staff: w.staff.map(fix) })), onCall: duty.onCall ? fix(duty.onCall) : undefined };
}

const fold = (s: string) => s.trim().toLowerCase().replace(/ё/g, 'е').replace(/\s+/g, ' ');

/** For a name without an account: the offered account that looks like theirs (same name, or login = @username). */
export function suggestAccount(p: Person, accounts: readonly AccountChoice[]): AccountChoice | undefined {
  if (p.accountId) return undefined;
  const tg = p.telegram?.replace(/^@/, '').toLowerCase();
  return accounts.find((a) => a.offered && (fold(a.name) === fold(p.name) || (tg !== undefined && a.login.toLowerCase() === tg)));
}

/** How many people on duty or on call have a name but no account. */
export function unlinkedCount(duty: Settings['duty']): number {
  return [...duty.windows.flatMap((w) => w.staff), ...(duty.onCall ? [duty.onCall] : [])].filter((p) => !p.accountId).length;
}
