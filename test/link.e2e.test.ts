import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLinkCode } from '../src/console/auth/link.ts';
import { createAdmin } from '../src/console/auth/setup.ts';
import { accounts, staffMembers } from '../src/db/schema/index.ts';
import { startTestSystem, type TestSystem } from './support/system.ts';

let sys: TestSystem;
beforeAll(async () => {
  sys = await startTestSystem();
});
afterAll(async () => {
  await sys?.stop();
});

describe('linking a console account to the staff group', () => {
  it('takes a one-time code sent in the staff group, and refuses it a second time', async () => {
    const db = sys.app.database.db;
    const created = await createAdmin(db, { login: 'anna', displayName: 'Анна', password: 'длинная фраза-пароль 2026' });
    if (!created.ok) throw new Error('no account');
    const [account] = await db.select().from(accounts).where(eq(accounts.login, 'anna'));
    const code = await createLinkCode(db, sys.app.deps.vault, account!.id, new Date());
    expect(code).toMatch(/^[2-9A-Z]{8}$/);

    const worker = sys.workers[0]!;
    const sent = sys.emu.userSends(worker.id, sys.staffChatId, { text: `/link ${code}` });
    await sys.settle();
    const [linked] = await db.select().from(accounts).where(eq(accounts.id, account!.id));
    const members = await db.select().from(staffMembers);
    expect(linked!.staffMemberId).toBe(members[0]!.id);
    expect(sys.emu.messages(sys.staffChatId).some((m) => m.message_id === sent.message_id)).toBe(false); // the code does not stay on screen
    expect(sys.emu.messages(sys.staffChatId).at(-1)?.text).toBe('🔗 Связано с учётной записью консоли: Анна.');

    sys.emu.userSends(sys.workers[1]!.id, sys.staffChatId, { text: `/link ${code}` });
    await sys.settle();
    expect(sys.emu.messages(sys.staffChatId).at(-1)?.text).toMatch(/Код не подошёл/);
    expect((await db.select().from(accounts).where(eq(accounts.id, account!.id)))[0]!.staffMemberId).toBe(members[0]!.id);
  });
});
