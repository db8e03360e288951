import { eq, sql } from 'drizzle-orm';
import { Hono } from 'hono';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startChannel } from '../channel/index.ts';
import { assignCase, claimCase } from '../cases/assignment.ts';
import { openCaseFor } from '../cases/case-store.ts';
import { closeWithRecord } from '../cases/close.ts';
import { dropWithReason } from '../cases/drop.ts';
import { referExternally } from '../cases/external.ts';
import { recordMessage } from '../cases/message-store.ts';
import { recordReferralOutcome, referInternally, takeReferral } from '../cases/referral.ts';
import { reopenCase } from '../cases/reopen.ts';
import { upsertStaffMember } from '../cases/staff-members.ts';
import { recordBotMessage, recordEvent } from '../cases/timeline.ts';
import type { Actor } from '../cases/actor.ts';
import type { CommunityDeps } from '../community/deps.ts';
import { COMMUNITY_SEAL } from '../community/deps.ts';
import type { Locale } from '../config.ts';
import { readPack } from '../content/pack.ts';
import { accounts, cases, clients, communityMembers, externalOrganisations, moderationActions, outbox, scheduledJobs } from '../db/schema/index.ts';
import { BOT_FLOWS } from '../domain/timeline.ts';
import { RELAYED_KINDS } from '../domain/message-kind.ts';
import { cancelFollowUps } from '../emergency/follow-ups.ts';
import { topicMessage } from '../cases/deliveries.ts';
import { openSettingsStore } from '../organisation/settings-store.ts';
import { DEFAULT_SETTINGS } from '../organisation/settings.ts';
import { createConsoleApp } from './app.tsx';
import { ensureSetupLink } from './auth/setup.ts';
import { useCaseSystems } from './cases/test-system.ts';
import type { Role } from './policy.ts';
import { SECTIONS } from './settings/form.ts';
import { signedIn, TEST_PASSWORD, testVault, TestBrowser } from './testing.ts';

/**
 * Every main page of the console, signed in as each role that sees pages, in Russian and in
 * English: no words of the other language in what a person reads. Prints every offending string
 * with its page, so the list is something to fix.
 */

const system = useCaseSystems();
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

// ---- What a person reads on a page ----------------------------------------------------------------

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
/** Elements whose content is not read as the page's language: code, form values, drawings. */
const OPAQUE = new Set(['script', 'style', 'textarea', 'code', 'svg', 'pre']);
const READ_ATTRS = ['title', 'aria-label', 'placeholder', 'alt'];

