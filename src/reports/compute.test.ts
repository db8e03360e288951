import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../test/support/database.ts';
import { seedPaperDataset, type PaperDataset } from '../../test/support/paper-dataset.ts';
import { openDatabase, type Database } from '../db/open.ts';
import { cases, clients, messages, referrals, staffMembers } from '../db/schema/index.ts';
import { and, gte, lt, sql } from 'drizzle-orm';
import { isOnDuty } from '../organisation/duty.ts';
import { DEFAULT_SETTINGS, type Settings } from '../organisation/settings.ts';
import { computeReport, figure, type Report } from './compute.ts';
import { toMarkdown } from './format.ts';
import { median, percentile, round } from './stats.ts';

const settings = DEFAULT_SETTINGS; // Europe/Moscow (UTC+3), duty Monday–Friday 10:00–22:00

describe('report on the paper-shaped dataset', () => {
  let database: Database;
  let drop: () => Promise<void>;
  let data: PaperDataset;
  let report: Report;
  beforeAll(async () => {
    const fresh = await freshDatabase();
    drop = fresh.drop;
    database = await openDatabase(fresh);
    data = await seedPaperDataset(database.db);
    report = await computeReport(database.db, { from: data.current.from, to: data.current.to, settings, byWorker: true });
  });
  afterAll(async () => {
    await database?.close();
    await drop?.();
  });
  const cur = (section: Parameters<typeof figure>[1], metric: string, key = '') => figure(report, section, metric, key)?.current;

  it('reproduces the paper: 301 cases, five about detox at home, four overdoses, ~1/6 information, ~1/3 offline services', () => {
    expect(report.period).toMatchObject({ firstDay: '2025-11-01', lastDay: '2026-06-30' });
    expect(cur('contacts', 'cases')).toBe(301);
    expect(cur('needs', 'recorded')).toBe(301);
    expect(cur('needs', 'need', 'home_detox_information')).toBe(5);
    expect(cur('needs', 'need', 'overdose')).toBe(4);
    expect(cur('emergencies', 'emergencies')).toBe(4);
    expect(cur('emergencies', 'ambulance_called')).toBe(2);
    const info = cur('needs', 'need_share', 'hr_hiv_hcv_information')!;
    const offline = cur('needs', 'need_share', 'offline_services')!;
    expect(Math.abs(info - 100 / 6)).toBeLessThan(1.5);
    expect(Math.abs(offline - 100 / 3)).toBeLessThan(1.5);
    for (const [code, n] of Object.entries(data.needCounts)) expect(cur('needs', 'need', code)).toBe(n);
    // Minor injection complications: the most common online need.
    const online = report.taxonomy.needs.filter((n) => n.theme === 'online').map((n) => cur('needs', 'need', n.code)!);
    expect(Math.max(...online)).toBe(cur('needs', 'need', 'minor_injection_complications'));
    expect(cur('needs', 'theme', 'online')! + cur('needs', 'theme', 'online_offline')!).toBeGreaterThanOrEqual(301);
  });

  it('compares with the previous period', () => {
    const c = figure(report, 'contacts', 'cases')!;
    expect(c.previous).toBe(160);
    expect(c.change).toBe('+88 %'); // (301 − 160) / 160 = 88.1 %
    expect(figure(report, 'contacts', 'closed_without_record', 'spam')).toMatchObject({ current: 0, previous: 2 });
    expect(report.previousPeriod).toMatchObject({ firstDay: '2025-03-04', lastDay: '2025-10-31' });
  });

  it('counts clients, referrals, online/offline, replies, voice, phone calls and ratings consistently', () => {
    expect(cur('contacts', 'new_clients')! + cur('contacts', 'returning_clients')!).toBe(cur('contacts', 'unique_clients'));
    expect(cur('contacts', 'returning_clients')).toBeGreaterThan(0);
    expect(cur('contacts', 'unique_clients')).toBeLessThan(301);
    expect(cur('online', 'met_fully_online')! + cur('online', 'needed_offline')!).toBe(301);
    expect(cur('referrals', 'completed', 'internal')).toBeLessThanOrEqual(cur('referrals', 'referrals', 'internal')!);
    expect(cur('referrals', 'referrals', 'internal')).toBeGreaterThan(100); // every offline-services case goes to a specialist
    expect(cur('response', 'cases', 'on_duty')! + cur('response', 'cases', 'after_hours')!).toBe(301);
    expect(cur('response', 'first_reply_median_min', 'on_duty')!).toBeLessThan(cur('response', 'first_reply_median_min', 'after_hours')!);
    expect(cur('response', 'first_reply_median_min', 'on_duty')!).toBeLessThanOrEqual(cur('response', 'first_reply_p90_min', 'on_duty')!);
    expect(cur('voice', 'voice_messages')).toBeGreaterThan(0);
    expect(cur('phone', 'proposed')).toBe(cur('phone', 'phone_call', 'accepted')! + cur('phone', 'phone_call', 'refused')! + cur('phone', 'phone_call', 'client_left')!);
    expect(cur('feedback', 'positive')! + cur('feedback', 'negative')!).toBe(cur('feedback', 'rated'));
    const workers = report.rows.filter((r) => r.section === 'workers' && r.metric === 'cases');
    expect(workers.map((w) => w.key)).toEqual(data.staffIds.map((id) => `Worker #${id}`));
    expect(workers.reduce((s, w) => s + w.current!, 0)).toBe(301);
  });

  it('names workers through a resolver when one is given', async () => {
    const named = await computeReport(database.db, { ...data.current, settings, byWorker: true, workerName: (id) => (id === data.staffIds[0] ? 'Анна' : undefined) });
    const keys = named.rows.filter((r) => r.section === 'workers' && r.metric === 'cases').map((r) => r.key);
    expect(keys).toContain('Анна');
    expect(keys).toContain(`Worker #${data.staffIds[1]}`);
  });

  it('reads the same on every run (deterministic dataset)', async () => {
    const again = await computeReport(database.db, { from: data.current.from, to: data.current.to, settings, byWorker: true });
    expect(again).toEqual(report);
    if (process.env.REPORT_DUMP) {
      const { writeFileSync } = await import('node:fs');
      writeFileSync(`${process.env.REPORT_DUMP}.ru.md`, toMarkdown(report, 'ru'));
      writeFileSync(`${process.env.REPORT_DUMP}.en.md`, toMarkdown(report, 'en'));
    }
  });
});

