import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { recordActivity } from '../../cases/lifecycle.ts';
import { recordMessage } from '../../cases/message-store.ts';
import { auditLog, cases, messagePairs, messages } from '../../db/schema/index.ts';
import { fileIdOf, messageBody, messageKind } from '../../domain/message-kind.ts';
import { purgeExpiredText } from '../../jobs/retention.ts';
import { CLIENT_TEXT, twoCases, useCaseSystems } from './test-system.ts';
import { mediaType } from './routes.tsx';
import { ROLES, walkPolicy, type Action, type Role } from '../policy.ts';
import type { TestBrowser } from '../testing.ts';

const system = useCaseSystems();

const caseIds = (html: string) => [...html.matchAll(/data-case="(\d+)"/g)].map((m) => Number(m[1]));

describe('console: a case', () => {
  it('shows the transcript (labels for media), notes and referrals, and writes the view to the audit log', async () => {
    const s = await system();
    const { first } = await twoCases(s);
    const { browser: b, account } = await s.as('anna', 'worker');
    const res = await b.get(`/console/cases/${first.kase.id}`);
    expect(res.status).toBe(200);
    expect(b.html).toContain(CLIENT_TEXT);
    expect(b.html).toContain('[фото]');
    expect(b.html).toContain('Направлений нет.');
    expect(b.html).toContain('<label for="reply-text">');
    expect(b.html).toContain('<label for="note-text">');
    expect(b.html).toContain(`data-case="${first.kase.id}"`);
    const rows = await s.db.select().from(auditLog).where(eq(auditLog.caseId, first.kase.id));
    expect(rows.map((r) => [r.accountId, r.action])).toEqual([[account.id, 'transcript.view']]);

    // The live fragment is a view too, of the same case by the same account within 10 minutes: one entry (audit/write.ts).
    const part = await b.get(`/console/cases/${first.kase.id}?part=transcript`);
    expect(await part.text()).toContain(CLIENT_TEXT);
    expect(await s.db.select().from(auditLog).where(eq(auditLog.caseId, first.kase.id))).toHaveLength(1);

    expect((await b.get('/console/cases/999999')).status).toBe(404);
    expect((await b.get('/console/cases/99999999999999')).status).toBe(404);
  });

  it('refuses a researcher the case page, and the transcript never appears in the answer', async () => {
    const s = await system();
    const { first } = await twoCases(s);
    const { browser: r } = await s.as('rita', 'researcher');
    for (const path of [`/console/cases/${first.kase.id}`, `/console/cases/${first.kase.id}?part=transcript`]) {
      const res = await r.get(path);
      expect(res.status).toBe(403);
      expect(await res.text()).not.toContain(CLIENT_TEXT);
    }
    expect((await r.post(`/console/cases/${first.kase.id}/reply`, { text: 'hello' })).status).toBe(403);
    expect(await s.db.select().from(auditLog).where(eq(auditLog.caseId, first.kase.id))).toHaveLength(0);
  });

  it('a reply without the CSRF token is refused; with it, the bot sends it to the client and copies it into the topic', async () => {
    const s = await system();
    const { first, vera } = await twoCases(s);
    const { browser: b, account } = await s.as('anna', 'worker', { staffMemberId: vera.id });
    await b.get(`/console/cases/${first.kase.id}`);
    const botTo = (chatId: number) => s.emu.messages(chatId).filter((m) => m.from?.id === s.emu.botUser.id);

    const forged = await b.post(`/console/cases/${first.kase.id}/reply`, { text: 'подделка', _csrf: 'forged' });
    expect(forged.status).toBe(403);
    expect(botTo(first.user.id)).toHaveLength(0);

    await b.get(`/console/cases/${first.kase.id}`);
    expect((await b.post(`/console/cases/${first.kase.id}/reply`, { text: '   ' })).status).toBe(422);
    expect(b.html).toContain('Сначала напишите сообщение.');

    const reply = 'Промойте и приходите в мобильный пункт сегодня.\nМы рядом.';
    const sent = await b.post(`/console/cases/${first.kase.id}/reply`, { text: reply });
    expect(sent.status).toBe(303);
    expect(sent.headers.get('location')).toBe(`/console/cases/${first.kase.id}?done=reply#now`);
    const toClient = botTo(first.user.id);
    expect(toClient.map((m) => m.text)).toEqual([reply]);
    const copy = botTo(s.staff.id).filter((m) => m.message_thread_id === first.topicId && m.text);
    expect(copy.map((m) => m.text)).toEqual([`✍️ из консоли, Name anna: ${reply}`]);

    const stored = await s.db.select().from(messages).where(and(eq(messages.caseId, first.kase.id), eq(messages.direction, 'staff')));
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ kind: 'text', staffMemberId: vera.id, delivery: 'delivered' });
    expect(stored[0]!.bodySealed).not.toContain('мобильный');
    // Paired like a relayed reply: a client replying to it lands on the copy in the topic.
    const [pair] = await s.db.select().from(messagePairs).where(eq(messagePairs.messageId, stored[0]!.id));
    expect(pair).toMatchObject({ origin: 'staff', clientMsgId: toClient[0]!.message_id, staffMsgId: copy[0]!.message_id });
    const [kase] = await s.db.select().from(cases).where(eq(cases.id, first.kase.id));
    expect(kase!.status).toBe('waiting');
    expect(kase!.firstStaffReplyAt).not.toBeNull();
    expect((await s.db.select().from(auditLog).where(eq(auditLog.action, 'case.reply'))).map((r) => r.accountId)).toEqual([account.id]);

    await b.get(sent.headers.get('location')!);
    expect(b.html).toContain('Отправлено клиенту');
    expect(b.html).toContain('Мы рядом.');
    expect(s.logs.join('')).not.toContain('мобильный');
  });

  it('says so when the client blocked the bot, and keeps the text', async () => {
    const s = await system();
    const { first } = await twoCases(s);
    s.emu.userBlocksBot(first.user.id);
    const { browser: b } = await s.as('anna', 'worker');
    await b.get(`/console/cases/${first.kase.id}`);
    const res = await b.post(`/console/cases/${first.kase.id}/reply`, { text: 'Вы здесь?' });
    expect(res.status).toBe(502);
    expect(b.html).toContain('клиент заблокировал бота');
    expect(b.html).toContain('>Вы здесь?</textarea>');
    const [stored] = await s.db.select().from(messages).where(eq(messages.direction, 'staff'));
    expect(stored!.delivery).toBe('blocked');
  });

  it('saves a note that never reaches the client', async () => {
    const s = await system();
    const { first } = await twoCases(s);
    const { browser: b } = await s.as('anna', 'worker');
    await b.get(`/console/cases/${first.kase.id}`);
    const res = await b.post(`/console/cases/${first.kase.id}/notes`, { text: 'Проверить через час' });
    expect(res.status).toBe(303);
    await b.get(res.headers.get('location')!);
    expect(b.html).toContain('Заметка сохранена.');
    expect(b.html).toMatch(/id="notes"[\s\S]*Проверить через час/);
    expect(s.emu.messages(first.user.id).filter((m) => m.text === 'Проверить через час')).toHaveLength(0);
  });
});

