import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useFreshDatabases } from '../../test/support/database.ts';
import { dumpDatabase } from '../../test/support/privacy-search.ts';
import { findOrCreateClient } from '../cases/clients.ts';
import { consoleStaffMember, upsertStaffMember } from '../cases/staff-members.ts';
import type { Db } from '../db/open.ts';
import { accounts, auditLog, caseEvents, cases, communityInvites, communityMembers, communityQuestions, inbox, messages, moderationActions, outbox, recoveryCodes, referrals, scheduledJobs, sessions } from '../db/schema/index.ts';
import { NEXT_KEY_FILE, readKeyring } from './key-files.ts';
import { destroyKeys, keysStatus, rotateKeys } from './keys.ts';
import { SEALED_COLUMNS } from './rotation.ts';
import { SECRET_KEY_FILE } from './secret-key.ts';
import { keyId, Vault } from './vault.ts';

const open = useFreshDatabases();

/** Every sealed value in the database, with the purpose it was sealed for. */
async function sealedValues(db: Db): Promise<{ where: string; purpose: string; value: string }[]> {
  const out: { where: string; purpose: string; value: string }[] = [];
  for (const t of SEALED_COLUMNS) {
    const rows = ((await db.execute(`select * from ${t.table}` as never)) as unknown as { rows: Record<string, unknown>[] }).rows;
    for (const r of rows) for (const [c, purpose] of Object.entries(t.sealed)) if (typeof r[c] === 'string') out.push({ where: `${t.table}.${c}#${String(r[t.pk])}`, purpose: purpose(r), value: r[c] as string });
  }
  return out;
}

/** One of everything that is sealed or hashed, as the cases and the console write them. */
async function fill(db: Db, vault: Vault): Promise<{ clientUserId: number; staffUserId: number }> {
  const d = { db, vault, defaultLocale: 'ru' as const };
  const clientUserId = 700_000_001;
  const staffUserId = 700_000_002;
  const client = await findOrCreateClient(d, { id: clientUserId });
  const [kase] = await db.insert(cases).values({ clientId: client.id, feedbackCommentSealed: vault.seal('case.feedback', 'спасибо большое') }).returning();
  // A value written before key ids (v1.), under the same key.
  const v1 = `v1.${vault.seal('message.body', 'старый формат').slice(12)}`;
  await db.insert(messages).values([
    { caseId: kase!.id, direction: 'client', kind: 'text', bodySealed: vault.seal('message.body', 'у меня болит рука') },
    { caseId: kase!.id, direction: 'client', kind: 'text', bodySealed: v1 },
    { caseId: kase!.id, direction: 'client', kind: 'photo', bodySealed: vault.seal('message.body', 'подпись'), fileSealed: vault.seal('message.file', 'AgAC-file') },
  ]);
  for (let i = 0; i < 12; i++) await db.insert(caseEvents).values({ caseId: kase!.id, kind: 'bot_message', actor: 'bot', textSealed: vault.seal('case.event', `шаг ${i}`) });
  await db.insert(referrals).values({ caseId: kase!.id, kind: 'internal', reasonSealed: vault.seal('message.body', 'нужен врач') });
  await upsertStaffMember(d, { id: staffUserId, first_name: 'Анна', username: 'anna_outreach' });
  const [account] = await db.insert(accounts).values({ login: 'anna', displayName: 'Anna', role: 'admin', passwordHash: 'x' }).returning();
  await db.update(accounts).set({ totpSecretSealed: vault.seal(`console-totp:${account!.id}`, 'JBSWY3DPEHPK3PXP') });
  await consoleStaffMember(d, { id: account!.id, displayName: 'Anna' });
  await db.insert(sessions).values({ tokenHash: vault.hash('console-session', 't'), accountId: account!.id, csrfSecret: 'c', expiresAt: new Date(Date.now() + 3600_000) });
  await db.insert(recoveryCodes).values({ accountId: account!.id, codeHash: vault.hash(`console-recovery-code:${account!.id}`, 'AAAA') });
  await db.insert(inbox).values({ updateId: 1, kind: 'message', payloadSealed: vault.sealJson('inbox.update', { update_id: 1 }) });
  await db.insert(scheduledJobs).values({ kind: 'x', dueAt: new Date(), payloadSealed: vault.sealJson('job.payload', { a: 1 }) });
  await db.insert(outbox).values({ target: 'chat:1', op: 'send', payloadSealed: vault.sealJson('outbox.payload', { text: 'ответ' }) });
  const [member] = await db.insert(communityMembers).values({ tgHash: vault.hash('tg.user', clientUserId), chatSealed: vault.seal('community.member.chat', String(clientUserId)), pseudonym: 'ZZZZ', status: 'member' }).returning();
  await db.insert(communityInvites).values({ source: 'unit', linkHash: vault.hash('community.invite', 'https://t.me/+abc'), linkSealed: vault.seal('community.invite.link', 'https://t.me/+abc') });
  await db.insert(moderationActions).values({ memberId: member!.id, action: 'warn', rule: 'other', reasonSealed: vault.seal('community.reason', 'спам'), appealSealed: vault.seal('community.appeal', 'это не спам'), at: new Date() });
  await db.insert(communityQuestions).values({ memberId: member!.id, chatMessageId: 5, bodySealed: vault.seal('community.question', 'где тест на ВИЧ?'), askedAt: new Date() });
  return { clientUserId, staffUserId };
}

function keyDir(): { dir: string; key: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'netreach-keys-'));
  const key = randomBytes(32);
  writeFileSync(join(dir, SECRET_KEY_FILE), key.toString('base64') + '\n', { mode: 0o600 });
  return { dir, key };
}

