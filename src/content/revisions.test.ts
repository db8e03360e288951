import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useFreshDatabases } from '../../test/support/database.ts';
import { createAccount } from '../console/auth/accounts.ts';
import { ROLES, type Role } from '../console/policy.ts';
import type { Database } from '../db/open.ts';
import { articleRevisions, articles } from '../db/schema/index.ts';
import { DEFAULT_SETTINGS } from '../organisation/settings.ts';
import { verifiedArticle } from './articles.ts';
import { contentHash, importPack } from './import.ts';
import { ContentLibrary } from './library.ts';
import { FLOW_STEP_IDS, readPack } from './pack.ts';
import {
  allowedSteps,
  articleHistory,
  checkNewArticle,
  checkRevision,
  createDraft,
  draftContent,
  draftOf,
  formOf,
  hashHolds,
  knowledgeBase,
  publishRevision,
  refusal,
  returnRevision,
  saveDraft,
  submitRevision,
  verifyRevision,
  withdrawArticle,
  type RevisionContent,
} from './revisions.ts';

const NEEDS = ['overdose', 'hr_services'];
const form = (over: Partial<Parameters<typeof checkRevision>[2]> = {}) => ({ title: 'Налоксон', body: '<b>Что это</b>\nАнтидот.', needs: ['overdose'], keywords: 'налоксон, наркан', sources: 'WHO. Opioid overdose. 2023 https://www.who.int/x', ...over });

describe('who may take which step (pure rules)', () => {
  const author = { id: 1, role: 'coordinator' };
  const rev = (status: string, kind = 'medical', createdBy: number | null = 1) => ({ status, kind, createdBy });

  it('lets only the author edit and submit a draft', () => {
    expect(allowedSteps(author, rev('draft'))).toEqual(['edit', 'submit']);
    expect(refusal({ id: 2, role: 'coordinator' }, rev('draft'), 'edit')).toBe('not-author');
    expect(refusal({ id: 1, role: 'worker' }, rev('draft'), 'submit')).toBe('not-allowed');
    for (const status of ['in_review', 'verified', 'published', 'superseded', 'rejected']) expect(refusal(author, rev(status), 'edit')).toBe('wrong-status');
  });

  it('lets only a specialist of the matching kind verify or return, never the author', () => {
    const doctor = { id: 5, role: 'specialist_medical' };
    expect(allowedSteps(doctor, rev('in_review'))).toEqual(['verify', 'return']);
    expect(refusal({ id: 6, role: 'specialist_legal' }, rev('in_review'), 'verify')).toBe('other-kind');
    expect(refusal({ id: 6, role: 'specialist_legal' }, rev('in_review', 'legal'), 'verify')).toBeUndefined();
    expect(refusal({ id: 5, role: 'specialist_medical' }, rev('in_review', 'medical', 5), 'verify')).toBe('own-revision');
    expect(refusal({ id: 5, role: 'specialist_medical' }, rev('in_review', 'medical', 5), 'return')).toBe('own-revision');
    for (const role of ['admin', 'coordinator', 'worker', 'researcher']) expect(refusal({ id: 9, role }, rev('in_review'), 'verify')).toBe('not-allowed');
    expect(refusal(doctor, rev('draft'), 'verify')).toBe('wrong-status');
    expect(refusal(doctor, rev('verified'), 'verify')).toBe('wrong-status');
  });

  it('lets coordinators and admins publish a verified revision, and nobody else', () => {
    const publishers = ROLES.filter((role) => refusal({ id: 9, role }, rev('verified'), 'publish') === undefined);
    expect(publishers).toEqual(['admin', 'coordinator'] satisfies Role[]);
    expect(refusal(author, rev('in_review'), 'publish')).toBe('wrong-status');
    expect(allowedSteps(author, rev('published'))).toEqual([]);
  });

  it('a verification vouches for the hash: any change to the text breaks it', () => {
    const c: RevisionContent = { title: 'T', body: 'B', needs: ['overdose'], keywords: ['k'], sources: [{ title: 'S', url: 'https://x.org' }] };
    const stored = { ...c, contentHash: contentHash(c) };
    expect(hashHolds(stored)).toBe(true);
    for (const changed of [{ title: 'T2' }, { body: 'B ' }, { needs: [] }, { keywords: ['k', 'l'] }, { sources: [] }]) expect(hashHolds({ ...stored, ...changed })).toBe(false);
  });
});