describe('console: photos and voice messages in the transcript', () => {
  it('serves each kind with a type a browser handles safely', () => {
    expect(mediaType('photo', 'application/octet-stream')).toBe('image/jpeg');
    expect(mediaType('voice', null)).toBe('audio/ogg');
    expect(mediaType('audio', 'audio/mpeg')).toBe('audio/mpeg');
    expect(mediaType('video_note', 'video/mp4; codecs=avc1')).toBe('video/mp4');
    expect(mediaType('document', 'application/pdf')).toBe('application/pdf');
    // A client's "document" must never render as a page of the console.
    for (const type of ['text/html', 'image/svg+xml', 'application/xhtml+xml', 'text/javascript', null]) expect(mediaType('document', type)).toBe('application/octet-stream');
  });

  it('shows them from Telegram through the media route (audited), never to a researcher, from another case, or after retention', async () => {
    const s = await system();
    const { first, second } = await twoCases(s);
    const id = first.kase.id;
    // Uploaded to Telegram by the client and by a worker in the case topic, as the relay records them.
    const photoBytes = Buffer.from([0xff, 0xd8, 0xff, 0xe0, ...Buffer.from(' a wound on the forearm')]);
    const voiceBytes = Buffer.from('OggS\u0000 the client speaking');
    const photo = s.emu.userSends(first.user.id, first.user.id, { photo: photoBytes, caption: 'Вот так выглядит рука' });
    const voice = s.emu.userSends(first.user.id, first.user.id, { voice: voiceBytes, duration: 4 });
    const staffVideo = s.emu.userSends(s.worker.id, s.staff.id, { video_note: Buffer.from('a video note') }, { message_thread_id: first.topicId });
    const staffFile = s.emu.userSends(s.worker.id, s.staff.id, { document: Buffer.from('%PDF-1.4 leaflet'), file_name: 'leaflet.pdf' }, { message_thread_id: first.topicId });
    const record = (m: typeof photo, direction: 'client' | 'staff') =>
      recordMessage(s.bot, { caseId: id, direction, kind: messageKind(m), body: messageBody(m), fileId: fileIdOf(m) });
    const photoId = await record(photo, 'client');
    const voiceId = await record(voice, 'client');
    const videoId = await record(staffVideo, 'staff');
    const fileId = await record(staffFile, 'staff');
    const media = (m: number, kase = id) => `/console/cases/${kase}/media/${m}`;

    const { browser: b, account } = await s.as('anna', 'worker');
    await b.get(`/console/cases/${id}`);
    expect(b.html).toContain(`<img src="${media(photoId)}" loading="lazy" alt="Фото от клиента"/>`);
    expect(b.html).toMatch(new RegExp(`<li [^>]*id="m${photoId}"[\\s\\S]*?<img [\\s\\S]*?<p class="body">Вот так выглядит рука</p>`));
    expect(b.html).toContain(`<audio controls="" preload="none" src="${media(voiceId)}"><a href="${media(voiceId)}">Прослушать (открыть файл)</a></audio>`);
    expect(b.html).toContain(`<video controls="" preload="none" src="${media(videoId)}">`);
    expect(b.html).toContain(`<a href="${media(fileId)}">Открыть файл</a>`);
    expect(b.html).toContain('[фото]'); // the photo recorded without a file keeps its label
    const csp = (await b.get(`/console/cases/${id}`)).headers.get('content-security-policy')!;
    expect(csp).toContain("img-src 'self'");
    expect(csp).toContain("media-src 'self'");
    // The live fragment draws them the same way; an English reader reads English.
    expect(await (await b.get(`/console/cases/${id}?part=transcript`)).text()).toContain(`<img src="${media(photoId)}"`);
    const { browser: en } = await s.as('emma', 'worker', { locale: 'en' });
    await en.get(`/console/cases/${id}`);
    expect(en.html).toContain('alt="Photo from the client"');
    expect(en.html).toContain('>Listen (open the file)</a>');
    const auditBefore = (await s.db.select().from(auditLog).where(eq(auditLog.action, 'transcript.media'))).length;
    expect(auditBefore).toBe(0);

    // The same bytes, typed by kind, shown inline, never cached; every fetch is audited.
    const got = await b.get(media(photoId));
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('image/jpeg');
    expect(got.headers.get('content-disposition')).toBe('inline');
    expect(got.headers.get('cache-control')).toBe('no-store');
    expect(Buffer.from(await got.arrayBuffer())).toEqual(photoBytes);
    const heard = await b.get(media(voiceId));
    expect(heard.headers.get('content-type')).toBe('audio/ogg');
    expect(Buffer.from(await heard.arrayBuffer())).toEqual(voiceBytes);
    const pdf = await b.get(media(fileId));
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await pdf.arrayBuffer()).toString()).toBe('%PDF-1.4 leaflet');
    const fetches = () => s.db.select().from(auditLog).where(eq(auditLog.action, 'transcript.media')).orderBy(auditLog.id);
    expect((await fetches()).map((r) => [r.accountId, r.caseId, r.detail])).toEqual([
      [account.id, id, String(photoId)],
      [account.id, id, String(voiceId)],
      [account.id, id, String(fileId)],
    ]);

    // A researcher may not; another case's address and an unknown message find nothing.
    const { browser: r } = await s.as('rita', 'researcher');
    const refused = await r.get(media(photoId));
    expect(refused.status).toBe(403);
    expect(Buffer.from(await refused.arrayBuffer()).includes(photoBytes)).toBe(false);
    expect((await b.get(media(photoId, second.kase.id))).status).toBe(404);
    expect((await b.get(media(999999))).status).toBe(404);
    expect((await b.get(media(99999999999999999999))).status).toBe(404);
    expect(await fetches()).toHaveLength(3);

    // Telegram refusing the file: a short page, no stack trace, nothing identifying in the log.
    const unknownId = await recordMessage(s.bot, { caseId: id, direction: 'client', kind: 'voice', fileId: 'AwACAgIAAxkBAAI-no-such-file' });
    const refusedByTelegram = await b.get(media(unknownId));
    expect(refusedByTelegram.status).toBe(502);
    expect(b.html).toContain('Не удалось получить файл из Telegram.');
    expect(b.html).not.toMatch(/\bat .*\.ts:\d+/);
    expect(await fetches()).toHaveLength(3);
    const logs = s.logs.join('');
    expect(logs).toContain('"event":"console.media_failed"');
    for (const m of [photo, voice, staffVideo, staffFile]) expect(logs).not.toContain(fileIdOf(m)!);
    expect(logs).not.toContain('no-such-file');
    expect(logs).not.toContain(s.emu.token);

    // After retention the file reference is gone: the route finds nothing, the label comes back.
    await s.db.update(cases).set({ status: 'closed', closedAt: new Date(Date.now() - 40 * 24 * 3600 * 1000) }).where(eq(cases.id, id));
    await purgeExpiredText(s.db, 30, new Date());
    expect((await b.get(media(photoId))).status).toBe(404);
    expect((await b.get(media(voiceId))).status).toBe(404);
    await b.get(`/console/cases/${id}`);
    expect(b.html).not.toContain('<img ');
    expect(b.html).not.toContain('<audio');
    expect(b.html).toContain('[голосовое сообщение]');
  });
});

