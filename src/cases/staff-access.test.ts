import { eq, like } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog } from '../db/schema/index.ts';
import { groupTarget } from '../outbox/store.ts';
import { queueRemoval, removalItems, removalOutcomes, STAFF_ACCESS_OPS } from './staff-access.ts';
import { consoleStaffMember } from './staff-members.ts';
import { useActionSystems, type ActionSystem } from './testing.ts';

const system = useActionSystems();

/** Vera's removal as the admin `by` asks it, with or without a community chat. */
async function remove(s: ActionSystem, by: number, opts: { communityChatId?: number; memberId?: number; accountId?: number } = {}) {
  return queueRemoval(
    { db: s.db, vault: s.bot.vault, staffChatId: s.staff.id, communityChatId: opts.communityChatId, outbox: s.bot.outbox },
    { accountId: opts.accountId ?? 77, login: 'vera', staffMemberId: opts.memberId ?? s.vera.id, byAccountId: by, at: s.clock.now() },
  );
}
const audits = async (s: ActionSystem) => (await s.db.select().from(auditLog).where(like(auditLog.action, 'account.%')).orderBy(auditLog.id)).map((a) => ({ by: a.accountId, action: a.action, detail: a.detail }));

describe('taking a disabled account’s person out of Telegram', () => {
  it('queues the staff group and, when there is one, the community chat; keys without Telegram ids', () => {
    const r = { accountId: 5, login: 'vera', staffMemberId: 9, byAccountId: 1, at: new Date(1000) };
    expect(removalItems({ staffChatId: -100 }, r)).toEqual([
      { target: groupTarget(-100), op: STAFF_ACCESS_OPS.removeFromGroup, lane: 2, payload: { memberId: 9, login: 'vera', by: 1 }, dedupeKey: `staff-access:5:${STAFF_ACCESS_OPS.removeFromGroup}:1000` },
    ]);
    expect(removalItems({ staffChatId: -100, communityChatId: -200 }, r).map((i) => [i.target, i.op])).toEqual([
      [groupTarget(-100), STAFF_ACCESS_OPS.removeFromGroup],
      [groupTarget(-200), STAFF_ACCESS_OPS.takeAdminRights],
    ]);
  });

  it('bans then unbans the member of the staff group (out, and invitable again), audited as the admin; the outcome readable', async () => {
    const s = await system();
    const { account: boss } = await s.as('boss', 'admin');
    expect(await remove(s, boss.id)).toBe(true);
    expect((await s.api.getChatMember(s.staff.id, s.worker.id)).status).toBe('left');
    expect(await audits(s)).toEqual([{ by: boss.id, action: 'account.telegram_removed', detail: 'vera' }]);
    expect(await removalOutcomes(s.db, 77)).toMatchObject([{ where: 'staff-group', state: 'done' }]);
    // Invited again, they can come back.
    const link = await s.api.createChatInviteLink(s.staff.id);
    expect(s.emu.userJoinsByLink(s.worker.id, link.invite_link).status).toBe('joined');
    // A console-only member has nobody in Telegram to remove.
    const own = await consoleStaffMember(s.bot, { id: 3, displayName: 'Console' });
    expect(await remove(s, boss.id, { memberId: own.id, accountId: 3 })).toBe(false);
  });

  it('a ban already made by an earlier attempt is only lifted; someone who left is left alone', async () => {
    const s = await system();
    const { account: boss } = await s.as('boss', 'admin');
    await s.api.banChatMember(s.staff.id, s.worker.id);
    await remove(s, boss.id);
    expect((await s.api.getChatMember(s.staff.id, s.worker.id)).status).toBe('left');
    s.clock.advance(1000);
    await remove(s, boss.id);
    expect((await audits(s)).map((a) => a.detail)).toEqual(['vera', 'vera: not in the group']);
  });

  it('the community chat: an administrator the bot promoted is demoted; one it did not is refused with Telegram’s reason, audited and shown', async () => {
    const s = await system();
    const { account: boss } = await s.as('boss', 'admin');
    const community = s.emu.createGroup({ title: 'Community', members: [s.worker.id], botIsAdmin: true, botRights: { can_promote_members: true } });
    await s.api.promoteChatMember(community.id, s.worker.id, { can_delete_messages: true, can_restrict_members: true });
    await remove(s, boss.id, { communityChatId: community.id });
    expect((await s.api.getChatMember(community.id, s.worker.id)).status).toBe('member');
    // The two chats are delivered each on its own: in either order.
    expect((await audits(s)).map((a) => a.action).sort()).toEqual(['account.community_demoted', 'account.telegram_removed']);

    // Made an administrator by a person: the bot cannot touch them, and says so.
    const other = s.emu.createGroup({ title: 'Community 2', members: [], admins: [s.worker.id], botIsAdmin: true });
    s.clock.advance(1000);
    await remove(s, boss.id, { communityChatId: other.id, accountId: 78 });
    expect((await s.api.getChatMember(other.id, s.worker.id)).status).toBe('administrator');
    expect(await audits(s)).toContainEqual({ by: boss.id, action: 'account.community_demote_failed', detail: 'vera: Bad Request: CHAT_ADMIN_REQUIRED' });
    expect(await removalOutcomes(s.db, 78)).toEqual(
      expect.arrayContaining([expect.objectContaining({ where: 'community', state: 'failed', error: expect.stringContaining('CHAT_ADMIN_REQUIRED') })]),
    );
    // Nothing of the person's Telegram id in the audit log or the outbox's keys.
    const rows = await s.db.select().from(auditLog).where(eq(auditLog.accountId, boss.id));
    expect(JSON.stringify(rows)).not.toContain(String(s.worker.id));
  });

  it('the staff group’s owner cannot be removed: refused with the reason', async () => {
    const s = await system();
    const { account: boss } = await s.as('boss', 'admin');
    const group = s.emu.createForumGroup({ title: 'Staff 2', members: [], ownerId: s.worker.id, botIsAdmin: true });
    await queueRemoval(
      { db: s.db, vault: s.bot.vault, staffChatId: group.id, outbox: s.bot.outbox },
      { accountId: 79, login: 'vera', staffMemberId: s.vera.id, byAccountId: boss.id, at: s.clock.now() },
    );
    expect((await s.api.getChatMember(group.id, s.worker.id)).status).toBe('creator');
    expect(await removalOutcomes(s.db, 79)).toMatchObject([{ where: 'staff-group', state: 'failed', error: expect.stringContaining("can't remove chat owner") }]);
  });
});