describe('checking what the author wrote', () => {
  it('accepts a well-formed version and normalises it', () => {
    const { problems, content } = checkRevision('naloxone', 'medical', form({ body: '\r\n<b>Что это</b>\r\nАнтидот.\r\n\r\n', keywords: ' налоксон ,наркан,, налоксон ' }), NEEDS);
    expect(problems).toEqual([]);
    expect(content).toEqual({ title: 'Налоксон', body: '<b>Что это</b>\nАнтидот.', needs: ['overdose'], keywords: ['налоксон', 'наркан'], sources: [{ title: 'WHO. Opioid overdose. 2023', url: 'https://www.who.int/x' }] });
    // A text's form and back gives the same content (so an unchanged edit has the same hash).
    const again = checkRevision('naloxone', 'medical', formOf(content!), NEEDS).content!;
    expect(contentHash(again)).toBe(contentHash(content!));
  });

  it('names each problem with its field, as the pack checks bodies', () => {
    const codes = (over: Parameters<typeof form>[0], kind = 'medical', slug = 'naloxone') => checkRevision(slug, kind, form(over), NEEDS).problems.map((p) => `${p.field}:${p.code}${p.args?.line ? `@${p.args.line}` : ''}`);
    expect(codes({ title: '  ' })).toEqual(['title:title-empty']);
    expect(codes({ body: '' })).toEqual(['body:body-empty']);
    expect(codes({ body: 'ok\n<script>alert(1)</script>' })).toEqual(['body:body-forbidden-tag@2', 'body:body-forbidden-tag@2']);
    expect(codes({ body: 'Tom & Jerry {nope}' })).toEqual(['body:body-raw-amp@1', 'body:body-unknown-placeholder@1']);
    expect(codes({ body: 'x'.repeat(3501) })).toEqual(['body:body-too-long@1']);
    expect(codes({ needs: [] })).toEqual(['needs:needs-empty']);
    expect(codes({ needs: ['made_up'] })).toEqual(['needs:needs-unknown']);
    expect(codes({ sources: '' })).toEqual(['sources:sources-needed']);
    expect(codes({ sources: '' }, 'legal')).toEqual([]);
    expect(codes({ sources: 'WHO https://who.int\nno link here' })).toEqual(['sources:source-invalid@2']);
  });

  it('refuses an overdose flow that loses a step', () => {
    const all = FLOW_STEP_IDS.map((id) => `## ${id}\nСделайте это.`).join('\n\n');
    expect(checkRevision('overdose-flow', 'medical', form({ body: all }), NEEDS).problems).toEqual([]);
    const problems = checkRevision('overdose-flow', 'medical', form({ body: all.replace('## breathing-no\nСделайте это.\n\n', '') }), NEEDS).problems;
    expect(problems).toEqual([{ field: 'body', code: 'body-step-missing', args: { step: 'breathing-no', line: 1 } }]);
  });

  it('checks a new article’s slug, language and kind', () => {
    expect(checkNewArticle({ slug: 'safer-smoking', locale: 'en', kind: 'medical' })).toEqual([]);
    expect(checkNewArticle({ slug: 'Safer smoking', locale: 'de', kind: 'magic' }).map((p) => p.code)).toEqual(['slug-invalid', 'locale-invalid', 'kind-invalid']);
  });
});

const db = useFreshDatabases();
const t0 = new Date('2026-03-02T10:00:00Z');
const later = (min: number) => new Date(t0.getTime() + min * 60_000);
const pack = readPack();

async function people(d: Database) {
  const make = async (login: string, role: Role) => {
    const r = await createAccount(d.db, { login, displayName: `Name ${login}`, role, password: 'a long enough passphrase' });
    if (!r.ok) throw new Error(r.problems.join());
    return { ...r.account, id: r.account.id, role: r.account.role, displayName: r.account.displayName };
  };
  return { coordinator: await make('coord', 'coordinator'), doctor: await make('doctor', 'specialist_medical'), lawyer: await make('lawyer', 'specialist_legal') };
}