/** Reads a server-sent event stream until `until` matches what arrived, or fails after `ms`. */
async function readUntil(res: Response, until: RegExp, ms = 5000): Promise<string> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const deadline = Date.now() + ms;
  try {
    while (!until.test(text)) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no match for ${until} in: ${text}`);
      const chunk = await Promise.race([reader.read(), new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`timed out; got: ${text}`)), left))]);
      if (chunk.done) break;
      text += decoder.decode(chunk.value, { stream: true });
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
  return text;
}

describe('console: live updates', () => {
  it('sends a case event (case number and time only) after a case changes, and serves the script', async () => {
    const s = await system();
    const { first } = await twoCases(s);
    const { browser: b } = await s.as('anna', 'worker');
    const res = await b.get('/console/events');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reading = readUntil(res, /event: case\ndata: [^\n]+\n/);
    await new Promise((r) => setTimeout(r, 150)); // connected, the past already seen
    const text = 'Он не дышит';
    await recordMessage(s.bot, { caseId: first.kase.id, direction: 'client', kind: 'text', body: text });
    const [row] = await s.db.select().from(cases).where(eq(cases.id, first.kase.id));
    await recordActivity(s.bot, row!, 'client');
    const got = await reading;
    const data = JSON.parse(/event: case\ndata: ([^\n]+)/.exec(got)![1]!) as Record<string, unknown>;
    expect(Object.keys(data).sort()).toEqual(['at', 'id']);
    expect(data.id).toBe(first.kase.id);
    expect(got).not.toContain(text);
    expect(got).not.toContain(first.client.pseudonym);

    const script = await b.get('/console/static/live.js');
    expect(script.headers.get('content-type')).toContain('text/javascript');
    expect(await script.text()).toContain('EventSource');
    // Not signed in: no events.
    const anonymous = await s.app.request('http://localhost/console/events');
    expect(anonymous.status).toBe(303);
  });

  it('a case claimed from the console is an event too, so every open inbox shows its new assignee', async () => {
    const s = await system();
    const { second, vera } = await twoCases(s);
    const { browser: watcher } = await s.as('boris', 'worker');
    const res = await watcher.get('/console/events');
    const reading = readUntil(res, new RegExp(`event: case\ndata: \\{"id":${second.kase.id},`));
    await new Promise((r) => setTimeout(r, 150)); // connected, the past already seen
    const { browser: vb } = await s.as('vera', 'worker', { staffMemberId: vera.id });
    await vb.get(`/console/cases/${second.kase.id}`);
    expect((await vb.post(`/console/cases/${second.kase.id}/claim`)).status).toBe(303);
    await reading;
    await watcher.get('/console?part=list');
    expect(watcher.html).toMatch(new RegExp(`data-case="${second.kase.id}"[\\s\\S]*Vera`));
  });
});

describe('console: authorisation of case routes', () => {
  it('walks the inbox, case, transcript, reply, note and events routes with every role', async () => {
    const s = await system();
    const { first } = await twoCases(s);
    const browsers = new Map<Role, TestBrowser>();
    for (const role of ROLES) browsers.set(role, (await s.as(role.replace(/_/g, '-'), role)).browser);
    const id = first.kase.id;
    const routes: Partial<Record<Action, (b: TestBrowser) => Promise<Response>>> = {
      'inbox.view': (b) => b.get('/console?part=list'),
      'case.view': (b) => b.get(`/console/cases/${id}`),
      'transcript.view': (b) => b.get(`/console/cases/${id}?part=transcript`),
      // An empty text: allowed roles get the form back (422), the others 403, and nothing is sent.
      'case.reply': async (b) => (await b.get('/console'), b.post(`/console/cases/${id}/reply`, { text: '' })),
      'case.note': async (b) => (await b.get('/console'), b.post(`/console/cases/${id}/notes`, { text: '' })),
    };
    const mismatches = await walkPolicy(
      async (role, action) => {
        const res = await routes[action]!(browsers.get(role)!);
        expect([200, 403, 422]).toContain(res.status);
        return res.status !== 403;
      },
      Object.keys(routes) as Action[],
    );
    expect(mismatches).toEqual([]);
    // The event stream follows the inbox.
    const events = await walkPolicy(
      async (role) => {
        const res = await browsers.get(role)!.get('/console/events');
        await res.body?.cancel();
        return res.status === 200;
      },
      ['inbox.view'],
    );
    expect(events).toEqual([]);
    expect(s.emu.messages(first.user.id).filter((m) => m.from?.id === s.emu.botUser.id)).toHaveLength(0);
  });
});
