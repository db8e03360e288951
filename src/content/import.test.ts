import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Database } from '../db/open.ts';
import { useFreshDatabases } from '../../test/support/database.ts';
import { articles } from '../db/schema/index.ts';
import { contentHash, importPack } from './import.ts';
import { readPack, type PackEntry } from './pack.ts';

const db = useFreshDatabases();

const pack = readPack();
const reviewer = { name: 'Анна Иванова', role: 'врач' };
const t1 = new Date('2026-03-12T09:00:00Z');
const t2 = new Date('2026-04-01T09:00:00Z');
const t3 = new Date('2026-05-01T09:00:00Z');

async function row(d: Database, slug: string, locale: string) {
  const [r] = await d.db.select().from(articles).where(and(eq(articles.slug, slug), eq(articles.locale, locale)));
  return r!;
}

describe('importPack', () => {
  it('imports the pack unverified without a reviewer, and is idempotent', async () => {
    const d = await db();
    expect(await importPack(d.db, pack, undefined, t1)).toEqual({ added: 26, updated: 0, unchanged: 0, kept: 0, verified: 0 });
    expect(await importPack(d.db, pack, undefined, t2)).toEqual({ added: 0, updated: 0, unchanged: 26, kept: 0, verified: 0 });
    const rows = await d.db.select().from(articles);
    expect(rows).toHaveLength(26);
    for (const r of rows) {
      expect(r).toMatchObject({ status: 'unverified', version: 1, verifiedByName: null, verifiedByRole: null, verifiedAt: null });
      expect(r.contentHash).toMatch(/^[0-9a-f]{64}$/);
    }
    const prep = await row(d, 'prep', 'ru');
    const entry = pack.find((e) => e.slug === 'prep' && e.locale === 'ru')!;
    expect(prep).toMatchObject({ title: entry.title, body: entry.body, needs: entry.needs, keywords: entry.keywords, sources: entry.sources, contentHash: contentHash(entry) });
  });

  it('records the reviewer and date, keeps them for unchanged texts, and verifies again after a change', async () => {
    const d = await db();
    expect(await importPack(d.db, pack, reviewer, t1)).toEqual({ added: 26, updated: 0, unchanged: 0, kept: 0, verified: 26 });
    expect(await row(d, 'naloxone', 'ru')).toMatchObject({ status: 'verified', version: 1, verifiedByName: 'Анна Иванова', verifiedByRole: 'врач', verifiedAt: t1 });

    // Same pack, another reviewer configured later: nothing changes, the original verification stays.
    expect(await importPack(d.db, pack, { name: 'Someone Else', role: 'nurse' }, t2)).toEqual({ added: 0, updated: 0, unchanged: 26, kept: 0, verified: 0 });
    expect(await row(d, 'naloxone', 'ru')).toMatchObject({ version: 1, verifiedByName: 'Анна Иванова', verifiedAt: t1 });

    // One text changed: a new version, verified again by the reviewer now configured.
    const changed = pack.map((e): PackEntry => (e.slug === 'naloxone' && e.locale === 'ru' ? { ...e, body: e.body + '\nНовая строка.' } : e));
    expect(await importPack(d.db, changed, { name: 'Пётр Петров', role: 'фельдшер' }, t3)).toEqual({ added: 0, updated: 1, unchanged: 25, kept: 0, verified: 1 });
    expect(await row(d, 'naloxone', 'ru')).toMatchObject({ status: 'verified', version: 2, verifiedByName: 'Пётр Петров', verifiedByRole: 'фельдшер', verifiedAt: t3, body: changed.find((e) => e.slug === 'naloxone' && e.locale === 'ru')!.body });
    expect(await row(d, 'naloxone', 'en')).toMatchObject({ version: 1, verifiedByName: 'Анна Иванова', verifiedAt: t1 });
  });

  it('a changed text without a reviewer is a new, unverified version', async () => {
    const d = await db();
    await importPack(d.db, pack, reviewer, t1);
    for (const change of [
      (e: PackEntry) => ({ ...e, title: e.title + '!' }),
      (e: PackEntry) => ({ ...e, keywords: [...e.keywords, 'новое'] }),
      (e: PackEntry) => ({ ...e, needs: [...e.needs, 'offline_services'] }),
      (e: PackEntry) => ({ ...e, sources: [...e.sources, { title: 'X', url: 'https://x.org' }] }),
    ]) {
      const before = await row(d, 'vein-care', 'en');
      const entries = pack.map((e) => (e.slug === 'vein-care' && e.locale === 'en' ? change(e) : e));
      expect(await importPack(d.db, entries, undefined, t2)).toEqual({ added: 0, updated: 1, unchanged: 25, kept: 0, verified: 0 });
      expect(await row(d, 'vein-care', 'en')).toMatchObject({ status: 'unverified', version: before.version + 1, verifiedByName: null, verifiedByRole: null, verifiedAt: null });
      // Putting the reviewer in the settings and importing again verifies the text as it now is.
      expect(await importPack(d.db, entries, reviewer, t3)).toEqual({ added: 0, updated: 0, unchanged: 26, kept: 0, verified: 1 });
      expect(await row(d, 'vein-care', 'en')).toMatchObject({ status: 'verified', version: before.version + 1, verifiedAt: t3 });
      await importPack(d.db, pack, reviewer, t3); // back to the pack: one more version
    }
    expect((await row(d, 'vein-care', 'en')).version).toBe(9);
  });

  it('verifies on a later import the rows left unverified when no reviewer was configured', async () => {
    const d = await db();
    await importPack(d.db, pack, undefined, t1);
    expect(await importPack(d.db, pack, reviewer, t2)).toEqual({ added: 0, updated: 0, unchanged: 26, kept: 0, verified: 26 });
    expect(await row(d, 'prep', 'en')).toMatchObject({ status: 'verified', version: 1, verifiedByName: 'Анна Иванова', verifiedAt: t2 });
    expect(await importPack(d.db, pack, reviewer, t3)).toEqual({ added: 0, updated: 0, unchanged: 26, kept: 0, verified: 0 });
  });

  it('never overwrites a text published from the console, and counts it as kept', async () => {
    const d = await db();
    await importPack(d.db, pack, reviewer, t1);
    const published = { title: 'Налоксон (наша версия)', body: 'Текст организации.', contentHash: 'x', version: 3, origin: 'console', verifiedByName: 'Врач', verifiedByRole: 'медицинский специалист', verifiedAt: t2 };
    await d.db.update(articles).set(published).where(and(eq(articles.slug, 'naloxone'), eq(articles.locale, 'ru')));
    // Even a pack whose naloxone text changed leaves it alone, whatever the reviewer.
    const changed = pack.map((e): PackEntry => (e.slug === 'naloxone' ? { ...e, body: e.body + '\nНовая строка.' } : e));
    expect(await importPack(d.db, changed, { name: 'Пётр Петров', role: 'фельдшер' }, t3)).toEqual({ added: 0, updated: 1, unchanged: 24, kept: 1, verified: 1 });
    expect(await row(d, 'naloxone', 'ru')).toMatchObject({ ...published, status: 'verified' });
    expect(await row(d, 'naloxone', 'en')).toMatchObject({ origin: 'pack', version: 2, verifiedByName: 'Пётр Петров' });
  });

  it('takes the kind from the front matter (medical when absent), without a new version when only it changes', async () => {
    const d = await db();
    await importPack(d.db, pack, reviewer, t1);
    expect(await row(d, 'services', 'ru')).toMatchObject({ kind: 'social', version: 1 });
    expect(await row(d, 'naloxone', 'en')).toMatchObject({ kind: 'medical' });
    const relabelled = pack.map((e): PackEntry => (e.slug === 'prep' ? { ...e, kind: 'social' } : e));
    expect(await importPack(d.db, relabelled, reviewer, t2)).toMatchObject({ updated: 0, unchanged: 26 });
    expect(await row(d, 'prep', 'ru')).toMatchObject({ kind: 'social', version: 1, verifiedAt: t1 });
  });

  it('hashes every field the client sees or that decides an offer', () => {
    const e = pack[0]!;
    const h = contentHash(e);
    expect(contentHash({ ...e })).toBe(h);
    expect(contentHash({ ...e, body: e.body + ' ' })).not.toBe(h);
    expect(contentHash({ ...e, sources: e.sources.map((s) => ({ url: s.url, title: s.title })) })).toBe(h); // key order does not matter (jsonb reorders)
    expect(contentHash({ ...e, sources: [...e.sources].reverse() })).not.toBe(h);
  });
});
