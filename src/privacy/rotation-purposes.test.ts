import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HASH, SEAL } from '../cases/deps.ts';
import { COMMUNITY_HASH, COMMUNITY_SEAL } from '../community/deps.ts';
import { totpPurpose } from '../console/auth/accounts.ts';
import { OUTBOX_SEAL } from '../outbox/store.ts';
import { SEALED_COLUMNS } from './rotation.ts';
import { Vault } from './vault.ts';

// rotation.ts sits below the code that seals (privacy/ cannot import cases/), so it names the
// purposes again; this holds the two to the same values, or a rotation would leave columns unread.
describe('the purposes the rotation opens with', () => {
  it('are the ones the code seals with', () => {
    const sealedWith = new Set<string>([...Object.values(SEAL), ...Object.values(COMMUNITY_SEAL), OUTBOX_SEAL, totpPurpose(7)]);
    const named = SEALED_COLUMNS.flatMap((t) => Object.values(t.sealed).map((purpose) => purpose({ id: 7 })));
    expect(named.filter((p) => !sealedWith.has(p))).toEqual([]);
    // Every purpose the code seals with has a column the rotation walks.
    expect([...sealedWith].filter((p) => !named.includes(p))).toEqual([]);
  });

  it('re-hash as the look-ups hash', () => {
    const vault = new Vault(randomBytes(32));
    const spec = (table: string) => SEALED_COLUMNS.find((t) => t.table === table)!;
    expect(spec('clients').rehash!({ id: 1 }, { chat_sealed: '4242' }, vault)).toEqual({ tg_hash: vault.hash(HASH.telegramUser, 4242) });
    expect(spec('community_members').rehash!({ id: 1 }, { chat_sealed: '4242' }, vault)).toEqual({ tg_hash: vault.hash(HASH.telegramUser, 4242) });
    expect(spec('staff_members').rehash!({ id: 1 }, { user_sealed: '4242' }, vault)).toMatchObject({ tg_hash: vault.hash(HASH.telegramUser, 4242) });
    expect(spec('staff_members').rehash!({ id: 1 }, { user_sealed: 'console:9' }, vault)).toMatchObject({ tg_hash: `console:${vault.hash(HASH.consoleAccount, 9)}` });
    expect(spec('community_invites').rehash!({ id: 1 }, { link_sealed: 'https://t.me/+x' }, vault)).toEqual({ link_hash: vault.hash(COMMUNITY_HASH.inviteLink, 'https://t.me/+x') });
  });
});
