import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Readable as NodeReadable, Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { clients } from '../src/db/schema/index.ts';
import { coordinatorOf } from '../src/console/testing.ts';
import { NEXT_KEY_FILE } from '../src/privacy/key-files.ts';
import { runBackupCli, runKeysCli } from '../src/control/keys-cli.ts';
import { everySealed } from '../src/privacy/rotation.ts';
import { SECRET_KEY_FILE } from '../src/privacy/secret-key.ts';
import { keyId, Vault } from '../src/privacy/vault.ts';
import { backupBytes, searchBackup, searchEverything } from './support/privacy-search.ts';
import { startTestSystem, TEST_TOKEN, type TestSystem } from './support/system.ts';

let sys: TestSystem | undefined;
afterEach(async () => {
  await sys?.stop();
  sys = undefined;
});

/** The command line as an operator runs it on the server's machine (same DATA_DIR), output kept. */
async function netreach(s: TestSystem, run: typeof runKeysCli, argv: string[], stdin = ''): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io = {
    env: { TELEGRAM_BOT_TOKEN: TEST_TOKEN, STAFF_CHAT_ID: String(s.staffChatId), DATA_DIR: s.dataDir },
    stdin: Object.assign(Readable(stdin), { isTTY: false }),
    stdout: new Writable({ write: (c, _e, done) => ((out += String(c)), done()) }),
    stderr: new Writable({ write: (c, _e, done) => ((err += String(c)), done()) }),
  };
  const code = await run(argv, io);
  return { code, out, err };
}

const Readable = (text: string) => NodeReadable.from([text]);

const keyOf = (s: TestSystem) => Buffer.from(readFileSync(join(s.dataDir, SECRET_KEY_FILE), 'utf8').trim(), 'base64');