describe('report figures on hand-made cases', () => {
  let database: Database;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const fresh = await freshDatabase();
    drop = fresh.drop;
    database = await openDatabase(fresh);
  });
  afterAll(async () => {
    await database?.close();
    await drop?.();
  });

  it('gives the hand-computed change, medians and 90th percentiles in and out of duty hours', async () => {
    const db = database.db;
    const [worker] = await db.insert(staffMembers).values({ tgHash: 'h-w', userSealed: 'sealed' }).returning();
    const clientRows = await db
      .insert(clients)
      .values(Array.from({ length: 20 }, (_, i) => ({ tgHash: `h${i}`, chatSealed: 's', pseudonym: `HM${i}`, firstContact: i % 2 ? 'unit' : 'direct' })))
      .returning();
    const cl = (i: number) => clientRows[i]!.id;
    // Current period: January 2026 (Moscow). Monday 2026-01-05 12:00 local = 09:00Z is on duty;
    // Saturday 2026-01-10 12:00 local is not.
    const from = new Date('2025-12-31T21:00:00Z');
    const to = new Date('2026-01-31T21:00:00Z');
    const onDuty = (day: number) => new Date(Date.UTC(2026, 0, 5 + day, 9)); // Mon–Fri 12:00 local
    const weekend = (week: number) => new Date(Date.UTC(2026, 0, 10 + 7 * week, 9)); // Saturdays
    const min = (d: Date, m: number) => new Date(d.getTime() + m * 60_000);
    const rows: (typeof cases.$inferInsert)[] = [];
    // 12 on duty: reply after 1,2,…,10 minutes, plus 100 and 200 → median 6.5, p90 = 10 + 0.9·90 = 91 (rank 9.9)
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 100, 200].forEach((m, i) => rows.push({ clientId: cl(i), openedAt: onDuty(i % 5), firstStaffReplyAt: min(onDuty(i % 5), m), status: 'closed', claimedBy: worker!.id }));
    // 5 after hours: 600, 700, 800, 900 minutes, and one never answered → median 750, p90 = 870
    [600, 700, 800, 900].forEach((m, i) => rows.push({ clientId: cl(12 + i), openedAt: weekend(i % 3), firstStaffReplyAt: min(weekend(i % 3), m), status: 'closed', afterHours: true }));
    rows.push({ clientId: cl(16), openedAt: weekend(0), status: 'open', afterHours: true });
    // Previous period (December 2025): 9 cases, for clients 0–8 (so they return in January).
    for (let i = 0; i < 9; i++) rows.push({ clientId: cl(i), openedAt: new Date(Date.UTC(2025, 11, 1 + i, 9)), status: 'closed' });
    const inserted = await db.insert(cases).values(rows).returning({ id: cases.id, openedAt: cases.openedAt });
    const janIds = inserted.filter((c) => c.openedAt >= from).map((c) => c.id);
    // Records on three January cases; feedback; messages; referrals.
    const { eq } = await import('drizzle-orm');
    await db.update(cases).set({ needs: ['overdose'], services: ['overdose_guidance', 'ambulance_called'], metOnline: false, outcome: 'resolved', phoneCall: 'accepted', recordedAt: onDuty(1), emergencyAt: onDuty(0), feedbackRating: 1 }).where(eq(cases.id, janIds[0]!));
    await db.update(cases).set({ needs: ['hr_hiv_hcv_information'], services: ['information'], metOnline: true, outcome: 'resolved', phoneCall: 'refused', recordedAt: onDuty(1), feedbackRating: 1 }).where(eq(cases.id, janIds[1]!));
    await db.update(cases).set({ needs: ['offline_services', 'hr_services'], services: ['internal_referral', 'external_referral'], metOnline: false, outcome: 'referred', phoneCall: 'not_proposed', recordedAt: onDuty(1), feedbackRating: -1 }).where(eq(cases.id, janIds[2]!));
    // An unsaved closing form (a draft) and a case dropped with a worker's own words.
    await db.update(cases).set({ needs: ['overdose'], services: ['overdose_guidance'], outcome: 'resolved' }).where(eq(cases.id, janIds[4]!));
    await db.update(cases).set({ closeReason: 'клиент Вася ошибся чатом' }).where(eq(cases.id, janIds[5]!));
    await db.insert(referrals).values([
      { caseId: janIds[2]!, kind: 'internal', toRole: 'social_worker', outcome: 'done' },
      { caseId: janIds[2]!, kind: 'external', outcome: 'did_not_come' },
      { caseId: janIds[1]!, kind: 'internal', toRole: 'doctor', outcome: 'pending' },
    ]);
    // 8 client messages in January, 2 of them voice in one case; a staff voice message does not count.
    await db.insert(messages).values([
      ...[0, 1, 2, 3, 4, 5].map((i) => ({ caseId: janIds[i]!, direction: 'client', kind: 'text' })),
      { caseId: janIds[3]!, direction: 'client', kind: 'voice' },
      { caseId: janIds[3]!, direction: 'client', kind: 'voice' },
      { caseId: janIds[4]!, direction: 'staff', kind: 'voice' },
    ]);

    const report = await computeReport(db, { from, to, settings, byWorker: true });
    const f = (s: Parameters<typeof figure>[1], m: string, k = '') => figure(report, s, m, k);
    expect(f('contacts', 'cases')).toMatchObject({ current: 17, previous: 9, change: '+89 %' });
    expect(f('contacts', 'unique_clients')).toMatchObject({ current: 17, previous: 9 });
    expect(f('contacts', 'returning_clients')?.current).toBe(9);
    expect(f('contacts', 'new_clients')?.current).toBe(8);
    expect(f('contacts', 'first_contact', 'direct')?.current).toBe(9);
    expect(f('contacts', 'first_contact', 'unit')?.current).toBe(8);
    expect(f('response', 'cases', 'on_duty')?.current).toBe(12);
    expect(f('response', 'cases', 'after_hours')?.current).toBe(5);
    expect(f('response', 'after_hours_share')?.current).toBe(29.4);
    expect(f('response', 'first_reply_median_min', 'on_duty')?.current).toBe(6.5);
    expect(f('response', 'first_reply_p90_min', 'on_duty')?.current).toBe(91);
    expect(f('response', 'first_reply_median_min', 'after_hours')?.current).toBe(750);
    expect(f('response', 'first_reply_p90_min', 'after_hours')?.current).toBe(870);
    expect(f('response', 'answered', 'all')?.current).toBe(16);
    expect(f('response', 'first_reply_median_min', 'all')).toMatchObject({ current: 8.5, previous: null, change: '' });
    expect(f('voice', 'client_messages')?.current).toBe(8);
    expect(f('voice', 'voice_share')?.current).toBe(25);
    expect(f('voice', 'cases_with_voice')?.current).toBe(1);
    expect(f('needs', 'recorded')?.current).toBe(3);
    expect(f('needs', 'need', 'overdose')?.current).toBe(1);
    expect(f('needs', 'need_share', 'overdose')?.current).toBe(33.3);
    expect(f('needs', 'theme', 'online_offline')?.current).toBe(2);
    expect(f('needs', 'cases_with_several_needs')?.current).toBe(1);
    expect(f('contacts', 'closed_without_record', 'other')?.current).toBe(1);
    expect(f('contacts', 'closed_without_record', 'not_recorded')?.current).toBe(12);
    expect(JSON.stringify(report)).not.toContain('Вася');
    expect(f('online', 'met_fully_online_share')?.current).toBe(33.3);
    expect(f('referrals', 'referrals', 'internal')?.current).toBe(2);
    expect(f('referrals', 'completed', 'internal')?.current).toBe(1);
    expect(f('referrals', 'completed_share', 'internal')?.current).toBe(50);
    expect(f('referrals', 'completed', 'external')?.current).toBe(0);
    expect(f('emergencies', 'emergencies')?.current).toBe(1);
    expect(f('emergencies', 'ambulance_called')?.current).toBe(1);
    expect(f('emergencies', 'outcome', 'resolved')?.current).toBe(1);
    expect(f('phone', 'proposed')?.current).toBe(2);
    expect(f('phone', 'accepted_share')?.current).toBe(50);
    expect(f('feedback', 'positive')?.current).toBe(2);
    expect(f('feedback', 'negative')?.current).toBe(1);
    expect(f('feedback', 'positive_share')?.current).toBe(66.7);
    expect(f('workers', 'cases', `Worker #${worker!.id}`)?.current).toBe(12);
    expect(f('workers', 'cases', 'unclaimed')).toMatchObject({ current: 5, previous: 9 });
  });
});