const decode = (s: string) =>
  s
    .replace(/&nbsp;/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#x([0-9a-f]+);/gi, (_m, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#([0-9]+);/g, (_m, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

function attrsOf(s: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of s.matchAll(/([^\s=/"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g)) out.set(m[1]!.toLowerCase(), decode(m[2] ?? m[3] ?? m[4] ?? ''));
  return out;
}

/**
 * The strings a person reads on the page: text outside scripts, styles, form values and code,
 * and the attributes read aloud or shown (title, aria-label, placeholder, alt, a button's value).
 * Parts marked as another language (`lang`) or as people's own words (`data-user`) are left out.
 */
export function visibleStrings(html: string, pageLang: Locale): string[] {
  const out: string[] = [];
  const stack: { tag: string; skip: boolean }[] = [];
  const skipping = () => stack.length > 0 && stack[stack.length - 1]!.skip;
  const cleaned = html.replace(/<!--[\s\S]*?-->/g, '').replace(/<!DOCTYPE[^>]*>/i, '');
  const re = /<(\/?)([a-zA-Z][\w-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>|([^<]+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(cleaned))) {
    if (m[4] !== undefined) {
      if (!skipping()) {
        const text = decode(m[4]).replace(/\s+/g, ' ').trim();
        if (text) out.push(text);
      }
      continue;
    }
    const tag = m[2]!.toLowerCase();
    if (m[1]) {
      const at = stack.map((e) => e.tag).lastIndexOf(tag);
      if (at >= 0) stack.length = at;
      continue;
    }
    const attrs = attrsOf(m[3]!);
    const lang = attrs.get('lang');
    const skip = skipping() || OPAQUE.has(tag) || (lang !== undefined && lang !== pageLang) || attrs.has('data-user') || attrs.has('hidden');
    if (!skip) {
      for (const a of READ_ATTRS) if (attrs.get(a)) out.push(attrs.get(a)!);
      if (tag === 'input' && /^(submit|button|reset)$/.test(attrs.get('type') ?? '') && attrs.get('value')) out.push(attrs.get('value')!);
    }
    if (VOID.has(tag) || m[3]!.trim().endsWith('/')) continue;
    if (tag === 'script' || tag === 'style') {
      // Raw text: skip to the end tag.
      const end = cleaned.indexOf(`</${tag}`, re.lastIndex);
      re.lastIndex = end < 0 ? cleaned.length : end;
    }
    stack.push({ tag, skip });
  }
  return out;
}

/**
 * Latin words a Russian page may show: names of things that are not translated (brands, formats,
 * protocols), units, and this test's own data (English article titles, pseudonyms, people's names).
 */
const LATIN_ALLOWED = new Set(
  [
    'Netreach',
    'Telegram',
    'TOTP',
    'CSV',
    'XLSX',
    'URL',
    'PDF',
    'QR',
    'HTML',
    'JSON',
    'SVG',
    'PrEP',
    'HIV',
    'HCV',
    'SMS',
    'ART',
    'RNA',
    'Bot',
    'API',
    'FreeOTP',
    'Google',
    'Authenticator',
    'Aegis',
    'Microsoft',
    'Apple',
    'iPhone',
    'Android',
    'Europe',
    'Moscow',
    'UTC',
    'GMT',
    'IANA',
    'JPEG',
    'PNG',
    'Markdown',
    // Keys as printed on the keyboard.
    'Ctrl',
    'Cmd',
    'Enter',
    'Esc',
    'Tab',
    'Shift',
  ].map((w) => w.toLowerCase()),
);

/**
 * A token that is code rather than words: a command, a handle, an address, a file name, a
 * placeholder, markup, a slug (safer-smoking), a name with digits (2FAS).
 */
const isCode = (token: string) =>
  /^[/@#<]|[<>=]|:\/\/|^\{.*\}$|^[\w.-]+\.(json|md|csv|xlsx|ts|png|svg)$|^[\w.+-]+@[\w.-]+$|^[a-z]+([_-][a-z]+)+$|\d/.test(token.replace(/^[«"“(]+|[»"”).,:;!?…]+$/g, ''));
/** Commands quoted in the text, read as code. */
const CODE_PHRASES = ['netreach admin create'];

/** The Latin words of 3+ letters in a Russian page's string that are not allowed. */
function latinWords(s: string, data: Set<string>): string[] {
  const found: string[] = [];
  for (const phrase of CODE_PHRASES) s = s.split(phrase).join(' ');
  for (const token of s.split(/\s+/)) {
    if (isCode(token)) continue;
    for (const [w] of token.matchAll(/[A-Za-z][A-Za-z'’]{2,}/g)) {
      if (LATIN_ALLOWED.has(w.toLowerCase()) || data.has(w.toLowerCase())) continue;
      found.push(w);
    }
  }
  return found;
}

/** The strings of the page in the wrong language, after taking out the test's own data. */
function wrongLanguage(html: string, locale: Locale, data: { strings: string[]; words: Set<string> }): string[] {
  const bad: string[] = [];
  for (const shown of visibleStrings(html, locale)) {
    let s = shown;
    for (const d of data.strings) if (d && s.includes(d)) s = s.split(d).join(' ');
    const words = locale === 'en' ? [...s.matchAll(/[\u0400-\u04FF]+/g)].map((m) => m[0]) : latinWords(s, data.words);
    if (words.length > 0) bad.push(`${shown.length > 200 ? `${shown.slice(0, 200)}…` : shown}  [${words.join(', ')}]`);
  }
  return [...new Set(bad)];
}

// ---- A system with something on every page ------------------------------------------------------

/** Every string of `v` under a key `ru` or `en`. */
function localisedStrings(v: unknown, lang: Locale, out: string[] = []): string[] {
  if (Array.isArray(v)) for (const x of v) localisedStrings(x, lang, out);
  else if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) {
      if (k === lang && typeof x === 'string') out.push(x);
      else localisedStrings(x, lang, out);
    }
  return out;
}

/** The seeded texts, in the language of the run (English data for the English console). */
const TEXTS = {
  ru: { client: 'У меня абсцесс на руке, что делать', reply: 'Здравствуйте, пришлите фото', note: 'Клиент просит перезвонить', reason: 'нужна консультация врача', tap: 'Опиоиды', edited: 'старый текст', caption: 'фото руки', bot: '🚨 <b>Звоните 103</b> прямо сейчас.\nПоложите человека на бок.', feedback: 'спасибо', drop: 'спам', post: 'Выезд в среду отменён', invite: 'Фестиваль' },
  en: { client: 'I have an abscess on my arm, what do I do', reply: 'Hello, send a photo', note: 'The client asks for a call back', reason: 'needs a doctor', tap: 'Opioids', edited: 'old text', caption: 'photo of the arm', bot: '🚨 <b>Call 103</b> right now.\nPut the person on their side.', feedback: 'thanks', drop: 'spam', post: 'Wednesday stop cancelled', invite: 'Festival' },
};

const PAGE_ROLES: Role[] = ['admin', 'coordinator', 'worker', 'specialist_medical', 'researcher'];

async function seededSystem(locale: Locale) {
  const words = TEXTS[locale];
  // The content pack verified, so the case page names the article it sent.
  const s = await system({ content: {}, settings: { contentReviewer: { name: locale === 'ru' ? 'Анна Проверкина' : 'Anna Checker', role: locale === 'ru' ? 'врач' : 'doctor' } } });
  const dataDir = mkdtempSync(join(tmpdir(), 'netreach-language-'));
  dirs.push(dataDir);
  const opened = await openSettingsStore(s.db, { dataDir, log: s.bot.log, now: s.clock.now });
  if (!opened.ok) throw new Error(opened.errors.join());
  // The channel and the community chat, so their pages show their work rather than "not set up".
  const channel = s.emu.createChannel({ title: locale === 'ru' ? 'Новости' : 'News', botIsAdmin: true });
  await startChannel(s.bot, { channelId: channel.id, tickMs: 3_600_000 });
  const chat = s.emu.createGroup({ title: 'Community', members: [], admins: [], botIsAdmin: true });
  const community = Object.assign(Object.create(s.bot) as CommunityDeps, { communityChatId: chat.id, botUsername: 'netreach_bot' });
  const app = new Hono().route(
    '/console',
    createConsoleApp({ db: s.db, vault: testVault, log: s.bot.log, now: s.clock.now, bot: () => s.bot, community: () => community, settings: opened.store, live: { pollMs: 50, heartbeatMs: 60_000 } }),
  );
  return { s, app, words, channel };
}

/** One case of each shape, the busiest one with every kind of timeline entry. */
async function seedCases(x: Awaited<ReturnType<typeof seededSystem>>, locale: Locale) {
  const { s, words } = x;
  const vera = await upsertStaffMember(s.bot, { id: s.worker.id, first_name: 'Vera' });
  const actor: Actor = { staffMemberId: vera.id, name: 'Vera', fromConsole: false };
  const doctorUser = s.emu.createUser({ first_name: 'Daria' });
  const doctor = await upsertStaffMember(s.bot, { id: doctorUser.id, first_name: 'Daria' });
  const doctorActor: Actor = { staffMemberId: doctor.id, name: 'Daria', fromConsole: true };

  // #1: an emergency with everything in it.
  const busy = await s.newCase('Client One', words.client, locale);
  const id = busy.kase.id;
  for (const kind of [...RELAYED_KINDS, 'contact', 'other'] as const) {
    if (kind === 'text') continue;
    await recordMessage(s.bot, { caseId: id, direction: 'client', kind, body: kind === 'photo' ? words.caption : undefined, fileId: kind === 'location' || kind === 'venue' || kind === 'contact' || kind === 'other' ? undefined : `file-${kind}`, delivery: kind === 'contact' || kind === 'other' ? 'not_relayed' : undefined });
  }
  await claimCase(s.bot, actor, { caseId: id });
  await recordMessage(s.bot, { caseId: id, direction: 'staff', kind: 'text', body: words.reply, actor });
  await recordMessage(s.bot, { caseId: id, direction: 'staff', kind: 'text', body: words.reply, actor, delivery: 'failed' });
  await recordMessage(s.bot, { caseId: id, direction: 'staff', kind: 'text', body: words.reply, actor, delivery: 'blocked' });
  await recordMessage(s.bot, { caseId: id, direction: 'staff', kind: 'article', body: 'kb:naloxone', actor, eventData: { slug: 'naloxone' } });
  await recordMessage(s.bot, { caseId: id, direction: 'note', kind: 'text', body: words.note, actor });
  for (const flow of BOT_FLOWS) await recordBotMessage(s.bot, id, flow, words.bot, { data: { step: 'first-reply' } });
  await recordEvent(s.bot, id, { kind: 'client_tap', by: 'client', data: { button: 'od:s:opioids' }, text: words.tap });
  await recordEvent(s.bot, id, { kind: 'emergency', by: 'client', data: { trigger: 'text', level: 'full' } });
  await recordEvent(s.bot, id, { kind: 'emergency', by: 'client', data: { trigger: 'text', level: 'possible' } });
  await recordEvent(s.bot, id, { kind: 'emergency', by: 'client', data: { trigger: 'menu', level: 'full', again: true } });
  for (const answer of ['breathing', 'not_breathing', 'recovered', 'help_arrived']) await recordEvent(s.bot, id, { kind: 'emergency', by: 'client', data: { answer } });
  await recordEvent(s.bot, id, { kind: 'client_edit', by: 'client', text: words.edited });
  await recordEvent(s.bot, id, { kind: 'staff_edit', actor, text: words.edited });
  await recordEvent(s.bot, id, { kind: 'client_edit', by: 'client' });
  await s.db.update(cases).set({ emergencyAt: sql`now()`, afterHours: true }).where(eq(cases.id, id));
  await s.db.insert(scheduledJobs).values([
    { kind: 'overdose.arrived-check', caseId: id, dueAt: new Date(Date.now() + 60_000), payloadSealed: 'v1.x' },
    { kind: 'overdose.second-dose', caseId: id, dueAt: new Date(Date.now() + 120_000), payloadSealed: 'v1.x' },
  ]);
  const ref = await referInternally(s.bot, actor, { caseId: id, role: 'doctor', reason: words.reason });
  if (!ref.ok) throw new Error(ref.problem);
  await takeReferral(s.bot, doctorActor, { referralId: ref.referralId });
  await recordReferralOutcome(s.bot, doctorActor, { referralId: ref.referralId, outcome: 'done' });
  await referInternally(s.bot, actor, { caseId: id, role: 'lawyer', reason: words.reason });
  const [org] = await s.db.select().from(externalOrganisations);
  if (org) await referExternally(s.bot, actor, { caseId: id, organisationId: org.id });
  await assignCase(s.bot, actor, { caseId: id, staffMemberId: doctor.id });
  await recordEvent(s.bot, id, { kind: 'feedback', by: 'client', data: { rating: 1 } });
  await cancelFollowUps(s.bot, id, 'help_arrived');
  await s.db.insert(scheduledJobs).values({ kind: 'overdose.arrived-check', caseId: id, dueAt: new Date(Date.now() + 60_000), payloadSealed: 'v1.x' });
  const DRAFT = { needs: ['overdose', 'minor_injection_complications'], services: ['overdose_guidance'], phoneCall: 'refused', outcome: 'referred' };
  await closeWithRecord(s.bot, actor, { caseId: id, draft: DRAFT as never, contactLine: '' });
  await reopenCase(s.bot, 'client', { caseId: id });
  await closeWithRecord(s.bot, actor, { caseId: id, draft: { ...DRAFT, outcome: 'resolved' } as never, contactLine: '' });
  await reopenCase(s.bot, { ...actor, fromConsole: true }, { caseId: id });
  await recordEvent(s.bot, id, { kind: 'feedback', by: 'client', data: { rating: -1 }, text: words.feedback });

  // #2: dropped as spam; #3: a new one, waiting; #4: the first client again, closed.
  const dropped = await s.newCase('Client Two', words.client, locale);
  await dropWithReason(s.bot, actor, { caseId: dropped.kase.id, reason: words.drop });
  const fresh = await s.newCase('Client Three', words.client, locale);
  await recordMessage(s.bot, { caseId: fresh.kase.id, direction: 'client', kind: 'voice', fileId: 'file-voice' });
  const again = await openCaseFor(s.bot, busy.client.id);
  void again;

  // Something the outbox set aside, for the delivery page.
  const item = topicMessage(s.bot, busy.kase, { text: words.reply });
  await s.db.insert(outbox).values({ target: item.target, op: item.op, lane: item.lane, caseId: item.caseId, payloadSealed: s.bot.vault.sealJson('outbox.payload', item.payload), status: 'parked', attempts: 1, lastError: 'TelegramError 400 Bad Request: TOPIC_CLOSED' });

  // A member of the community chat with a moderation record and an appeal.
  const [member] = await s.db.insert(communityMembers).values({ tgHash: 'h', chatSealed: 'x', pseudonym: 'Fox-42', status: 'member' }).returning();
  await s.db.insert(moderationActions).values([
    { memberId: member!.id, action: 'delete', rule: 'spam', at: s.clock.now() },
    { memberId: member!.id, action: 'mute', rule: 'insult', appealSealed: testVault.seal(COMMUNITY_SEAL.appeal, words.feedback), appealedAt: s.clock.now(), at: s.clock.now() },
  ]);
  return { busy, dropped, fresh, vera, doctor };
}

interface Offence {
  page: string;
  role: string;
  text: string;
}

/** The test's own data: the content pack's titles and the settings' texts in the other language, names. */
function userData(locale: Locale, x: Awaited<ReturnType<typeof seededSystem>>) {
  const other: Locale = locale === 'ru' ? 'en' : 'ru';
  const pack = readPack();
  const strings = [
    ...pack.filter((a) => a.locale === other).map((a) => a.title),
    // Works cited are cited by their own titles, whatever the article's language.
    ...pack.flatMap((a) => a.sources.map((src) => src.title)),
    ...localisedStrings(DEFAULT_SETTINGS, other),
    ...Object.values(TEXTS[other]),
    x.channel.title ?? '',
  ].filter((s) => s.length > 0);
  // Names and pseudonyms the test made up (Latin in both runs).
  const words = new Set(['vera', 'daria', 'anna', 'name', 'client', 'one', 'two', 'three', 'fox', 'community', 'netreach_bot', 'admin', 'coordinator', 'worker', 'specialist_medical', 'researcher', 'cora', 'newbie'].map((w) => w.toLowerCase()));
  return { strings: strings.sort((a, b) => b.length - a.length), words };
}

async function pagesOf(x: Awaited<ReturnType<typeof seededSystem>>, seeded: Awaited<ReturnType<typeof seedCases>>, admin: TestBrowser): Promise<string[]> {
  const caseId = seeded.busy.kase.id;
  // A post in the channel, an invite to the community chat, a draft article.
  await admin.get('/console/channel/new');
  const post = await admin.post('/console/channel/new', { body: x.words.post, locale: 'ru', intent: 'save' });
  const postPath = post.headers.get('location')?.replace(/\?.*$/, '') ?? '/console/channel';
  await admin.get('/console/community');
  const invite = await admin.post('/console/community/invites', { place: 'event', name: x.words.invite, limit: '50', expires: '2099-12-31' });
  const invitePath = invite.headers.get('location')?.replace(/\?.*$/, '') ?? '/console/community';
  const [client] = await x.s.db.select({ id: cases.clientId }).from(cases).where(eq(cases.id, caseId));
  const [adminAccount] = await x.s.db.select().from(accounts).where(eq(accounts.login, 'admin'));
  return [
    '/console',
    '/console?status=closed',
    `/console/cases/${caseId}`,
    `/console/cases/${seeded.dropped.kase.id}`,
    `/console/cases/${seeded.fresh.kase.id}`,
    '/console/clients',
    `/console/clients/${client!.id}`,
    '/console/kb',
    '/console/kb/new',
    '/console/kb/naloxone/ru',
    '/console/kb/naloxone/en',
    '/console/kb/overdose-flow/ru',
    '/console/reports',
    '/console/settings',
    ...SECTIONS.map((section) => `/console/settings/${section}`),
    '/console/settings/history',
    '/console/staff',
    `/console/staff/${adminAccount!.id}`,
    '/console/audit',
    '/console/channel',
    '/console/channel/new',
    postPath,
    '/console/community',
    '/console/community/figures',
    '/console/community/log',
    invitePath,
    `${invitePath}/print`,
    '/console/delivery',
    '/console/link',
  ];
}

/** The sign-in pages before an account is signed in, in the language asked with ?lang=. */
async function signInPages(x: Awaited<ReturnType<typeof seededSystem>>, locale: Locale, check: (page: string, html: string, status: number) => void) {
  const link = await ensureSetupLink(x.s.db, testVault, 'http://localhost', x.s.clock.now());
  const b = new TestBrowser(x.app);
  const setupPath = `${new URL(link!).pathname}?lang=${locale}`;
  check(setupPath, await (await b.get(setupPath)).text(), 200);
  const wrong = await b.post(setupPath, { login: 'first', displayName: 'First', password: 'short', password2: 'other' });
  check(`POST ${setupPath}`, b.html, wrong.status);
  check('/console/setup/nope', await (await b.get(`/console/setup/nope?lang=${locale}`)).text(), 404);
  const login = `/console/login?lang=${locale}`;
  check(login, await (await b.get(login)).text(), 200);
  const failed = await b.post(login, { login: 'nobody', password: 'wrong password here' });
  check(`POST ${login}`, b.html, failed.status);
  // An account with a password but no second factor yet: the code page, then enrolment.
  const { createAccount } = await import('./auth/accounts.ts');
  await createAccount(x.s.db, { login: 'newbie', displayName: 'Newbie', role: 'coordinator', password: TEST_PASSWORD, locale });
  const n = new TestBrowser(x.app);
  await n.get(login);
  await n.post(login, { login: 'newbie', password: TEST_PASSWORD });
  for (const path of ['/console/login/totp', '/console/totp/enrol']) {
    const res = await n.get(path);
    if (res.status === 200) check(path, n.html, 200);
  }
  const badCode = await n.post('/console/totp/enrol', { code: '000000' });
  if (badCode.status < 300) check('POST /console/totp/enrol', n.html, badCode.status);
}

// ---- The test -----------------------------------------------------------------------------------

describe('console: one language per page', () => {
  it('reads a page as a person does: text and the attributes read aloud, not scripts, values or parts in another language', () => {
    const html = `<!DOCTYPE html><html lang="ru"><head><title>Заголовок</title><style>.a{color:red}</style><script src="/x.js"></script></head><body>
      <p title="подсказка" class="note">Текст &amp; ещё<br>строка</p><img src="/a.png" alt="картинка"><input type="text" name="q" value="value" placeholder="поиск">
      <input type="submit" value="Отправить"><button aria-label="закрыть" value="x">×</button><textarea name="t">typed words</textarea>
      <a href="?lang=en" lang="en">English</a><div data-user="">Client words</div><code>/note</code><script>var english = 1;</script><p>Конец</p></body></html>`;
    expect(visibleStrings(html, 'ru')).toEqual(['Заголовок', 'подсказка', 'Текст & ещё', 'строка', 'картинка', 'поиск', 'Отправить', 'закрыть', '×', 'Конец']);
    expect(latinWords('Скачать CSV, xlsx; Telegram и /note, @doctor_bot, {org_name}, safer-smoking, 2FAS', new Set())).toEqual([]);
    expect(latinWords('Статья: pinned · Anna (outreach worker)', new Set(['anna']))).toEqual(['pinned', 'outreach', 'worker']);
  });

  for (const locale of ['ru', 'en'] as const) {
    it(
      `${locale}: every main page, as each role, has no words of the other language`,
      async () => {
        const x = await seededSystem(locale);
        const data = userData(locale, x);
        const offences: Offence[] = [];
        const failures: string[] = [];
        const seen = new Set<string>();
        const statuses: string[] = [];
        const check = (role: string) => (page: string, html: string, status: number) => {
          if (status >= 500) failures.push(`${role} ${page}: ${status}`);
          for (const text of wrongLanguage(html, locale, data)) {
            const key = `${page}\u0000${text}`;
            if (seen.has(key)) continue;
            seen.add(key);
            offences.push({ page, role, text });
          }
        };
        await signInPages(x, locale, check('anonymous'));
        const seeded = await seedCases(x, locale);
        // Pseudonyms are made of Latin letters and digits in both languages.
        for (const c of await x.s.db.select({ pseudonym: clients.pseudonym }).from(clients)) data.strings.push(c.pseudonym);
        data.strings.sort((a, b) => b.length - a.length);
        const browsers = new Map<Role, TestBrowser>();
        for (const role of PAGE_ROLES) browsers.set(role, (await signedIn(x.app, x.s.db, x.s.clock, role, role, { locale, ...(role === 'worker' ? { staffMemberId: seeded.vera.id } : role === 'specialist_medical' ? { staffMemberId: seeded.doctor.id } : {}) })).browser);
        const pages = await pagesOf(x, seeded, browsers.get('admin')!);
        for (const [role, b] of browsers) {
          for (const page of pages) {
            const res = await b.get(page);
            if (res.status >= 500 || !(res.headers.get('content-type') ?? '').startsWith('text/html')) {
              failures.push(`${role} ${page}: ${res.status} ${res.headers.get('content-type')}`);
              continue;
            }
            check(role)(page, b.html, res.status);
            statuses.push(`${res.status} ${role} ${page}`);
            if (process.env.LANGUAGE_DUMP && page === process.env.LANGUAGE_DUMP && role === 'admin') writeFileSync(`/tmp/dump.${locale}.html`, b.html);
          }
        }
        const report = offences.map((o) => `  ${o.page} (${o.role}): ${o.text}`).join('\n');
        if (offences.length > 0) console.log(`${locale}: ${offences.length} strings in the wrong language:\n${report}`);
        if (process.env.LANGUAGE_REPORT) writeFileSync(`${process.env.LANGUAGE_REPORT}.${locale}.txt`, `${report}\n\n${statuses.join('\n')}\n`);
        expect(failures).toEqual([]);
        expect(offences.map((o) => `${o.page}: ${o.text}`)).toEqual([]);
      },
      240_000,
    );
  }
});