describe('netreach keys, through the running server', () => {
  it('rotate: re-seals everything under the new key while the bot keeps answering; returning clients are found', async () => {
    const s = (sys = await startTestSystem());
    const oldKey = keyOf(s);
    const alice = s.emu.createUser({ first_name: 'Alisa', language_code: 'ru' });
    s.emu.userSends(alice.id, alice.id, { text: 'нужна консультация по венам' });
    await s.settle();
    const thread = s.emu.topics(s.staffChatId)[0]!.message_thread_id;

    const rotating = netreach(s, runKeysCli, ['rotate', '--batch-size', '1', '--stop-after-batches', '2']);
    // During the rotation (the server waits for other instances to pick the key up first): a new
    // client and a returning one are answered and relayed.
    const bob = s.emu.createUser({ first_name: 'Boris', language_code: 'ru' });
    s.emu.userSends(bob.id, bob.id, { text: 'где взять тест' });
    s.emu.userSends(alice.id, alice.id, { text: 'и ещё вопрос' });
    await s.settle();
    expect(s.botMessagesTo(bob.id).length).toBeGreaterThan(0);
    expect(s.topicMessages(thread).some((m) => m.text?.includes('и ещё вопрос'))).toBe(true);
    // Interrupted half-way: both keys held, the data under both; the bot still finds Alisa.
    const stopped = await rotating;
    expect(stopped.code).toBe(1);
    expect(s.app.deps.vault.kids).toHaveLength(2);
    s.emu.userSends(alice.id, alice.id, { text: 'вы тут?' });
    await s.settle();
    expect(s.topicMessages(thread).some((m) => m.text?.includes('вы тут?'))).toBe(true);
    expect(await s.app.database.db.select().from(clients)).toHaveLength(2);
    const done = await netreach(s, runKeysCli, ['rotate']);
    expect(done.err).toBe('');
    expect(done.code).toBe(0);
    expect(done.out).toMatch(/rotated to key/);
    // The server did the work (the embedded database cannot be opened by a second process).
    expect(s.logs.join('')).toContain('"cmd":"rotate"');

    const newKey = keyOf(s);
    expect(keyId(newKey)).not.toBe(keyId(oldKey));
    expect(() => statSync(join(s.dataDir, NEXT_KEY_FILE))).toThrow();
    expect(s.app.deps.vault.kids).toEqual([keyId(newKey)]);
    const onlyOld = new Vault(oldKey);
    const onlyNew = new Vault(newKey);
    const sealed = await everySealed(s.app.database.db);
    expect(sealed.length).toBeGreaterThan(5);
    for (const v of sealed) {
      expect(onlyNew.tryOpen(v.purpose, v.value), v.where).not.toBeNull();
      expect(onlyOld.tryOpen(v.purpose, v.value), v.where).toBeNull();
    }
    // After it: Alisa is the same client, in the same topic.
    s.emu.userSends(alice.id, alice.id, { text: 'спасибо' });
    await s.settle();
    expect(s.topicMessages(thread).some((m) => m.text?.includes('спасибо'))).toBe(true);
    expect(await s.app.database.db.select().from(clients)).toHaveLength(2);

    const status = await netreach(s, runKeysCli, ['status']);
    expect(status.out).toContain(`key: ${keyId(newKey)}`);
  });

  it('destroy: asks for the phrase; then the console shows the text as unreadable and the bot answers new clients', async () => {
    const s = (sys = await startTestSystem());
    const old = s.emu.createUser({ first_name: 'Olga', language_code: 'ru' });
    s.emu.userSends(old.id, old.id, { text: 'меня зовут Ольга, абсцесс на руке' });
    await s.settle();
    const [kase] = await s.app.database.db.select().from(clients);
    expect(kase).toBeDefined();

    const refused = await netreach(s, runKeysCli, ['destroy'], 'yes\n');
    expect(refused.code).toBe(2);
    const done = await netreach(s, runKeysCli, ['destroy'], 'destroy all sealed data\n');
    expect(done.err).toMatch(/Type "destroy all sealed data"/);
    expect(done.code).toBe(0);
    expect(s.app.deps.vault.kids).toEqual([keyId(keyOf(s))]);

    const browser = await coordinatorOf(s);
    const page = await browser.get('/console/cases/1');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('текст не читается');
    expect(html).not.toContain('абсцесс');
    // An article for the old client cannot go anywhere: the case page says so, not "failed".
    await browser.get('/console/cases/1');
    const article = await browser.post('/console/cases/1/article', { slug: 'abscess-and-wounds' });
    expect(article.status).toBe(409);
    expect(await article.text()).toContain('связаться с этим клиентом больше нельзя');
    const inbox = await browser.get('/console');
    expect(inbox.status).toBe(200);

    const fresh = s.emu.createUser({ first_name: 'Nina', language_code: 'ru' });
    s.emu.userSends(fresh.id, fresh.id, { text: 'добрый день' });
    s.emu.userSends(old.id, old.id, { text: 'это снова я' });
    await s.settle();
    expect(s.botMessagesTo(fresh.id).length).toBeGreaterThan(0);
    // Olga is a new client now: her old row cannot be linked to her.
    expect(await s.app.database.db.select().from(clients)).toHaveLength(3);
    expect(s.emu.topics(s.staffChatId)).toHaveLength(3);
  });

  it('backup: written by the server with mode 0600, without the key, and nothing of a client in clear', async () => {
    const s = (sys = await startTestSystem());
    const client = s.emu.createUser({ first_name: 'Zinaida', username: 'zina_backup_test', language_code: 'ru' });
    const text = 'мой адрес улица Шпалерная редкое-слово-73519';
    s.emu.userSends(client.id, client.id, { text });
    await s.settle();
    const out = join(s.dataDir, 'backup.tar.gz');
    const r = await netreach(s, runBackupCli, ['--out', out]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/the key is not in the backup/);
    if (s.app.database.kind === 'postgres') {
      expect(r.out).toMatch(/pg_dump/);
      return;
    }
    expect(statSync(out).mode & 0o777).toBe(0o600);
    // A tar of the database folder's content (restored with tar -xzf FILE -C DATA_DIR/db).
    expect(backupBytes(out).subarray(0, 100).toString('latin1')).toMatch(/^\/?PG_VERSION\0/);
    const needles = [String(client.id), 'Zinaida', 'zina_backup_test', 'редкое-слово-73519', 'Шпалерная'];
    expect(searchBackup(out, needles)).toEqual([]);
    // The scan does find what is there in clear: the pseudonym, and the key would be (it is not).
    const [row] = await s.app.database.db.select().from(clients);
    expect(searchBackup(out, [row!.pseudonym])).toEqual([`backup: ${row!.pseudonym}`]);
    expect(searchBackup(out, [readFileSync(join(s.dataDir, SECRET_KEY_FILE), 'utf8').trim()])).toEqual([]);
    expect(await searchEverything(s, needles)).toEqual([]);
    // It restores: the same rows, readable with the key kept apart.
    const { PGlite } = await import('@electric-sql/pglite');
    const restored = await PGlite.create({ loadDataDir: new Blob([readFileSync(out)]) });
    try {
      const rows = (await restored.query<{ chat_sealed: string }>('select chat_sealed from clients')).rows;
      expect(rows).toHaveLength(1);
      expect(s.app.deps.vault.open('client.chat', rows[0]!.chat_sealed)).toBe(String(client.id));
    } finally {
      await restored.close();
    }
  });
});
