import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../test/support/csv.ts';
import { freshDatabase } from '../../test/support/database.ts';
import { seedPaperDataset, type PaperDataset } from '../../test/support/paper-dataset.ts';
import { openDatabase, type Database } from '../db/open.ts';
import { cases, clients } from '../db/schema/index.ts';
import { DEFAULT_SETTINGS } from '../organisation/settings.ts';
import { RESEARCH_COLUMNS, researchExport, researchToCsv, researchToJson } from './research-export.ts';

describe('research export', () => {
  let database: Database;
  let drop: () => Promise<void>;
  let data: PaperDataset;
  beforeAll(async () => {
    const fresh = await freshDatabase();
    drop = fresh.drop;
    database = await openDatabase(fresh);
    data = await seedPaperDataset(database.db);
  });
  afterAll(async () => {
    await database?.close();
    await drop?.();
  });
  const period = () => ({ from: data.current.from, to: data.current.to, settings: DEFAULT_SETTINGS });

  it('has one anonymous row per case: no pseudonym, no case number, no text, no exact time, no staff', async () => {
    const rows = await researchExport(database.db, period());
    expect(rows).toHaveLength(301);
    const csv = researchToCsv(rows);
    const parsed = parseCsv(csv);
    expect(parsed[0]).toEqual([...RESEARCH_COLUMNS]);
    expect(parsed).toHaveLength(302);
    expect(parsed[0]!.some((c) => /text|body|comment|pseudonym|client|staff|worker|claimed|_at$|case_id|date|time/.test(c) && c !== 'first_reply')).toBe(false);

    const pseudonyms = (await database.db.select({ p: clients.pseudonym }).from(clients)).map((r) => r.p);
    const caseIds = new Set((await database.db.select({ id: cases.id }).from(cases)).map((r) => String(r.id)));
    const json = researchToJson(rows);
    for (const p of pseudonyms) {
      expect(csv).not.toContain(p);
      expect(json).not.toContain(p);
    }
    // No ISO timestamps or calendar dates, only ISO weeks.
    for (const out of [csv, json]) {
      expect(out).not.toMatch(/\d{4}-\d{2}-\d{2}/);
      expect(out).not.toMatch(/\d{2}:\d{2}/);
    }
    const idCol = parsed.slice(1).map((r) => r[0]!);
    expect(new Set(idCol).size).toBe(301);
    for (const id of idCol) {
      expect(id).toMatch(/^[0-9a-f]{12}$/);
      expect(caseIds.has(id)).toBe(false);
    }
    for (const r of parsed.slice(1)) {
      expect(r[1]).toMatch(/^\d{4}-W\d{2}$/);
      expect(r[3]).toBe('yes');
      expect(['yes', 'no']).toContain(r[11]);
      expect(['yes', 'no']).toContain(r[12]);
      expect(['<15 min', '<1 h', '<4 h', '<24 h', 'later', 'no reply']).toContain(r[13]);
    }
    expect(rows.filter((r) => r.emergency)).toHaveLength(4);
    expect(rows.filter((r) => r.needs.includes('home_detox_information'))).toHaveLength(5);
    expect(rows.some((r) => r.referrals.some((x) => x.startsWith('internal:doctor:')))).toBe(true);
    expect(rows[0]!.week <= rows[rows.length - 1]!.week).toBe(true);
  });

  it('gives new ids in every export, so two exports cannot be joined by id', async () => {
    const a = await researchExport(database.db, period());
    const b = await researchExport(database.db, period());
    const ids = new Set(a.map((r) => r.id));
    expect(b.filter((r) => ids.has(r.id))).toHaveLength(0);
    // Same content, though: the same multiset of rows without their ids.
    const strip = (rows: typeof a) => rows.map(({ id: _id, ...rest }) => JSON.stringify(rest)).sort();
    expect(strip(b)).toEqual(strip(a));
  });
});
