import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Api } from 'grammy';
import type { Update } from 'grammy/types';
import { afterEach, describe, expect, it } from 'vitest';
import { SANDBOX_STATE_FILE, createSandbox, type Sandbox } from './sandbox.ts';

const dirs: string[] = [];
const running: Sandbox[] = [];
afterEach(async () => {
  for (const s of running.splice(0)) await s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function start(dataDir?: string): Promise<{ sandbox: Sandbox; api: Api }> {
  const sandbox = createSandbox(dataDir ? { dataDir } : {});
  running.push(sandbox);
  return { sandbox, api: new Api(sandbox.token, { apiRoot: (await sandbox.emulator.listen(0)).url }) };
}

async function stop(sandbox: Sandbox): Promise<void> {
  running.splice(running.indexOf(sandbox), 1);
  await sandbox.close();
}

/** What the bot's poller does: fetch, then confirm by the next offset. */
async function poll(api: Api): Promise<Update[]> {
  const got = await api.getUpdates({ timeout: 0 });
  if (got.length) await api.getUpdates({ offset: got.at(-1)!.update_id + 1, timeout: 0 });
  return got;
}

describe('the sandbox across restarts', () => {
  it('goes on where it stopped: update ids continue, the staff group, its workers and topics stay', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'netreach-sandbox-'));
    dirs.push(dataDir);

    const first = await start(dataDir);
    const { staffChatId, workerIds } = first.sandbox;
    const client = first.sandbox.emulator.createUser({ first_name: 'Sandbox client' });
    first.sandbox.emulator.userSends(client.id, client.id, { text: 'привет' });
    const topic = await first.api.createForumTopic(staffChatId, '🆕 #1 · Клиент K7QF');
    first.sandbox.emulator.userSends(workerIds[0]!, staffChatId, { text: 'Здравствуйте' }, { message_thread_id: topic.message_thread_id });
    const before = await poll(first.api);
    expect(before.map((u) => u.message?.text)).toEqual(['привет', 'Здравствуйте']);
    await stop(first.sandbox);
    expect(existsSync(join(dataDir, SANDBOX_STATE_FILE))).toBe(true);

    const second = await start(dataDir);
    expect(second.sandbox.staffChatId).toBe(staffChatId);
    expect(second.sandbox.workerIds).toEqual(workerIds);
    expect(second.sandbox.token).toBe(first.sandbox.token);
    // The same staff group, community chat and channel: none made again.
    expect(second.sandbox.communityChatId).toBe(first.sandbox.communityChatId);
    expect(second.sandbox.channelId).toBe(first.sandbox.channelId);
    expect(second.sandbox.emulator.chats().filter((c) => c.type === 'supergroup' && !c.is_direct_messages)).toHaveLength(2);
    // The channel takes messages (its direct messages chat), the same one after the restart.
    expect(second.sandbox.emulator.directMessagesChatOf(second.sandbox.channelId)?.id).toBe(first.sandbox.emulator.directMessagesChatOf(first.sandbox.channelId)!.id);
    expect(second.sandbox.emulator.chats().filter((c) => c.type === 'channel')).toHaveLength(1);
    expect(second.sandbox.emulator.topics(staffChatId).map((t) => t.name)).toEqual(['🆕 #1 · Клиент K7QF']);
    expect((await second.api.getChat(staffChatId)).title).toBe('Netreach staff (sandbox)');

    second.sandbox.emulator.userSends(client.id, client.id, { text: 'я снова здесь' });
    second.sandbox.emulator.userSends(workerIds[1]!, staffChatId, { text: 'Видим' }, { message_thread_id: topic.message_thread_id });
    const after = await poll(second.api);
    expect(after.map((u) => u.message?.text)).toEqual(['я снова здесь', 'Видим']);
    expect(after[0]!.update_id).toBe(before.at(-1)!.update_id + 1);
    expect(after[1]!.message?.message_thread_id).toBe(topic.message_thread_id);
  });

  it('without a data directory starts afresh every time', async () => {
    const a = await start();
    const b = await start();
    expect(a.sandbox.emulator.persistPath).toBeUndefined();
    expect(b.sandbox.emulator.users()).toHaveLength(2);
  });
});