describe('report figures computed in the database, checked case by case', () => {
  let database: Database;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const fresh = await freshDatabase();
    drop = fresh.drop;
    database = await openDatabase(fresh);
  });
  afterAll(async () => {
    await database?.close();
    await drop?.();
  });

  it('places each case in or out of duty hours as isOnDuty does (night shift, holiday, clocks changing) and takes medians at millisecond precision', async () => {
    const db = database.db;
    // New York: the clocks go forward on 2026-03-08 at 02:00 and back on 2026-11-01 at 02:00.
    const ny: Settings = {
      ...DEFAULT_SETTINGS,
      timeZone: 'America/New_York',
      duty: {
        ...DEFAULT_SETTINGS.duty,
        windows: [
          { weekday: 1, from: '09:00', to: '17:00', staff: [] },
          { weekday: 3, from: '22:00', to: '06:00', staff: [] }, // past midnight
          { weekday: 6, from: '00:00', to: '00:00', staff: [] }, // all day
          { weekday: 7, from: '01:00', to: '02:30', staff: [] }, // into the hour the clocks skip
          { weekday: 7, from: '02:30', to: '03:00', staff: [] }, // starts in that hour: moved past its end, so never on
        ],
        holidays: ['2026-03-09'],
      },
    };
    const [client] = await db.insert(clients).values({ tgHash: 'h-duty', chatSealed: 's', pseudonym: 'DUTY' }).returning();
    // Thursday to Thursday: each period opens inside the night shift that began the evening before.
    const from = new Date('2026-03-05T05:00:00Z');
    const to = new Date('2026-03-19T04:00:00Z');
    // Every 37 minutes over three weeks (both periods), replies after a number of minutes with microseconds.
    const opened: Date[] = [];
    for (let t = from.getTime() - 14 * 86_400_000 + 1; t < to.getTime(); t += 37 * 60_000) opened.push(new Date(t));
    await db.insert(cases).values(
      opened.map((at, i) => ({
        clientId: client!.id,
        status: 'closed',
        openedAt: at,
        firstStaffReplyAt: i % 5 === 0 ? null : sql`${at.toISOString()}::timestamptz + ${`${(i * 7919) % 600} minutes ${(i * 104729) % 1_000_000} microseconds`}::interval`,
      })),
    );
    const report = await computeReport(db, { from, to, settings: ny });
    const prevFrom = new Date(from.getTime() - (to.getTime() - from.getTime()));
    for (const [side, start, end] of [['current', from, to], ['previous', prevFrom, from]] as const) {
      const rows = await db.select({ openedAt: cases.openedAt, reply: cases.firstStaffReplyAt }).from(cases).where(and(gte(cases.openedAt, start), lt(cases.openedAt, end)));
      const minutes = (r: (typeof rows)[number]) => (r.reply!.getTime() - r.openedAt.getTime()) / 60_000;
      const onDuty = rows.filter((r) => isOnDuty(ny, r.openedAt));
      const afterHours = rows.filter((r) => !isOnDuty(ny, r.openedAt));
      const expected = (list: typeof rows) => {
        const mins = list.filter((r) => r.reply).map(minutes);
        return { median: round(median(mins), 1) ?? null, p90: round(percentile(mins, 90), 1) ?? null };
      };
      const f = (metric: string, key: string) => figure(report, 'response', metric, key)?.[side];
      expect(f('cases', 'on_duty')).toBe(onDuty.length);
      expect(f('cases', 'after_hours')).toBe(afterHours.length);
      expect(onDuty.length).toBeGreaterThan(50);
      for (const [key, list] of [['all', rows], ['on_duty', onDuty], ['after_hours', afterHours]] as const) {
        expect({ median: f('first_reply_median_min', key), p90: f('first_reply_p90_min', key) }).toEqual(expected(list));
      }
    }
  });
});
