import { and, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { useFreshDatabases } from '../../../test/support/database.ts';
import { importPack } from '../../content/import.ts';
import { ContentLibrary } from '../../content/library.ts';
import { readPack } from '../../content/pack.ts';
import { articleRevisions, articles, auditLog } from '../../db/schema/index.ts';
import { createLogger } from '../../log.ts';
import { DEFAULT_SETTINGS } from '../../organisation/settings.ts';
import { createConsoleApp } from '../app.tsx';
import type { ConsoleBotDeps } from '../cases/routes.tsx';
import { diffHunks, lineDiff, telegramToPageHtml } from './preview.ts';
import { KB_KINDS, ROLES, walkPolicy, type Action, type Role } from '../policy.ts';
import { signedIn, testClock, testVault, TestBrowser } from '../testing.ts';

const testDatabase = useFreshDatabases();
const SENTENCE = 'Держите налоксон там, где его быстро найдут друзья.';

/**
 * The console over a fresh database holding the content pack (verified by a configured reviewer),
 * with the bot's content library: what the bot would send, reloaded by publishing.
 */
async function system() {
  const d = await testDatabase();
  const clock = testClock();
  const log = createLogger(new Writable({ write: (_c, _e, done) => done() }), 'debug');
  await importPack(d.db, readPack(), { name: 'Pack Reviewer', role: 'врач' }, clock.now());
  const content = new ContentLibrary(d.db, () => DEFAULT_SETTINGS);
  await content.load();
  // The knowledge base needs only the bot's settings and content library of its deps.
  const bot = { settings: DEFAULT_SETTINGS, content } as unknown as ConsoleBotDeps;
  const app = new Hono().route('/console', createConsoleApp({ db: d.db, vault: testVault, log, now: clock.now, bot: () => bot }));
  const as = async (login: string, role: Role, locale?: 'ru' | 'en') => (await signedIn(app, d.db, clock, login, role, { locale })).browser;
  const audits = async () => (await d.db.select().from(auditLog)).filter((a) => a.action.startsWith('kb.')).map((a) => `${a.action} ${a.detail}`);
  return { db: d.db, clock, content, app, as, audits };
}

/** The form fields of the page's editor as they were prefilled (the hidden ones too). */
function prefilled(html: string): Record<string, string> {
  const value = (id: string) => decode(new RegExp(`id="${id}"[^>]*value="([^"]*)"`).exec(html)?.[1] ?? '');
  const text = (id: string) => decode(new RegExp(`id="${id}"[^>]*>([\\s\\S]*?)</textarea>`).exec(html)?.[1] ?? '');
  const hidden = Object.fromEntries([...html.matchAll(/<input type="hidden" name="(format|draftHash|slug|locale|kind)" value="([^"]*)"/g)].map((m) => [m[1]!, decode(m[2]!)]));
  return { ...hidden, title: value('kb-title'), body: text('kb-body'), keywords: value('kb-keywords'), sources: text('kb-sources') };
}
const decode = (s: string) => s.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
const checkedNeeds = (html: string) => [...html.matchAll(/name="needs" value="([^"]+)" checked/g)].map((m) => m[1]!);
/** The text of the flash at the top of the page, and its tone. */
const flashOf = (html: string) => {
  const m = /<div class="flash (ok|error)"[^>]*>([\s\S]*?)<\/div>/.exec(html);
  return m ? `${m[1]}: ${decode(m[2]!.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim())}` : undefined;
};
/** The message under a field. */
const fieldError = (html: string, id: string) => decode(new RegExp(`id="${id}-error">([\\s\\S]*?)</div>`).exec(html)?.[1]?.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim() ?? '');

/** Posts the editor form: the values given over the page's prefilled ones, needs as repeated fields. */
async function postEditor(b: TestBrowser, path: string, over: Record<string, string> = {}, needs?: string[]) {
  const fields = new URLSearchParams({ _csrf: b.csrf(), ...prefilled(b.html), ...over });
  for (const n of needs ?? checkedNeeds(b.html)) fields.append('needs', n);
  return b.send(path, { method: 'POST', body: fields.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
}

const revisionOf = (res: Response) => Number(/\/kb\/revisions\/(\d+)/.exec(res.headers.get('location') ?? '')?.[1]);

describe('console: the knowledge base', () => {
  it('lists every article under its title in the reader’s language, the slug small; filters; refuses roles without kb.edit', async () => {
    const s = await system();
    const b = await s.as('kate', 'coordinator');
    expect((await b.get('/console/kb')).status).toBe(200);
    expect(b.html).toContain('data-slug="naloxone"');
    const item = /<li data-slug="naloxone">([\s\S]*?)<\/li>/.exec(b.html)![1]!;
    expect(item).toMatch(/<h3 lang="ru"><a href="\/console\/kb\/naloxone\/ru">Налоксон: что это и как применять<\/a><\/h3>/);
    expect(item).toMatch(/<p class="slug">Идентификатор: <code>naloxone<\/code>/);
    expect(item).toContain('<span lang="en">Naloxone: what it is and how to use it</span>');
    expect(b.html).toContain('проверен, бот отправляет');
    for (const [, id] of b.html.matchAll(/<(?:input|select|textarea) id="([^"]+)"/g)) expect(b.html).toContain(`for="${id}"`);
    const en = await s.as('eve', 'coordinator', 'en');
    await en.get('/console/kb');
    expect(/<li data-slug="naloxone">[\s\S]*?<h3 lang="en"><a[^>]*>([^<]*)</.exec(en.html)![1]).toBe('Naloxone: what it is and how to use it');
    await b.get('/console/kb?kind=social');
    expect([...b.html.matchAll(/data-slug="([^"]+)"/g)].map((m) => m[1])).toEqual(['services']);
    await b.get('/console/kb?status=in-review');
    expect(b.html).not.toContain('data-slug=');

    for (const role of ['worker', 'researcher'] as const) {
      const w = await s.as(`x-${role}`, role);
      for (const path of ['/console/kb', '/console/kb/new', '/console/kb/naloxone/ru', '/console/kb/naloxone/ru/edit']) expect((await w.get(path)).status).toBe(403);
      await w.get('/console'); // a page with the session's CSRF token (the logout form)
      expect((await w.post('/console/kb/naloxone/ru/edit', { title: 'x', body: 'y' })).status).toBe(403);
      expect((await w.post('/console/kb/preview', { body: 'y' })).status).toBe(403);
    }
    expect(await s.db.select().from(articleRevisions)).toHaveLength(0);
  });

  it('draft → review → verification by a medical specialist → publishing; the bot sends the new text at once', async () => {
    const s = await system();
    const kate = await s.as('kate', 'coordinator');
    const doctor = await s.as('doc', 'specialist_medical');
    const lawyer = await s.as('lex', 'specialist_legal');
    const worker = await s.as('wanda', 'worker');

    // The form is prefilled from the text in force, in the editor's Markdown, its preview beside it.
    expect((await kate.get('/console/kb/naloxone/ru/edit')).status).toBe(200);
    expect(kate.html).toMatch(/<h1>Новая версия: Налоксон: что это и как применять<\/h1>/);
    const before = prefilled(kate.html);
    expect(before.title).toBe('Налоксон: что это и как применять');
    expect(before.format).toBe('markdown');
    expect(before.body).toMatch(/^\*\*Что это\*\*\n/);
    expect(before.body).toContain('\n- Налоксон безопасен');
    expect(before.sources).toMatch(/^WHO\. Community management of opioid overdose\. 2014 https:\/\/www\.who\.int\//);
    expect(checkedNeeds(kate.html)).toEqual(['overdose']);
    expect(kate.html).toMatch(/<section aria-labelledby="preview-title" id="preview" class="ed-preview">[\s\S]*<div class="tg"[^>]*><b>Налоксон: что это и как применять<\/b>/);
    expect(kate.html).toContain(`<script src="/console/kb/editor.js" defer=""></script>`);
    const body = `${before.body}\n**Важно:** ${SENTENCE} Tom & Jerry <3`;

    // A preview changes nothing and shows the message as Telegram will, with its length.
    const preview = await postEditor(kate, '/console/kb/naloxone/ru/edit', { body, intent: 'preview' });
    expect(preview.status).toBe(200);
    expect(kate.html).toContain(`<div class="tg"`);
    expect(kate.html).toContain(`<b>Важно:</b> ${SENTENCE} Tom &amp; Jerry &lt;3`);
    expect(kate.html).toMatch(/\d из 4\D?096 знаков/);
    expect(prefilled(kate.html).body).toBe(body); // what was typed, as typed
    expect(await s.db.select().from(articleRevisions)).toHaveLength(0);

    const saved = await postEditor(kate, '/console/kb/naloxone/ru/edit', { body, intent: 'save' });
    expect(saved.status).toBe(303);
    const id = revisionOf(saved);
    expect(saved.headers.get('location')).toBe(`/console/kb/revisions/${id}?done=saved`);
    const [stored] = await s.db.select().from(articleRevisions).where(eq(articleRevisions.id, id));
    expect(stored!.body).toContain(`\n<b>Важно:</b> ${SENTENCE} Tom &amp; Jerry &lt;3`); // kept as the Telegram HTML the bot sends
    expect(stored!.body).toContain('\n• Налоксон безопасен');
    await kate.get(`/console/kb/revisions/${id}?done=saved`);
    expect(flashOf(kate.html)).toBe('ok: Черновик сохранён в 13:00. Когда он готов, отправьте его на проверку.');
    expect(kate.html).toContain(`+ **Важно:** ${SENTENCE} Tom &amp; Jerry &lt;3`); // the change against the text in force, as written
    expect(kate.html).toContain('К статье «Налоксон: что это и как применять»');
    expect((await kate.post(`/console/kb/revisions/${id}/submit`)).status).toBe(303);

    // A lawyer may not verify a medical article; the page says why.
    await lawyer.get(`/console/kb/revisions/${id}`);
    expect(lawyer.html).toContain('Эту статью проверяет специалист другого профиля');
    expect(lawyer.html).not.toContain(`/kb/revisions/${id}/verify`);
    expect((await lawyer.post(`/console/kb/revisions/${id}/verify`, { hash: 'x' })).status).toBe(403);
    expect((await kate.post(`/console/kb/revisions/${id}/verify`, { hash: 'x' })).status).toBe(403);
    expect((await worker.post(`/console/kb/revisions/${id}/verify`, { hash: 'x' })).status).toBe(403);
    expect((await kate.post(`/console/kb/revisions/${id}/publish`)).status).toBe(409); // not verified yet
    expect(flashOf(kate.html)).toBe('error: Версия уже на другом шаге — обновите страницу.');

    // The doctor sees it first on the list, reads it and verifies the text shown (its hash).
    await doctor.get('/console/kb');
    expect(doctor.html.indexOf(`data-revision="${id}"`)).toBeLessThan(doctor.html.indexOf('data-slug='));
    await doctor.get(`/console/kb/revisions/${id}`);
    const hash = /name="hash" value="([0-9a-f]{64})"/.exec(doctor.html)![1]!;
    expect((await doctor.post(`/console/kb/revisions/${id}/verify`, { hash: hash.replace(/^./, (c) => (c === 'a' ? 'b' : 'a')) })).status).toBe(409);
    expect(doctor.html).toContain('Текст изменился');
    expect((await doctor.post(`/console/kb/revisions/${id}/verify`, { hash })).status).toBe(303);
    expect((await doctor.post(`/console/kb/revisions/${id}/publish`)).status).toBe(403); // a specialist verifies, a coordinator publishes
    expect((await worker.post(`/console/kb/revisions/${id}/publish`)).status).toBe(403);
    expect(s.content.render('naloxone', 'ru')).not.toContain(SENTENCE); // the text in force stays until published

    await kate.get('/console/kb');
    expect(kate.html).toContain('Проверены, ждут публикации');
    await kate.get(`/console/kb/revisions/${id}`);
    const published = await kate.post(`/console/kb/revisions/${id}/publish`);
    expect(published.status).toBe(303);
    expect(published.headers.get('location')).toBe('/console/kb/naloxone/ru?done=published');
    expect(s.content.render('naloxone', 'ru')).toContain(`<b>Важно:</b> ${SENTENCE} Tom &amp; Jerry &lt;3`);
    expect(s.content.render('naloxone', 'ru')).toContain('Проверено: медицинский специалист Name doc');

    await kate.get('/console/kb/naloxone/ru?done=published');
    expect(flashOf(kate.html)).toBe('ok: Опубликовано: бот уже отправляет новый текст.');
    expect(kate.html).toContain('Name doc (медицинский специалист)');
    expect(kate.html).toContain('из консоли');
    expect(kate.html).toMatch(/Версия<\/dt><dd>2<\/dd>/);
    expect(kate.html).toMatch(/Написал\(а\): Name kate[\s\S]*Проверил\(а\): Name doc \(медицинский специалист\)[\s\S]*Опубликовал\(а\): Name kate/);
    const [row] = await s.db.select().from(articles).where(and(eq(articles.slug, 'naloxone'), eq(articles.locale, 'ru')));
    expect(row).toMatchObject({ origin: 'console', version: 2, verifiedByName: 'Name doc' });
    expect(await s.audits()).toEqual([`kb.draft naloxone/ru #${id}`, `kb.submit naloxone/ru #${id}`, `kb.verify naloxone/ru #${id}`, `kb.publish naloxone/ru #${id}`]);
  });

  it('the author cannot verify their own revision; a reviewer returns one with a comment; only the author changes a draft', async () => {
    const s = await system();
    const doc = await s.as('doc', 'specialist_medical');
    const doc2 = await s.as('doc2', 'specialist_medical');
    const kate = await s.as('kate', 'coordinator');
    await doc.get('/console/kb/vein-care/en/edit');
    const id = revisionOf(await postEditor(doc, '/console/kb/vein-care/en/edit', { title: 'Vein care, revised' }));
    await doc.get(`/console/kb/revisions/${id}`);
    expect(doc.html).toContain(`/kb/revisions/${id}/edit`);

    // Another person cannot change the draft.
    expect((await kate.get(`/console/kb/revisions/${id}/edit`)).status).toBe(403);
    expect(kate.html).toContain('Черновик меняет и отправляет на проверку только его автор');
    await kate.get(`/console/kb/revisions/${id}`);
    expect((await postEditor(kate, `/console/kb/revisions/${id}/edit`, { title: 'Hijacked', body: 'x', sources: 'S https://x.org', slug: 'vein-care', locale: 'en', kind: 'medical' }, ['overdose'])).status).toBe(403);
    expect((await kate.post(`/console/kb/revisions/${id}/submit`)).status).toBe(403);

    await doc.get(`/console/kb/revisions/${id}/edit`);
    expect((await postEditor(doc, `/console/kb/revisions/${id}/edit`, { title: 'Vein care, revised twice' })).status).toBe(303);
    await doc.get(`/console/kb/revisions/${id}`);
    expect((await doc.post(`/console/kb/revisions/${id}/submit`)).status).toBe(303);
    await doc.get(`/console/kb/revisions/${id}`);
    expect(doc.html).toContain('Эту версию написали вы');
    const hash = (await s.db.select().from(articleRevisions).where(eq(articleRevisions.id, id)))[0]!.contentHash;
    expect((await doc.post(`/console/kb/revisions/${id}/verify`, { hash })).status).toBe(403);
    expect(doc.html).toContain('Эту версию написали вы: проверить её должен другой специалист.');

    expect((await kate.post(`/console/kb/revisions/${id}/return`, { comment: '' })).status).toBe(403);
    expect((await doc.post(`/console/kb/revisions/${id}/return`, { comment: '' })).status).toBe(403);
    await doc2.get(`/console/kb/revisions/${id}`);
    expect((await doc2.post(`/console/kb/revisions/${id}/return`, { comment: '  ' })).status).toBe(422);
    expect(doc2.html).toContain('Напишите автору, что исправить.');
    expect(flashOf(doc2.html)).toBe('error: Напишите автору, что исправить. К форме');
    expect(doc2.html).toMatch(/id="return-comment"[^>]*aria-invalid="true"/);
    expect((await doc2.post(`/console/kb/revisions/${id}/return`, { comment: 'Please cite the NHS page.' })).status).toBe(303);
    await doc.get('/console/kb/vein-care/en');
    expect(doc.html).toContain('возвращена автору');
    expect(doc.html).toContain('Замечание проверяющего: Please cite the NHS page.');
    // Revising a returned version starts from its text.
    await doc.get(`/console/kb/vein-care/en/edit?from=${id}`);
    expect(prefilled(doc.html).title).toBe('Vein care, revised twice');
    expect(await s.audits()).toEqual([`kb.draft vein-care/en #${id}`, `kb.draft vein-care/en #${id}`, `kb.submit vein-care/en #${id}`, `kb.return vein-care/en #${id}`]);
  });

  it('saves an unfinished draft as typed, marks next to each field what stands before a review, and refuses to submit it until then', async () => {
    const s = await system();
    const kate = await s.as('kate', 'coordinator');
    await kate.get('/console/kb/naloxone/ru/edit');
    const typed = 'Строка\n<script>alert(1)</script> & {emergency_number} [ссылка](javascript:alert(1))';
    const res = await postEditor(kate, '/console/kb/naloxone/ru/edit', { title: 'Мой заголовок', body: typed, sources: '' }, []);
    expect(res.status).toBe(303);
    const id = revisionOf(res);
    expect(res.headers.get('location')).toBe(`/console/kb/revisions/${id}/edit?done=saved`);
    await kate.get(res.headers.get('location')!);
    expect(flashOf(kate.html)).toBe('ok: Черновик сохранён в 13:00. Чтобы отправить его на проверку, поправьте отмеченное. К отмеченному');
    expect(kate.html).toContain('<a href="#kb-body">К отмеченному</a>');
    expect(prefilled(kate.html)).toMatchObject({ title: 'Мой заголовок', body: typed, format: 'markdown' }); // nothing lost
    expect(kate.html).not.toContain('<script>alert'); // what was typed is shown as text
    const bodyError = fieldError(kate.html, 'kb-body');
    expect(bodyError).toContain('неизвестная подстановка «emergency_number»');
    expect(bodyError).toContain('Текст, строка 2: ссылка «javascript:alert(1)» должна начинаться с https://, http:// или tg://.');
    expect(bodyError).not.toMatch(/«&»|тег/); // a bare & and a tag are text now
    expect(fieldError(kate.html, 'kb-needs')).toBe('Отметьте хотя бы одну потребность.');
    expect(fieldError(kate.html, 'kb-sources')).toBe('У медицинской статьи должен быть хотя бы один источник.');
    expect(kate.html).toMatch(/id="kb-body"[^>]*aria-invalid="true"[^>]*aria-describedby="kb-body-cheats kb-body-hint kb-body-error"/);
    expect(kate.html).toMatch(/id="kb-sources"[^>]*aria-invalid="true"/);
    expect(kate.html).not.toMatch(/id="kb-title"[^>]*aria-invalid/);
    // The stored text is what Telegram would show of it, escaped.
    const [stored] = await s.db.select().from(articleRevisions).where(eq(articleRevisions.id, id));
    expect(stored!.body).toBe('Строка\n&lt;script&gt;alert(1)&lt;/script&gt; &amp; {emergency_number} [ссылка](javascript:alert(1))');

    // It does not go to review as it is.
    await kate.get(`/console/kb/revisions/${id}`);
    expect(kate.html).toContain('Прежде чем отправлять на проверку, поправьте:');
    expect(kate.html).not.toContain(`/kb/revisions/${id}/submit`);
    expect((await kate.post(`/console/kb/revisions/${id}/submit`)).status).toBe(422);
    expect(flashOf(kate.html)).toBe('error: Черновик ещё не готов к проверке: поправьте то, что отмечено, и сохраните его.');

    // English, for an English-speaking account.
    const en = await s.as('eve', 'coordinator', 'en');
    await en.get('/console/kb/naloxone/en/edit');
    const saved = await postEditor(en, '/console/kb/naloxone/en/edit', { title: '' });
    await en.get(saved.headers.get('location')!);
    expect(fieldError(en.html, 'kb-title')).toBe('Write a title.');
    expect(flashOf(en.html)).toMatch(/^ok: Draft saved at \d\d:\d\d\. To submit it for review, correct what is marked\. To what is marked$/);

    // The overdose steps: a version that loses one is kept as a draft but not submitted; its preview is one message per step.
    await kate.get('/console/kb/overdose-flow/ru/edit');
    const flow = prefilled(kate.html).body!;
    expect(flow).toContain('## breathing-no');
    expect([...kate.html.matchAll(/<div class="tg"/g)]).toHaveLength(11);
    const without = flow.replace(/## breathing-no\n[\s\S]*?(?=\n## )/, '').replace(/\n{3,}/g, '\n\n');
    const flowDraft = await postEditor(kate, '/console/kb/overdose-flow/ru/edit', { body: without });
    await kate.get(flowDraft.headers.get('location')!);
    expect(fieldError(kate.html, 'kb-body')).toBe('Нет шага «breathing-no»: ни один шаг порядка действий при передозировке нельзя убрать.');
    expect((await kate.post(`/console/kb/revisions/${revisionOf(flowDraft)}/submit`)).status).toBe(422);
    expect(s.content.step('ru', 'breathing-no')).toBeDefined();
  });

  it('refuses a new article with a bad id: nothing saved, the error next to the field and in the flash, which links to the form', async () => {
    const s = await system();
    const kate = await s.as('kate', 'coordinator');
    await kate.get('/console/kb/new');
    expect(kate.html).toContain('<form method="post" action="/console/kb/new#kb-form" id="kb-form"');
    const bad = await postEditor(kate, '/console/kb/new', { slug: 'Legal Rights', locale: 'ru', kind: 'legal', title: 'Права', body: 'Текст' }, ['offline_services']);
    expect(bad.status).toBe(422);
    expect(flashOf(kate.html)).toBe('error: Черновик не сохранён: поправьте отмеченное. К форме');
    expect(kate.html).toContain('<a href="#kb-form">К форме</a>');
    expect(fieldError(kate.html, 'kb-slug')).toContain('Идентификатор: только латинские буквы');
    expect(kate.html).toMatch(/id="kb-slug"[^>]*value="Legal Rights"[^>]*aria-invalid="true"/);
    expect(prefilled(kate.html)).toMatchObject({ title: 'Права', body: 'Текст' });
    expect(await s.db.select().from(articleRevisions)).toHaveLength(0);
  });

  it('creates a new article, refuses one that exists, and the other language takes the article’s kind', async () => {
    const s = await system();
    const kate = await s.as('kate', 'coordinator');
    const doc = await s.as('doc', 'specialist_medical');
    await kate.get('/console/kb/new');
    const fields = { slug: 'legal-rights', locale: 'ru', kind: 'legal', title: 'Ваши права при задержании', body: 'Вы можете позвонить адвокату.', keywords: 'права, задержание', sources: '' };
    const created = await postEditor(kate, '/console/kb/new', fields, ['offline_services']);
    expect(created.status).toBe(303);
    // The same writer again: their draft, not a second one.
    await kate.get('/console/kb/new');
    expect(revisionOf(await postEditor(kate, '/console/kb/new', fields, ['offline_services']))).toBe(revisionOf(created));
    // Someone else: it exists.
    await doc.get('/console/kb/new');
    expect((await postEditor(doc, '/console/kb/new', fields, ['offline_services'])).status).toBe(409);
    expect(doc.html).toContain('Статья с таким идентификатором и языком уже есть');
    expect(flashOf(doc.html)).toMatch(/^error: Статья с таким идентификатором и языком уже есть/);
    expect((await postEditor(kate, '/console/kb/new', { ...fields, slug: 'naloxone', sources: 'WHO https://who.int' }, ['overdose'])).status).toBe(409);

    await kate.get('/console/kb/new?slug=legal-rights&locale=en&kind=legal');
    const en = await postEditor(kate, '/console/kb/new', { ...fields, locale: 'en', kind: 'medical', sources: 'Law https://example.org/law' }, ['offline_services']);
    expect(en.status).toBe(303);
    const [rev] = await s.db.select().from(articleRevisions).where(eq(articleRevisions.id, revisionOf(en)));
    expect(rev).toMatchObject({ slug: 'legal-rights', locale: 'en', kind: 'legal' });
    await kate.get('/console/kb/legal-rights/ru');
    expect(kate.html).toContain('<h1>Ваши права при задержании</h1>');
    expect(kate.html).toContain('ещё не опубликована');
    expect(kate.html).toContain('Текста в силе ещё нет');
    expect(kate.html).toContain('У вас есть неотправленный черновик этого текста, сохранённый в 13:00.');
  });

  it('keeps what is typed: the autosave answers in JSON, a reload or another device opens the draft with when it was saved, and a save over a newer one is not lost', async () => {
    const s = await system();
    const kate = await s.as('kate', 'coordinator');
    await kate.get('/console/kb/prep/ru/edit');
    const typed = `${prefilled(kate.html).body}\nЧерновик & **жирный**`;
    // The first autosave makes the draft, and says where it now lives.
    const first = await postEditor(kate, '/console/kb/prep/ru/edit', { body: typed, intent: 'autosave' });
    expect(first.status).toBe(200);
    const answer = (await first.json()) as { ok: boolean; message: string; hash: string; action: string };
    const [draft] = await s.db.select().from(articleRevisions);
    expect(answer).toEqual({ ok: true, message: 'Черновик сохранён в 13:00', hash: draft!.contentHash, action: `/console/kb/revisions/${draft!.id}/edit` });
    expect(draft!.body).toContain('\nЧерновик &amp; <b>жирный</b>');
    expect(draft!.status).toBe('draft');

    // Later, and again (the same draft, not a second one).
    s.clock.advance(7 * 60_000);
    await kate.get(answer.action);
    const again = await postEditor(kate, answer.action, { body: `${typed}\nещё строка`, intent: 'autosave' });
    expect(((await again.json()) as { message: string }).message).toBe('Черновик сохранён в 13:07');
    expect(await s.db.select().from(articleRevisions)).toHaveLength(1);

    // Another device (another session of the same account) finds it where the article is edited.
    const other = new TestBrowser(s.app);
    for (const [k, v] of kate.cookies) other.cookies.set(k, v);
    const reopened = await other.get('/console/kb/prep/ru/edit');
    expect(reopened.status).toBe(303);
    expect(reopened.headers.get('location')).toBe(answer.action);
    await other.get(answer.action);
    expect(other.html).toContain('<p class="saved" id="kb-saved" role="status" aria-live="polite">Черновик сохранён в 13:07</p>');
    expect(prefilled(other.html).body).toBe(`${typed}\nещё строка`);
    await other.get('/console/kb/prep/ru');
    expect(other.html).toContain('У вас есть неотправленный черновик этого текста, сохранённый в 13:07.');
    expect(other.html).toContain(`href="${answer.action}">Продолжить черновик</a>`);

    // The first tab, still holding the older draft, does not overwrite the newer one unseen.
    s.clock.advance(60_000);
    const stale = await postEditor(kate, answer.action, { body: 'Старый текст', intent: 'autosave', draftHash: answer.hash });
    expect(stale.status).toBe(409);
    expect(((await stale.json()) as { conflict: boolean }).conflict).toBe(true);
    await kate.get(answer.action);
    const page = kate.html;
    kate.html = page.replace(/name="draftHash" value="[^"]*"/, `name="draftHash" value="${answer.hash}"`);
    const conflict = await postEditor(kate, answer.action, { body: 'Старый текст' });
    expect(conflict.status).toBe(409);
    expect(flashOf(kate.html)).toMatch(/^error: Этот черновик сохранили в другой вкладке или на другом устройстве в 13:07\./);
    expect(prefilled(kate.html).body).toBe('Старый текст'); // still on the page
    // Saved again on purpose, it replaces that one.
    expect((await postEditor(kate, answer.action, { body: 'Старый текст' })).status).toBe(303);
    expect((await s.db.select().from(articleRevisions))[0]!.body).toBe('Старый текст');

    // A new article saves itself only once it has an id.
    await kate.get('/console/kb/new');
    const noSlug = await postEditor(kate, '/console/kb/new', { slug: '', title: 'Без идентификатора', intent: 'autosave' });
    expect(noSlug.status).toBe(422);
    expect(await noSlug.json()).toEqual({ ok: false, message: 'Черновик начнёт сохраняться сам, когда будет указан идентификатор.' });
    // Autosaves are not audited one by one: the draft's creation and each save by hand are.
    expect(await s.audits()).toEqual([`kb.draft prep/ru #${draft!.id}`, `kb.draft prep/ru #${draft!.id}`]);
  });

  it('renders the live preview fragment with the bot’s renderer, and serves the editor’s script', async () => {
    const s = await system();
    const kate = await s.as('kate', 'coordinator');
    await kate.get('/console/kb/new');
    const res = await kate.post('/console/kb/preview', { slug: 'x', locale: 'en', kind: 'legal', format: 'markdown', title: 'Rights & duties', body: '**Call** a lawyer & [read](https://x.org)\n[bad](ftp://x)', sources: '' });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/^<section aria-labelledby="preview-title" id="preview" class="ed-preview">/);
    expect(html).toContain('<b>Rights &amp; duties</b>\n\n<b>Call</b> a lawyer &amp; <a href="https://x.org" rel="noopener noreferrer nofollow">read</a>');
    expect(html).toContain("<i>Verified by: lawyer (the reviewer's name), 2 Mar 2026</i>"); // the line that will name the verifier, in the article's language
    expect(html).toContain('Текст, строка 2: ссылка «ftp://x» должна начинаться с https://, http:// или tg://.');
    expect((await kate.send('/console/kb/preview', { method: 'POST', body: 'body=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } })).status).toBe(403); // no CSRF token
    const script = await kate.get('/console/kb/editor.js');
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await script.text()).toContain("fields('autosave')");
  });

  it('withdraws only the language chosen, after a page that says what clients will no longer get; audited; never the overdose steps', async () => {
    const s = await system();
    const kate = await s.as('kate', 'coordinator');
    const doc = await s.as('doc', 'specialist_medical');
    await doc.get('/console/kb/prep/ru');
    expect(doc.html).not.toContain('/kb/prep/withdraw');
    expect((await doc.get('/console/kb/prep/withdraw?which=en')).status).toBe(403);
    expect((await doc.post('/console/kb/prep/withdraw', { which: 'en', confirm: 'yes' })).status).toBe(403);

    // The article page offers the choice, its own language first.
    await kate.get('/console/kb/prep/en');
    expect(kate.html).toContain('<form method="get" action="/console/kb/prep/withdraw" id="withdraw">');
    expect(kate.html).toMatch(/<input type="radio" id="withdraw-en" name="which" value="en" checked=""/);
    expect(kate.html).toContain('value="both"');

    // Choosing is not withdrawing: the next page says what changes, and asks.
    expect((await kate.get('/console/kb/prep/withdraw?which=en&back=en')).status).toBe(200);
    expect(kate.html).toMatch(/<h1>Снять английский текст статьи «PrEP[^»]*»\?<\/h1>/);
    expect(kate.html).toMatch(/Клиенты, которые пишут боту по-английски, больше не получат английский текст «PrEP[^»]*»\. Пока в силе русский текст, бот будет предлагать и отправлять им его/);
    expect(kate.html).toMatch(/Русский текст «[^»]+» остаётся/);
    expect(kate.html).toContain('Да, снять английский текст');
    // A post without the confirmation shows the same page and changes nothing.
    expect((await kate.post('/console/kb/prep/withdraw', { which: 'en', back: 'en' })).status).toBe(200);
    expect(kate.html).toContain('Да, снять английский текст');
    expect(s.content.versionOf('prep', 'en')).toEqual({ version: 1, locale: 'en' });

    const res = await kate.post('/console/kb/prep/withdraw', { which: 'en', back: 'en', confirm: 'yes' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/console/kb/prep/en?done=withdrawn-en');
    expect(s.content.versionOf('prep', 'en')).toEqual({ version: 1, locale: 'ru' }); // the Russian text, marked
    expect(s.content.versionOf('prep', 'ru')).toEqual({ version: 1, locale: 'ru' });
    await kate.get('/console/kb/prep/en?done=withdrawn-en');
    expect(flashOf(kate.html)).toBe('ok: Английский текст снят: бот его больше не отправляет.');
    expect(kate.html).toContain('снята, бот не отправляет');
    // What is left to withdraw is the Russian text.
    expect(kate.html).not.toContain('id="withdraw-en"');
    expect(kate.html).toContain('id="withdraw-ru"');
    expect(kate.html).not.toContain('value="both"');
    await kate.get('/console/kb/prep/withdraw?which=ru&back=en');
    expect(kate.html).toContain('Ни один клиент больше не получит эту статью');
    expect((await kate.post('/console/kb/prep/withdraw', { which: 'ru', back: 'ru', confirm: 'yes' })).status).toBe(303);
    expect(s.content.render('prep', 'ru')).toBeUndefined();
    expect(s.content.render('prep', 'en')).toBeUndefined();
    await kate.get('/console/kb?status=withdrawn');
    expect([...kate.html.matchAll(/data-slug="([^"]+)"/g)].map((m) => m[1])).toEqual(['prep']);

    // Both at once.
    await kate.get('/console/kb/naloxone/ru');
    await kate.get('/console/kb/naloxone/withdraw?which=both&back=ru');
    expect(kate.html).toContain('Да, снять оба текста');
    expect((await kate.post('/console/kb/naloxone/withdraw', { which: 'both', back: 'ru', confirm: 'yes' })).status).toBe(303);
    expect(s.content.render('naloxone', 'en')).toBeUndefined();

    await kate.get('/console/kb/overdose-flow/ru');
    expect(kate.html).not.toContain('/withdraw');
    expect((await kate.post('/console/kb/overdose-flow/withdraw', { which: 'ru', confirm: 'yes' })).status).toBe(403);
    expect(kate.html).toContain('Порядок действий при передозировке снять нельзя');
    expect(flashOf(kate.html)).toMatch(/^error: Порядок действий при передозировке снять нельзя/);
    expect(s.content.step('ru', 'first-reply')).toBeDefined();
    expect(await s.audits()).toEqual(['kb.withdraw prep/en', 'kb.withdraw prep/ru', 'kb.withdraw naloxone/ru+en']);
  });

  it('refuses a form without the CSRF token', async () => {
    const s = await system();
    const kate = await s.as('kate', 'coordinator');
    await kate.get('/console/kb/prep/ru');
    expect((await kate.post('/console/kb/prep/withdraw', { which: 'ru', confirm: 'yes', _csrf: 'forged' })).status).toBe(403);
    expect(s.content.render('prep', 'ru')).toBeDefined();
  });

  it('enforces the policy table on its routes, for every role', async () => {
    const s = await system();
    const author = await s.as('author', 'coordinator');
    // One revision of each kind in review, written by someone who is not being probed.
    const inReview: Record<string, number> = {};
    for (const kind of KB_KINDS) {
      await author.get(`/console/kb/new?kind=${kind}`);
      const res = await postEditor(author, '/console/kb/new', { slug: `walk-${kind}`, locale: 'ru', kind, title: kind, body: 'Текст.', sources: 'S https://example.org' }, ['offline_services']);
      inReview[kind] = revisionOf(res);
      await author.get(`/console/kb/revisions/${inReview[kind]}`);
      await author.post(`/console/kb/revisions/${inReview[kind]}/submit`);
    }
    const browsers = new Map<Role, TestBrowser>();
    for (const role of ROLES) {
      const b = await s.as(`walk-${role.replace(/_/g, '-')}`, role);
      await b.get('/console');
      browsers.set(role, b);
    }
    const routes: Partial<Record<Action, (b: TestBrowser) => Promise<Response>>> = {
      'kb.edit': (b) => b.get('/console/kb'),
      // A wrong hash: allowed roles get as far as the hash check (409), others are refused (403).
      ...Object.fromEntries(KB_KINDS.map((k) => [`kb.verify:${k}`, (b: TestBrowser) => b.post(`/console/kb/revisions/${inReview[k]}/verify`, { hash: 'stale' })])),
      // No such revision: allowed roles get as far as looking it up (404).
      'kb.publish': (b) => b.post('/console/kb/revisions/999999/publish'),
    };
    const mismatches = await walkPolicy(
      async (role, action) => {
        const res = await routes[action]!(browsers.get(role)!);
        expect([200, 403, 404, 409]).toContain(res.status);
        return res.status !== 403;
      },
      Object.keys(routes) as Action[],
    );
    expect(mismatches).toEqual([]);
  });
});

describe('the preview', () => {
  it('keeps only the formatting Telegram knows; a script or an event attribute in a body appears as text', () => {
    expect(telegramToPageHtml('<b>bold</b> <strong>s</strong> <i>i</i> <em>e</em> <u>u</u> <s>s</s> <code>c</code> <pre>p</pre> <blockquote>q</blockquote>')).toBe(
      '<b>bold</b> <strong>s</strong> <i>i</i> <em>e</em> <u>u</u> <s>s</s> <code>c</code> <pre>p</pre> <blockquote>q</blockquote>',
    );
    expect(telegramToPageHtml('<script>alert(1)</script>')).toBe('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(telegramToPageHtml('<b onclick="steal()">x</b>')).toBe('&lt;b onclick=&quot;steal()&quot;&gt;x&lt;/b&gt;');
    expect(telegramToPageHtml('<img src=x onerror=alert(1)>')).toBe('&lt;img src=x onerror=alert(1)&gt;');
    expect(telegramToPageHtml('<a href="javascript:alert(1)">j</a>')).toBe('&lt;a href=&quot;javascript:alert(1)&quot;&gt;j&lt;/a&gt;');
    expect(telegramToPageHtml('<a href="https://who.int/x?a=1&amp;b=2">w</a> <a href="tg://resolve?domain=x">t</a>')).toBe(
      '<a href="https://who.int/x?a=1&amp;b=2" rel="noopener noreferrer nofollow">w</a> <a href="tg://resolve?domain=x" rel="noopener noreferrer nofollow">t</a>',
    );
    expect(telegramToPageHtml('<a href="https://x.org" onclick="y">x</a>')).toContain('&lt;a href=');
    expect(telegramToPageHtml('Tom & Jerry &amp; &lt;3 "q"')).toBe('Tom &amp; Jerry &amp; &lt;3 &quot;q&quot;');
    // Unbalanced: a stray closing tag is text, an open one is closed.
    expect(telegramToPageHtml('</b><i>open')).toBe('&lt;/b&gt;<i>open</i>');
    expect(telegramToPageHtml('<b><i>x</b></i>')).toBe('<b><i>x&lt;/b&gt;</i></b>');
  });

  it('shows a stored body with a script as text on the article page', async () => {
    const s = await system();
    await s.db
      .update(articles)
      .set({ body: '<script>alert(1)</script>\n<b onclick="steal()">x</b> <a href="javascript:alert(2)">j</a> <a href="https://ok.org">ok</a>' })
      .where(and(eq(articles.slug, 'prep'), eq(articles.locale, 'ru')));
    const kate = await s.as('kate', 'coordinator');
    await kate.get('/console/kb/prep/ru');
    const bubble = /<div class="tg"[^>]*>([\s\S]*?)<\/div>/.exec(kate.html)![1]!;
    expect(bubble).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(bubble).toContain('&lt;b onclick=&quot;steal()&quot;&gt;x&lt;/b&gt;');
    expect(bubble).toContain('&lt;a href=&quot;javascript:alert(2)&quot;&gt;');
    expect(bubble).toContain('<a href="https://ok.org" rel="noopener noreferrer nofollow">ok</a>');
    expect(kate.html).not.toMatch(/<script>alert|onclick="steal|href="javascript:/);
  });

  it('diffs lines', () => {
    expect(lineDiff('a\nb\nc', 'a\nc\nd')).toEqual([
      { kind: 'same', text: 'a' },
      { kind: 'removed', text: 'b' },
      { kind: 'same', text: 'c' },
      { kind: 'added', text: 'd' },
    ]);
    // Only the changes and a line around each are shown.
    const long = lineDiff('1\n2\n3\n4\n5\n6\n7', '1\n2\n3\nfour\n5\n6\n7');
    expect(diffHunks(long).map((d) => (d === 'gap' ? '…' : d.text))).toEqual(['…', '3', '4', 'four', '5', '…']);
  });
});