const row = async (d: Database, slug: string, locale: string) => (await d.db.select().from(articles).where(and(eq(articles.slug, slug), eq(articles.locale, locale))))[0]!;

describe('the workflow in the database', () => {
  it('draft → in review → verified → published: the text in force changes only at publishing, and the bot sends it after a reload', async () => {
    const d = await db();
    await importPack(d.db, pack, { name: 'Pack Reviewer', role: 'врач' }, t0);
    const { coordinator, doctor, lawyer } = await people(d);
    const before = await row(d, 'naloxone', 'ru');
    const library = new ContentLibrary(d.db, () => DEFAULT_SETTINGS);
    await library.load();

    const content = checkRevision('naloxone', 'medical', { ...formOf(before), body: before.body + '\nНовое предложение 7391.' }, NEEDS).content!;
    const draft = await createDraft(d.db, coordinator, { slug: 'naloxone', locale: 'ru', kind: 'legal', isNew: false }, content, later(1));
    expect(draft).toMatchObject({ ok: true, revision: { status: 'draft', kind: 'medical', createdBy: coordinator.id } }); // the article's kind, not the form's
    const id = draft.ok ? draft.revision.id : 0;
    expect(await saveDraft(d.db, doctor, id, content)).toEqual({ ok: false, problem: 'not-author' });
    expect(await submitRevision(d.db, coordinator, id, later(2))).toMatchObject({ ok: true, revision: { status: 'in_review', submittedAt: later(2) } });
    expect(await saveDraft(d.db, coordinator, id, content)).toEqual({ ok: false, problem: 'wrong-status' });

    expect(await verifyRevision(d.db, lawyer, id, contentHash(content), later(3))).toEqual({ ok: false, problem: 'other-kind' });
    expect(await verifyRevision(d.db, doctor, id, 'not what is stored', later(3))).toEqual({ ok: false, problem: 'hash-changed' });
    expect(await publishRevision(d.db, coordinator, id, later(3))).toEqual({ ok: false, problem: 'wrong-status' });
    expect(await verifyRevision(d.db, doctor, id, contentHash(content), later(4))).toMatchObject({
      ok: true,
      revision: { status: 'verified', verifiedBy: doctor.id, verifiedByName: 'Name doctor', verifiedByRole: 'specialist_medical', verifiedAt: later(4) },
    });
    expect(await verifyRevision(d.db, doctor, id, contentHash(content), later(4))).toEqual({ ok: false, problem: 'wrong-status' });
    expect(await row(d, 'naloxone', 'ru')).toMatchObject({ body: before.body, version: 1 }); // still the text in force

    expect(await publishRevision(d.db, doctor, id, later(5))).toEqual({ ok: false, problem: 'not-allowed' });
    expect(await publishRevision(d.db, coordinator, id, later(5))).toMatchObject({ ok: true, revision: { status: 'published', publishedBy: coordinator.id } });
    expect(await row(d, 'naloxone', 'ru')).toMatchObject({
      body: content.body,
      contentHash: contentHash(content),
      version: 2,
      status: 'verified',
      origin: 'console',
      verifiedByName: 'Name doctor',
      verifiedByRole: 'медицинский специалист',
      verifiedAt: later(4),
    });
    expect((await verifiedArticle(d.db, 'naloxone', 'ru'))!.body).toContain('Новое предложение 7391.');
    expect(library.render('naloxone', 'ru')).not.toContain('7391');
    await library.load();
    expect(library.render('naloxone', 'ru')).toContain('Новое предложение 7391.');
    expect(library.render('naloxone', 'ru')).toContain('Проверено: медицинский специалист Name doctor, 02.03.2026');

    // A later publication supersedes this one; the import at the next start keeps the console's text.
    const second = await createDraft(d.db, coordinator, { slug: 'naloxone', locale: 'ru', kind: 'medical', isNew: false }, { ...content, title: 'Налоксон — коротко' }, later(6));
    const id2 = second.ok ? second.revision.id : 0;
    await submitRevision(d.db, coordinator, id2, later(6));
    await verifyRevision(d.db, doctor, id2, (await d.db.select().from(articleRevisions).where(eq(articleRevisions.id, id2)))[0]!.contentHash, later(7));
    await publishRevision(d.db, coordinator, id2, later(8));
    const history = await articleHistory(d.db, 'naloxone', 'ru');
    expect(history.revisions.map((r) => [r.id, r.status, r.authorName, r.publisherName])).toEqual([
      [id2, 'published', 'Name coord', 'Name coord'],
      [id, 'superseded', 'Name coord', 'Name coord'],
    ]);
    expect(history.article).toMatchObject({ title: 'Налоксон — коротко', version: 3 });
    expect(await importPack(d.db, pack, { name: 'Pack Reviewer', role: 'врач' }, later(9))).toMatchObject({ kept: 1, unchanged: 25 });
    expect(await row(d, 'naloxone', 'ru')).toMatchObject({ title: 'Налоксон — коротко', version: 3, origin: 'console' });
  });

  it('the author cannot verify their own revision; a returned one keeps the comment; a verified one is never edited', async () => {
    const d = await db();
    const { doctor, coordinator } = await people(d);
    const content = checkRevision('safer-smoking', 'medical', form({ title: 'Безопаснее курить' }), NEEDS).content!;
    const r = await createDraft(d.db, doctor, { slug: 'safer-smoking', locale: 'ru', kind: 'medical', isNew: true }, content, t0);
    const id = r.ok ? r.revision.id : 0;
    expect(await createDraft(d.db, coordinator, { slug: 'safer-smoking', locale: 'ru', kind: 'medical', isNew: true }, content, t0)).toEqual({ ok: false, problem: 'exists' });
    await submitRevision(d.db, doctor, id, t0);
    expect(await verifyRevision(d.db, doctor, id, contentHash(content), t0)).toEqual({ ok: false, problem: 'own-revision' });
    const doctor2 = (await createAccount(d.db, { login: 'doctor2', displayName: 'Second Doctor', role: 'specialist_medical', password: 'a long enough passphrase' }));
    const second = doctor2.ok ? doctor2.account : undefined!;
    expect(await returnRevision(d.db, second, id, 'Добавьте источник на русском.')).toMatchObject({ ok: true, revision: { status: 'rejected', reviewComment: 'Добавьте источник на русском.' } });
    expect(await submitRevision(d.db, doctor, id, t0)).toEqual({ ok: false, problem: 'wrong-status' });

    // The English text of the same article takes the article's kind.
    const en = await createDraft(d.db, coordinator, { slug: 'safer-smoking', locale: 'en', kind: 'social', isNew: true }, content, t0);
    expect(en).toMatchObject({ ok: true, revision: { kind: 'medical' } });
    const enId = en.ok ? en.revision.id : 0;
    await submitRevision(d.db, coordinator, enId, t0);
    await verifyRevision(d.db, second, enId, contentHash(content), t0);
    expect(await saveDraft(d.db, coordinator, enId, { ...content, body: 'Другое.' })).toEqual({ ok: false, problem: 'wrong-status' });
    // A text changed behind the workflow's back is not published.
    await d.db.update(articleRevisions).set({ body: 'Подменённый текст.' }).where(eq(articleRevisions.id, enId));
    expect(await publishRevision(d.db, coordinator, enId, t0)).toEqual({ ok: false, problem: 'hash-changed' });
    await d.db.update(articleRevisions).set({ body: content.body }).where(eq(articleRevisions.id, enId));
    expect(await publishRevision(d.db, coordinator, enId, t0)).toMatchObject({ ok: true });
    expect(await row(d, 'safer-smoking', 'en')).toMatchObject({ version: 1, kind: 'medical', origin: 'console', verifiedByRole: 'medical specialist' });

    const kb = await knowledgeBase(d.db);
    const entry = kb.articles.find((a) => a.slug === 'safer-smoking')!;
    expect(entry.locales.en).toMatchObject({ inForce: 'verified', version: 1, inReview: 0, toPublish: 0 });
    expect(entry.locales.ru).toMatchObject({ inForce: 'none', inReview: 0, drafts: 0 });
  });

  it('withdraws an article in both languages (the bot stops sending it, the import does not bring it back), never the overdose flow', async () => {
    const d = await db();
    const reviewer = { name: 'Pack Reviewer', role: 'врач' };
    await importPack(d.db, pack, reviewer, t0);
    const { coordinator, doctor } = await people(d);
    expect(await withdrawArticle(d.db, doctor, 'prep', t0)).toEqual({ ok: false, problem: 'not-allowed' });
    expect(await withdrawArticle(d.db, coordinator, 'overdose-flow', t0)).toEqual({ ok: false, problem: 'flow-withdraw' });
    expect(await withdrawArticle(d.db, coordinator, 'no-such', t0)).toEqual({ ok: false, problem: 'not-found' });
    expect(await withdrawArticle(d.db, coordinator, 'prep', t0)).toEqual({ ok: true });
    expect(await withdrawArticle(d.db, coordinator, 'prep', t0)).toEqual({ ok: false, problem: 'wrong-status' });
    const library = new ContentLibrary(d.db, () => DEFAULT_SETTINGS);
    await library.load();
    expect(library.render('prep', 'ru')).toBeUndefined();
    expect(library.render('prep', 'en')).toBeUndefined();
    expect(library.render('naloxone', 'ru')).toBeDefined();
    expect(await importPack(d.db, pack, reviewer, later(1))).toMatchObject({ kept: 2 });
    expect(await row(d, 'prep', 'ru')).toMatchObject({ status: 'withdrawn' });
    expect((await knowledgeBase(d.db)).articles.find((a) => a.slug === 'prep')!.locales.en!.inForce).toBe('withdrawn');
  });

  it('withdraws one language only: its clients get the other language’s text, marked; the other language’s text stays', async () => {
    const d = await db();
    await importPack(d.db, pack, { name: 'Pack Reviewer', role: 'врач' }, t0);
    const { coordinator } = await people(d);
    expect(await withdrawArticle(d.db, coordinator, 'prep', t0, ['en'])).toEqual({ ok: true });
    expect(await withdrawArticle(d.db, coordinator, 'prep', t0, ['en'])).toEqual({ ok: false, problem: 'wrong-status' });
    expect(await row(d, 'prep', 'en')).toMatchObject({ status: 'withdrawn', origin: 'console' });
    expect(await row(d, 'prep', 'ru')).toMatchObject({ status: 'verified', origin: 'pack' });
    const library = new ContentLibrary(d.db, () => DEFAULT_SETTINGS);
    await library.load();
    expect(library.versionOf('prep', 'en')).toEqual({ version: 1, locale: 'ru' });
    expect(library.versionOf('prep', 'ru')).toEqual({ version: 1, locale: 'ru' });
    // Both, with one already withdrawn: the other goes too.
    expect(await withdrawArticle(d.db, coordinator, 'prep', t0, ['ru', 'en'])).toEqual({ ok: true });
    expect(await row(d, 'prep', 'ru')).toMatchObject({ status: 'withdrawn' });
  });

  it('keeps a draft as typed, unchecked, and finds the one a writer is writing', async () => {
    const d = await db();
    const { coordinator, doctor } = await people(d);
    const typed = draftContent({ title: '  ', body: 'Текст\r\n\r\n', needs: [], keywords: '', sources: 'WHO без ссылки\nNHS https://www.nhs.uk/x' });
    expect(typed).toEqual({ title: '', body: 'Текст', needs: [], keywords: [], sources: [{ title: 'WHO без ссылки', url: '' }, { title: 'NHS', url: 'https://www.nhs.uk/x' }] });
    expect(formOf(typed).sources).toBe('WHO без ссылки\nNHS https://www.nhs.uk/x');
    expect(checkRevision('x', 'medical', formOf(typed), NEEDS).problems.map((p) => p.code)).toEqual(['title-empty', 'needs-empty', 'source-invalid']);
    const r = await createDraft(d.db, coordinator, { slug: 'new-one', locale: 'ru', kind: 'social', isNew: true }, typed, t0);
    expect(r.ok).toBe(true);
    expect((await draftOf(d.db, coordinator, 'new-one', 'ru'))?.id).toBe(r.ok ? r.revision.id : -1);
    expect(await draftOf(d.db, doctor, 'new-one', 'ru')).toBeUndefined();
    expect(await draftOf(d.db, coordinator, 'new-one', 'en')).toBeUndefined();
    await submitRevision(d.db, coordinator, r.ok ? r.revision.id : -1, t0);
    expect(await draftOf(d.db, coordinator, 'new-one', 'ru')).toBeUndefined();
  });
});
