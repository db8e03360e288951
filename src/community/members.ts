import { eq, inArray, sql } from 'drizzle-orm';
import type { Locale } from '../config.ts';
import { pseudonymCandidate } from '../cases/clients.ts';
import { HASH } from '../cases/deps.ts';
import { communityMembers } from '../db/schema/index.ts';
import { localeFromTelegram } from '../i18n/index.ts';
import { COMMUNITY_SEAL, type CommunityDeps } from './deps.ts';

export type Member = typeof communityMembers.$inferSelect;
export type MemberStatus = 'applicant' | 'member' | 'left' | 'banned';

type D = Pick<CommunityDeps, 'db' | 'vault' | 'defaultLocale'>;

/**
 * The community member behind a Telegram user, created when first seen (a join request, a message
 * in the chat). Kept by keyed hash and pseudonym, like a client; the pseudonym is the same one the
 * person has as a client. `status` is set only for a new row.
 */
export async function memberOf(d: D, user: { id: number; language_code?: string }, status: MemberStatus = 'member'): Promise<Member> {
  const seen = await findMember(d, user.id);
  if (seen) return seen;
  const tgHash = d.vault.hash(HASH.telegramUser, user.id);
  const chatSealed = d.vault.seal(COMMUNITY_SEAL.memberChat, String(user.id));
  const locale = localeFromTelegram(user.language_code, d.defaultLocale);
  for (let attempt = 0; attempt < 40; attempt++) {
    const pseudonym = pseudonymCandidate(d, user.id, attempt);
    const [created] = await d.db
      .insert(communityMembers)
      .values({ tgHash, chatSealed, pseudonym, locale, status, joinedAt: status === 'member' ? sql`now()` : null })
      .onConflictDoNothing()
      .returning();
    if (created) return created;
    const [raced] = await d.db.select().from(communityMembers).where(eq(communityMembers.tgHash, tgHash));
    if (raced) return raced;
  }
  throw new Error('could not allocate a pseudonym');
}

/** The member behind a Telegram user, if the chat has seen them (nothing is created). */
export async function findMember(d: Pick<CommunityDeps, 'db' | 'vault'>, userId: number): Promise<Member | undefined> {
  // Any held key's hash: during a key rotation a member not re-hashed yet is still found.
  return (await d.db.select().from(communityMembers).where(inArray(communityMembers.tgHash, d.vault.hashes(HASH.telegramUser, userId))))[0];
}

export async function memberById(d: Pick<CommunityDeps, 'db'>, id: number): Promise<Member | undefined> {
  return (await d.db.select().from(communityMembers).where(eq(communityMembers.id, id)))[0];
}

/** A member by the pseudonym staff see (case-insensitive). */
export async function memberByPseudonym(d: Pick<CommunityDeps, 'db'>, pseudonym: string): Promise<Member | undefined> {
  if (!/^[\p{L}\p{N}-]{2,40}$/u.test(pseudonym)) return undefined;
  return (await d.db.select().from(communityMembers).where(sql`lower(${communityMembers.pseudonym}) = lower(${pseudonym})`))[0];
}

/** The member's private chat with the bot (their Telegram id), opened only to write to them. */
export function memberChatId(d: Pick<CommunityDeps, 'vault'>, m: Pick<Member, 'chatSealed'>): number {
  return Number(d.vault.open(COMMUNITY_SEAL.memberChat, m.chatSealed));
}

/** `memberChatId`, or null when it was sealed under a destroyed key: the person cannot be named to Telegram. */
export function readableMemberChat(d: Pick<CommunityDeps, 'vault'>, m: Pick<Member, 'chatSealed'>): number | null {
  const opened = d.vault.tryOpen(COMMUNITY_SEAL.memberChat, m.chatSealed);
  return opened === null ? null : Number(opened);
}

/** Whether this Telegram user is the member (without opening anything). */
export function isMember(d: Pick<CommunityDeps, 'vault'>, m: Pick<Member, 'tgHash'>, userId: number): boolean {
  return d.vault.hashes(HASH.telegramUser, userId).includes(m.tgHash);
}

export const localeOf = (m: Pick<Member, 'locale'>): Locale => (m.locale === 'en' ? 'en' : 'ru');
