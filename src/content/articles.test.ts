import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useFreshDatabases } from '../../test/support/database.ts';
import { articles } from '../db/schema/index.ts';
import { DEFAULT_SETTINGS } from '../organisation/settings.ts';
import { allVerified, fillFromSettings, fillPlaceholders, formatDate, overdoseStep, renderArticle, telegramLength, verifiedArticle, type VerifiedArticle } from './articles.ts';
import { importPack } from './import.ts';
import { readPack, type PackEntry } from './pack.ts';

const db = useFreshDatabases();

const pack = readPack();
const reviewer = { name: 'Анна Иванова', role: 'врач' };
const when = new Date('2026-03-12T09:00:00Z');
const fillRu = { emergency_numbers: '103 или 112', org_name: 'Гуманитарное действие', doctor_contact: '@doctor_bot' };
const fillEn = { emergency_numbers: '103 or 112', org_name: 'Humanitarian Action', doctor_contact: '@doctor_bot' };
const only = (slug: string, locale: string) => pack.filter((e) => e.slug === slug && e.locale === locale);

describe('the read side returns verified content only', () => {
  it('returns nothing from an unverified pack', async () => {
    const d = await db();
    await importPack(d.db, pack);
    expect(await verifiedArticle(d.db, 'naloxone', 'ru')).toBeUndefined();
    expect(await verifiedArticle(d.db, 'naloxone', 'en')).toBeUndefined();
    expect(await allVerified(d.db, 'ru')).toEqual([]);
    expect(await overdoseStep(d.db, 'first-reply', 'ru', fillRu)).toBeUndefined();
  });

  it('returns a verified article with who verified it and when', async () => {
    const d = await db();
    await importPack(d.db, pack, reviewer, when);
    const a = await verifiedArticle(d.db, 'prep', 'ru');
    expect(a).toMatchObject({ slug: 'prep', locale: 'ru', requestedLocale: 'ru', fallback: false, title: only('prep', 'ru')[0]!.title, version: 1, verifiedBy: reviewer, verifiedAt: when });
    expect(await verifiedArticle(d.db, 'no-such-article', 'ru')).toBeUndefined();
    const all = await allVerified(d.db, 'en');
    expect(all.map((x) => x.slug)).toEqual([...new Set(pack.map((e) => e.slug))].filter((s) => s !== 'overdose-flow'));
    expect(all.every((x) => x.locale === 'en' && !x.fallback)).toBe(true);
  });

  it('falls back to the other language only when the requested one is not verified, and says so', async () => {
    const d = await db();
    await importPack(d.db, only('prep', 'en'), reviewer, when); // English verified
    await importPack(d.db, only('prep', 'ru')); // Russian imported without a reviewer
    expect(await verifiedArticle(d.db, 'prep', 'ru')).toMatchObject({ slug: 'prep', locale: 'en', requestedLocale: 'ru', fallback: true });
    expect(await verifiedArticle(d.db, 'prep', 'en')).toMatchObject({ locale: 'en', fallback: false });
    expect(await allVerified(d.db, 'ru')).toEqual([]);

    await importPack(d.db, only('prep', 'ru'), reviewer, when);
    expect(await verifiedArticle(d.db, 'prep', 'ru')).toMatchObject({ locale: 'ru', fallback: false });
  });

  it('a changed text is not returned until it is verified again', async () => {
    const d = await db();
    await importPack(d.db, pack, reviewer, when);
    const changed: PackEntry[] = only('naloxone', 'ru').map((e) => ({ ...e, body: e.body + '\nИзменено.' }));
    await importPack(d.db, changed);
    // Russian unverified now: the English (still verified) text is offered instead, marked as a fallback.
    expect(await verifiedArticle(d.db, 'naloxone', 'ru')).toMatchObject({ locale: 'en', fallback: true });
    expect((await allVerified(d.db, 'ru')).map((a) => a.slug)).not.toContain('naloxone');
  });

  it('does not return a row whose text was changed behind the importer (hash mismatch) or lacks a reviewer', async () => {
    const d = await db();
    await importPack(d.db, pack, reviewer, when);
    const where = (slug: string) => and(eq(articles.slug, slug), eq(articles.locale, 'ru'));
    await d.db.update(articles).set({ body: 'Подменённый текст' }).where(where('prep'));
    await d.db.update(articles).set({ verifiedByName: null }).where(where('services'));
    expect(await verifiedArticle(d.db, 'prep', 'ru')).toMatchObject({ locale: 'en', fallback: true });
    expect(await verifiedArticle(d.db, 'services', 'ru')).toMatchObject({ locale: 'en', fallback: true });
    const slugs = (await allVerified(d.db, 'ru')).map((a) => a.slug);
    expect(slugs).not.toContain('prep');
    expect(slugs).not.toContain('services');
    expect(slugs).toContain('vein-care');
  });

  it('gives overdose-flow steps, filled, only when verified', async () => {
    const d = await db();
    await importPack(d.db, pack, reviewer, when);
    const first = await overdoseStep(d.db, 'first-reply', 'ru', fillRu);
    expect(first).toContain('Звоните 103 или 112');
    expect(first).not.toMatch(/[{}]/);
    expect(await overdoseStep(d.db, 'doctor-contact', 'en', fillEn)).toBe("Humanitarian Action's doctor is available: @doctor_bot");
    // The organisation's name is never declined: in the nominative, in quotes, after a noun.
    expect(await overdoseStep(d.db, 'doctor-contact', 'ru', fillRu)).toBe('Врач организации «Гуманитарное действие» на связи: @doctor_bot');
    // No doctor configured: the doctor step has nothing left to say.
    expect(await overdoseStep(d.db, 'doctor-contact', 'ru', { ...fillRu, doctor_contact: '' })).toBeUndefined();
    expect(await overdoseStep(d.db, 'no-such-step', 'ru', fillRu)).toBeUndefined();
    await importPack(d.db, only('overdose-flow', 'ru').map((e) => ({ ...e, body: e.body.replace('Звоните', 'Позвоните') })));
    // The changed Russian flow is unverified: the verified English one is used rather than nothing.
    expect(await overdoseStep(d.db, 'first-reply', 'ru', fillEn)).toContain('103 or 112');
  });
});