describe('keys rotate', () => {
  it('interrupted half-way and resumed, leaves every sealed value readable under the new key only, and returning people found', async () => {
    const { db } = await open();
    const { dir, key: oldKey } = keyDir();
    const vault = new Vault(oldKey);
    const { clientUserId, staffUserId } = await fill(db, vault);
    const before = await sealedValues(db);
    const plain = new Map(before.map((s) => [s.where, vault.open(s.purpose, s.value)]));
    expect(before.length).toBeGreaterThan(25);
    const ctx = { db, dataDir: dir, vault, keyFromEnv: false };

    const first = await rotateKeys(ctx, { batchSize: 4, stopAfterBatches: 3 });
    expect(first.finished).toBe(false);
    expect(existsSync(join(dir, NEXT_KEY_FILE))).toBe(true);
    expect(statSync(join(dir, NEXT_KEY_FILE)).mode & 0o777).toBe(0o600);
    const newKid = vault.kid;
    expect((await keysStatus(ctx)).nextKid).toBe(newKid);
    // Half-way: a returning client and staff member are found whichever key their row is under.
    const d = { db, vault, defaultLocale: 'ru' as const };
    const again = await findOrCreateClient(d, { id: clientUserId });
    expect(again.pseudonym).toBe((await findOrCreateClient({ db, vault: new Vault(oldKey, readKeyring(dir)!.next), defaultLocale: 'ru' }, { id: clientUserId })).pseudonym);
    const staffAgain = await upsertStaffMember(d, { id: staffUserId, first_name: 'Анна', username: 'anna_outreach' });

    // The process stopped: a new one resumes from the key files alone.
    const ring = readKeyring(dir)!;
    const resumedVault = new Vault(ring.current, ring.next);
    const second = await rotateKeys({ ...ctx, vault: resumedVault }, { batchSize: 4 });
    expect(second.finished).toBe(true);
    expect(second.kid).toBe(newKid);
    expect(existsSync(join(dir, NEXT_KEY_FILE))).toBe(false);
    const newKey = Buffer.from(readFileSync(join(dir, SECRET_KEY_FILE), 'utf8').trim(), 'base64');
    expect(keyId(newKey)).toBe(newKid);

    const after = await sealedValues(db);
    expect(after.length).toBe(before.length);
    const onlyNew = new Vault(newKey);
    const onlyOld = new Vault(oldKey);
    for (const s of after) {
      expect(s.value.startsWith(`v2.${newKid}.`), s.where).toBe(true);
      expect(onlyNew.open(s.purpose, s.value), s.where).toBe(plain.get(s.where));
      expect(onlyOld.tryOpen(s.purpose, s.value), s.where).toBeNull();
    }
    // The dump holds no value the old key opens.
    const dump = await dumpDatabase(db);
    for (const m of dump.matchAll(/v[12]\.[A-Za-z0-9_.-]{20,}/g)) for (const p of ['message.body', 'case.event', 'client.chat']) expect(onlyOld.tryOpen(p, m[0])).toBeNull();

    // Re-hashed: the client and the staff member are the same rows under the new key alone.
    const nd = { db, vault: onlyNew, defaultLocale: 'ru' as const };
    expect((await findOrCreateClient(nd, { id: clientUserId })).id).toBe(again.id);
    expect((await upsertStaffMember(nd, { id: staffUserId, first_name: 'Анна' })).id).toBe(staffAgain.id);
    // What cannot be re-hashed is voided, and said so in the audit log (counts only).
    expect(await db.select().from(sessions)).toHaveLength(0);
    expect(await db.select().from(recoveryCodes)).toHaveLength(0);
    const audit = await db.select().from(auditLog);
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['keys.rotate.start', 'keys.rotate.finish']));
    expect(JSON.stringify(audit)).not.toContain('болит');
    expect((await keysStatus({ ...ctx, vault: onlyNew })).sealed).toEqual({ [newKid]: after.length });
  });

  it('refuses a key given in NETREACH_SECRET_KEY, with the steps to move it to a file', async () => {
    const { db } = await open();
    await expect(rotateKeys({ db, dataDir: tmpdir(), vault: new Vault(randomBytes(32)), keyFromEnv: true })).rejects.toThrow(/NETREACH_SECRET_KEY.*secret\.key/);
  });
});

describe('keys destroy', () => {
  it('replaces the key at once: nothing sealed before opens, returning people are new, second factors still work', async () => {
    const { db } = await open();
    const { dir, key: oldKey } = keyDir();
    const vault = new Vault(oldKey);
    const { clientUserId } = await fill(db, vault);
    const before = await sealedValues(db);
    const client = await findOrCreateClient({ db, vault, defaultLocale: 'ru' }, { id: clientUserId });
    const report = await destroyKeys({ db, dataDir: dir, vault, keyFromEnv: false });
    const newKey = Buffer.from(readFileSync(join(dir, SECRET_KEY_FILE), 'utf8').trim(), 'base64');
    expect(keyId(newKey)).toBe(report.kid);
    expect(vault.kids).toEqual([report.kid]);
    for (const s of before) if (!s.purpose.startsWith('console-totp:')) expect(vault.tryOpen(s.purpose, s.value), s.where).toBeNull();
    const [account] = await db.select().from(accounts);
    expect(vault.open(`console-totp:${account!.id}`, account!.totpSecretSealed!)).toBe('JBSWY3DPEHPK3PXP');
    expect((await findOrCreateClient({ db, vault, defaultLocale: 'ru' }, { id: clientUserId })).id).not.toBe(client.id);
    expect((await db.select().from(auditLog)).map((a) => a.action)).toContain('keys.destroy');
  });
});
