import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { localeFromTelegram } from '../i18n/index.ts';
import { clients } from '../db/schema/index.ts';
import { pseudonymFromBytes, PSEUDONYM_LENGTH } from '../domain/pseudonym.ts';
import { UnreadableError } from '../privacy/vault.ts';
import { isWebChat } from '../domain/web-chat.ts';
import { HASH, SEAL, type CaseDeps } from './deps.ts';

export type Client = typeof clients.$inferSelect;

/**
 * The client behind a Telegram user, created on first contact. Only a keyed hash of the id and the
 * sealed chat id are kept; the pseudonym is derived from the hash so it stays stable.
 */
export async function findOrCreateClient(
  d: Pick<CaseDeps, 'db' | 'vault' | 'defaultLocale'>,
  user: { id: number; language_code?: string },
  firstContact = 'direct',
  /** Where the client wrote from, when it is a message: answers go where they last wrote. */
  address?: ClientAddress,
): Promise<Client> {
  const tgHash = d.vault.hash(HASH.telegramUser, user.id);
  const sealAddress = () => d.vault.seal(SEAL.clientChat, addressText(address ?? { chatId: user.id }));
  // Any held key's hash finds the client during a key rotation; the row takes the newest.
  const [seen] = await d.db
    .update(clients)
    .set({ tgHash, lastSeenAt: sql`now()`, blockedAt: null, ...(address ? { chatSealed: sealAddress() } : {}) })
    .where(inArray(clients.tgHash, d.vault.hashes(HASH.telegramUser, user.id)))
    .returning();
  if (seen) return seen;
  const chatSealed = sealAddress();

  const locale = localeFromTelegram(user.language_code, d.defaultLocale);
  // Collisions are rare (29⁴ ≈ 700 000 names); each retry draws fresh bytes, later ones a longer name.
  for (let attempt = 0; attempt < 40; attempt++) {
    const pseudonym = pseudonymCandidate(d, user.id, attempt);
    const [created] = await d.db.insert(clients).values({ tgHash, chatSealed, pseudonym, locale, firstContact, channel: isWebChat(user.id) ? 'web' : 'telegram' }).onConflictDoNothing().returning();
    if (created) return created;
    // Either the pseudonym is taken or a concurrent first message created this very client.
    const [raced] = await d.db.select().from(clients).where(eq(clients.tgHash, tgHash));
    if (raced) return raced;
  }
  throw new Error('could not allocate a pseudonym');
}

/**
 * The `attempt`-th pseudonym a Telegram user may get: derived from a keyed hash of the id, so the
 * same person has the same pseudonym as a client and in the community chat.
 */
export function pseudonymCandidate(d: Pick<CaseDeps, 'vault'>, userId: number, attempt: number): string {
  const bytes = Buffer.from(d.vault.hash(`${HASH.pseudonym}:${attempt}`, userId), 'base64url');
  return pseudonymFromBytes(bytes, PSEUDONYM_LENGTH + Math.floor(attempt / 10));
}

/**
 * Where a client is answered: their private chat with the bot, or their topic in the channel's
 * direct messages chat (a message written to the channel).
 */
export interface ClientAddress {
  chatId: number;
  /** The client's topic in a channel's direct messages chat. */
  topicId?: number;
}

const addressText = (a: ClientAddress) => (a.topicId === undefined ? String(a.chatId) : `dm:${a.chatId}:${a.topicId}`);

export function clientAddress(d: Pick<CaseDeps, 'vault'>, client: Pick<Client, 'chatSealed'>): ClientAddress {
  const text = d.vault.open(SEAL.clientChat, client.chatSealed);
  const dm = /^dm:(-?\d+):(\d+)$/.exec(text);
  return dm ? { chatId: Number(dm[1]), topicId: Number(dm[2]) } : { chatId: Number(text) };
}

/**
 * The client's address, or null when it cannot be opened any more (`netreach keys destroy`): the
 * client cannot be written to, and will come back, if ever, as a new client.
 */
export function readableAddress(d: Pick<CaseDeps, 'vault'>, client: Pick<Client, 'chatSealed'>): ClientAddress | null {
  try {
    return clientAddress(d, client);
  } catch (err) {
    if (err instanceof UnreadableError) return null;
    throw err;
  }
}

/** What a send to the client adds to its options: the direct messages topic, when it is one. */
export function toClient(a: ClientAddress): { direct_messages_topic_id?: number } {
  return a.topicId === undefined ? {} : { direct_messages_topic_id: a.topicId };
}

export async function markClientBlocked(d: Pick<CaseDeps, 'db'>, clientId: number): Promise<void> {
  await d.db.update(clients).set({ blockedAt: sql`now()` }).where(eq(clients.id, clientId));
}

export async function setClientLocale(d: Pick<CaseDeps, 'db'>, clientId: number, locale: 'ru' | 'en'): Promise<void> {
  await d.db.update(clients).set({ locale }).where(eq(clients.id, clientId));
}

/** Records that the client was told, once, that text gets a faster answer; true the first time. */
export async function claimVoiceHint(d: Pick<CaseDeps, 'db'>, clientId: number): Promise<boolean> {
  const rows = await d.db
    .update(clients)
    .set({ voiceHintAt: sql`now()` })
    .where(and(eq(clients.id, clientId), isNull(clients.voiceHintAt)))
    .returning({ id: clients.id });
  return rows.length > 0;
}