const verified = (entry: PackEntry, over: Partial<VerifiedArticle> = {}): VerifiedArticle => ({
  ...entry,
  requestedLocale: entry.locale,
  fallback: false,
  version: 1,
  verifiedBy: reviewer,
  verifiedAt: when,
  ...over,
});

describe('renderArticle', () => {
  it('renders title, filled body, sources and the verification line in Russian', () => {
    const a = verified(only('abscess-and-wounds', 'ru')[0]!);
    const html = renderArticle(a, 'ru', fillRu);
    expect(html.startsWith('<b>Абсцессы и раны после уколов: уход и когда срочно к врачу</b>\n\n<b>Уход за небольшой раной</b>')).toBe(true);
    expect(html).toContain('скорая 103 или 112, если');
    expect(html).toContain('Врач на связи: @doctor_bot');
    expect(html).not.toMatch(/\{[a-z_]+\}/);
    expect(html).toContain('<i>Источники:</i>\n1. <a href="https://www.nhs.uk/conditions/skin-abscess/">NHS. Skin abscess. 2023</a>\n2. ');
    expect(html).toContain('6. <a href="https://issuu.com/nextdistro/docs/abscesscare">');
    expect(html.endsWith('\n\n<i>Проверено: врач Анна Иванова, 12.03.2026</i>')).toBe(true);
  });

  it('renders the footer in English, with the reader\'s language and a note when the text is a fallback', () => {
    const en = verified(only('prep', 'en')[0]!, { verifiedBy: { name: 'Anna Ivanova', role: 'doctor' } });
    const html = renderArticle(en, 'en', fillEn);
    expect(html).toContain('<i>Sources:</i>\n1. <a href="https://www.who.int/');
    expect(html.endsWith('<i>Verified by: doctor Anna Ivanova, 12 Mar 2026</i>')).toBe(true);
    expect(html).not.toContain('not available');
    const fallback: VerifiedArticle = { ...en, requestedLocale: 'ru', fallback: true };
    const forRu = renderArticle(fallback, 'ru', fillRu);
    expect(forRu.startsWith('<i>Этой статьи пока нет на русском, вот версия на английском.</i>\n\n<b>PrEP: pills that protect you from HIV</b>')).toBe(true);
    expect(forRu).toContain('<i>Источники:</i>');
    expect(forRu).toContain('Проверено: doctor Anna Ivanova, 12.03.2026');
  });

  it('shows the verification date in the organisation\'s time zone', () => {
    const late = new Date('2026-03-11T22:30:00Z');
    expect(formatDate(late, 'ru', 'UTC')).toBe('11.03.2026');
    expect(formatDate(late, 'ru', 'Europe/Moscow')).toBe('12.03.2026');
    expect(formatDate(late, 'en', 'Europe/Moscow')).toBe('12 Mar 2026');
    expect(formatDate(new Date('2026-09-05T12:00:00Z'), 'en', 'UTC')).toBe('5 Sep 2026');
    const a = verified(only('prep', 'ru')[0]!, { verifiedAt: late });
    expect(renderArticle(a, 'ru', fillRu, { timeZone: DEFAULT_SETTINGS.timeZone })).toContain('Проверено: врач Анна Иванова, 12.03.2026');
  });

  it('escapes the title, reviewer, sources and placeholder values', () => {
    const a = verified(only('prep', 'en')[0]!, {
      title: 'Q&A <PrEP>',
      verifiedBy: { name: '<b>Eve</b>', role: 'R&D' },
      sources: [{ title: 'A & B <c>', url: 'https://x.org/?a=1&b="2"' }],
    });
    const html = renderArticle(a, 'en', { ...fillEn, org_name: 'A&B <script>' });
    expect(html).toContain('<b>Q&amp;A &lt;PrEP&gt;</b>');
    expect(html).toContain('someone at A&amp;B &lt;script&gt; will tell you');
    expect(html).toContain('<a href="https://x.org/?a=1&amp;b=&quot;2&quot;">A &amp; B &lt;c&gt;</a>');
    expect(html).toContain('Verified by: R&amp;D &lt;b&gt;Eve&lt;/b&gt;, 12 Mar 2026');
  });

  it('never sends a placeholder raw: an unfilled one takes its sentence (or line, or empty section) with it', () => {
    const abscess = verified(only('abscess-and-wounds', 'ru')[0]!);
    const noDoctor = renderArticle(abscess, 'ru', { emergency_numbers: '112', org_name: 'Гуманитарное действие' });
    expect(noDoctor).not.toMatch(/[{}]/);
    expect(noDoctor).not.toContain('Врач на связи');
    expect(noDoctor).toContain('Можно прислать фото раны сюда: сотрудник организации «Гуманитарное действие» покажет его врачу.\n');

    const services = verified(only('services', 'ru')[0]!);
    const noSchedule = renderArticle(services, 'ru', fillRu);
    expect(noSchedule).not.toContain('Расписание и места стоянки'); // its only content was the placeholder
    expect(noSchedule).toContain('<b>Здесь, в Telegram</b>');
    expect(noSchedule).not.toMatch(/\n{3}/);
    const withSchedule = renderArticle(services, 'ru', { ...fillRu, mobile_units_schedule: 'Пн, Ср: м. Ладожская, 11:00–14:00' });
    expect(withSchedule).toContain('<b>Расписание и места стоянки</b>\nПн, Ср: м. Ладожская, 11:00–14:00\n');

    expect(fillPlaceholders('1. Звоните {emergency_numbers}. Скажите адрес.\n• Пункты {org_name}.\nКонец', {})).toBe('1. Скажите адрес.\nКонец');
    expect(fillPlaceholders('<b>Скорая {emergency_numbers} сразу. Ещё</b> текст', {})).toBe('<b>Скорая сразу. Ещё</b> текст');
    expect(fillPlaceholders('Call {unknown_thing} now', { unknown_thing: '  ' })).toBe('');
    expect(fillPlaceholders('Values are not expanded twice: {org_name}', { org_name: '{doctor_contact}', doctor_contact: 'x' })).toBe('Values are not expanded twice: {doctor_contact}');
  });

  it('stays within Telegram\'s 4,096 characters: three sources and "…and N more", then a shortened body', () => {
    const base = only('vein-care', 'en')[0]!;
    const sources = Array.from({ length: 12 }, (_, i) => ({ title: `Source number ${i + 1} with a rather long descriptive title, published by an agency. 2024`, url: `https://example.org/${i}` }));
    const a = verified({ ...base, body: 'y'.repeat(3300), sources });
    const html = renderArticle(a, 'en', fillEn);
    expect(telegramLength(html)).toBeLessThanOrEqual(4096);
    expect(html).toContain('3. <a href="https://example.org/2">');
    expect(html).not.toContain('https://example.org/3');
    expect(html).toContain('\n…and 9 more\n');
    expect(html).toContain('y'.repeat(3300));
    expect(html.endsWith('<i>Verified by: врач Анна Иванова, 12 Mar 2026</i>')).toBe(true);
    expect(renderArticle({ ...a, locale: 'ru' }, 'ru', fillRu)).toContain('\n…и ещё 9\n');

    // All sources fit: none are dropped.
    expect(renderArticle(verified({ ...base, sources }), 'en', fillEn)).toContain('12. <a href="https://example.org/11">');

    // A huge placeholder value: the body is cut at a line, the verification line stays.
    const big = verified({ ...base, body: 'Intro line.\n<b>Schedule</b>\n{mobile_units_schedule}\nLast line.' });
    const long = renderArticle(big, 'en', { ...fillEn, mobile_units_schedule: Array.from({ length: 300 }, (_, i) => `Stop ${i}: somewhere`).join('\n') });
    expect(telegramLength(long)).toBeLessThanOrEqual(4096);
    expect(long).toContain('…shortened; ask a worker for the full text.');
    expect(long).toContain('Verified by:');
    expect(long.startsWith('<b>Looking after your veins</b>\n\nIntro line.\n<b>Schedule</b>\nStop 0')).toBe(true);
  });

  it('renders every article of the default pack, in both languages, within the limit and without placeholders', () => {
    for (const e of pack.filter((x) => x.slug !== 'overdose-flow')) {
      const fill = fillFromSettings(DEFAULT_SETTINGS, e.locale, { aids_centre_contact: 'AIDS centre, 1 Street', mobile_units_schedule: 'Mon 11–14' });
      const html = renderArticle(verified(e), e.locale, fill);
      expect(telegramLength(html)).toBeLessThanOrEqual(4096);
      expect(html).not.toMatch(/\{[a-z_]+\}/);
      expect(html).not.toContain('…and');
      expect(html).not.toContain('…и ещё');
    }
  });

  it('reads naturally with the default settings: the name after a noun, in quotes; the doctor named once', () => {
    const abscess = renderArticle(verified(only('abscess-and-wounds', 'ru')[0]!), 'ru', fillFromSettings(DEFAULT_SETTINGS, 'ru'));
    expect(abscess).toContain('сотрудник организации «Гуманитарное действие» покажет его врачу. Врач на связи: напишите сюда, в этот чат, — мы передадим ваш вопрос врачу.');
    for (const e of pack.filter((x) => x.locale === 'ru')) {
      const text = renderArticle(verified(e), 'ru', fillFromSettings(DEFAULT_SETTINGS, 'ru', { aids_centre_contact: 'Центр СПИД', mobile_units_schedule: 'пн 11–14' }));
      // Only as a name in quotes, never as if declined ("сотрудник Гуманитарное действие").
      expect(text.replace(/«Гуманитарное действие»/g, ''), e.slug).not.toContain('Гуманитарное действие');
      expect(text, e.slug).not.toMatch(/Врач[^.\n]*: Врач/);
    }
  });

  it('fills from the organisation settings', () => {
    expect(fillFromSettings(DEFAULT_SETTINGS, 'ru')).toEqual({ org_name: 'Гуманитарное действие', emergency_numbers: '103 или 112', doctor_contact: DEFAULT_SETTINGS.doctorContact!.ru });
    expect(fillFromSettings({ ...DEFAULT_SETTINGS, doctorContact: undefined }, 'en', { mobile_units_schedule: 'x' })).toEqual({ org_name: 'Humanitarian Action', emergency_numbers: '103 or 112', mobile_units_schedule: 'x' });
  });

  it('counts the length as Telegram does', () => {
    expect(telegramLength('<b>a&amp;b</b> <a href="https://very.long/url">x</a>')).toBe(5);
  });
});
