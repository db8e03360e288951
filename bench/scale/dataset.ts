import pg from 'pg';
import { SEAL } from '../../src/cases/deps.ts';
import { openDatabase } from '../../src/db/open.ts';
import { DEFAULT_TAXONOMY, metFullyOnline, OUTCOMES, PHONE_CALL } from '../../src/domain/taxonomy.ts';
import { PSEUDONYM_ALPHABET } from '../../src/domain/pseudonym.ts';
import type { Vault } from '../../src/privacy/vault.ts';

/**
 * A large dataset shaped like a busy organisation's years of work, written straight into
 * PostgreSQL with set-based SQL (generate_series), so a million cases build in minutes:
 *
 * - cases spread evenly over `days` days ending now, numbered in time order; a case in ~2.5 is a
 *   new client's first, the others come from clients seen before (recent ones more often); the
 *   newest 0.2 % are still open, each of a different client;
 * - on average 4 messages per case (client and staff in turn, some voice and photos), each with its
 *   timeline event, plus the case's opening, claim and closing events;
 * - 90 % of closed cases with a closing record (needs, services, phone call, outcome), the others
 *   closed as spam, duplicate and the like; referrals, ratings, emergencies, after-hours cases;
 * - one audit-log entry per case (transcript views, mostly).
 *
 * Text exists only where retention keeps it (open cases and those closed in the last 30 days),
 * sealed with the vault the system under test opens it with; nothing here is a real person.
 */

export interface DatasetSize {
  cases: number;
  /** Days the cases span, ending now. */
  days?: number;
}

export interface DatasetCounts {
  cases: number;
  clients: number;
  messages: number;
  events: number;
  referrals: number;
  audit: number;
  seconds: number;
}

const STAFF = 40;
const ACCOUNTS = 20;
const CASES_PER_CLIENT = 2.5;
const OPEN_SHARE = 0.002;
const TIME_ZONE = 'Europe/Moscow';
/** The staff group the generated cases were relayed to (not the emulator's). */
export const GENERATED_STAFF_CHAT = -1001000000000;

/** Creates `name` on the server of `adminUrl` (dropping an older one) and returns its URL. */
export async function createDatabase(adminUrl: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`drop database if exists "${name}" with (force)`);
    await admin.query(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`drop database if exists "${name}" with (force)`);
  } finally {
    await admin.end();
  }
}

/** Closing records to draw from: one or two needs, one or two services, met online derived as the app does. */
function recordCombos(): { needs: string[]; services: string[]; metOnline: boolean }[] {
  const needs = DEFAULT_TAXONOMY.needs.map((n) => n.code);
  const services = DEFAULT_TAXONOMY.services.map((s) => s.code);
  const combos = [];
  for (let i = 0; i < 97; i++) {
    const n = [needs[(i * 7) % needs.length]!, ...(i % 3 === 0 ? [needs[(i * 5 + 2) % needs.length]!] : [])];
    const s = [services[(i * 5) % services.length]!, ...(i % 4 === 0 ? [services[(i * 3 + 1) % services.length]!] : [])];
    const uniq = (a: string[]) => [...new Set(a)];
    combos.push({ needs: uniq(n), services: uniq(s), metOnline: metFullyOnline(DEFAULT_TAXONOMY, uniq(n), uniq(s)) });
  }
  return combos;
}

/** Migrates the database at `url` and fills it; `vault` seals the little text there is. */
export async function generateDataset(url: string, vault: Vault, size: DatasetSize): Promise<DatasetCounts> {
  const started = performance.now();
  const migrated = await openDatabase({ databaseUrl: url, dataDir: '' });
  await migrated.close();

  const N = Math.max(100, Math.round(size.cases));
  const days = size.days ?? 1000;
  const C = Math.max(10, Math.round(N / CASES_PER_CLIENT));
  const OPEN = Math.max(5, Math.round(N * OPEN_SHARE));
  const slotSeconds = (days * 86_400) / N;
  const combos = recordCombos();
  const space = PSEUDONYM_ALPHABET.length ** 4;

  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const q = (text: string, params: unknown[] = []) => client.query(text, params);
  try {
    // Foreign keys are satisfied by construction; skipping their triggers makes the load several times faster.
    await q(`set session_replication_role = replica`);
    await q(`set work_mem = '256MB'`);
    await q(`set maintenance_work_mem = '512MB'`);
    const start = (await q(`select now() - interval '${days} days' as start`)).rows[0].start as Date;

    await q(
      `insert into staff_members (id, tg_hash, user_sealed, name_sealed, specialisations, first_seen_at, last_seen_at)
       select g, 'scale-staff-' || g, $1, $2, case when g % 5 = 0 then '["doctor"]'::jsonb else '[]'::jsonb end, $3, now()
       from generate_series(1, ${STAFF}) g`,
      [vault.seal(SEAL.staffUser, '1'), vault.seal(SEAL.staffName, 'Worker'), start],
    );
    await q(
      `insert into accounts (id, login, display_name, role, password_hash, created_at)
       select g, 'scale-' || g, 'Account ' || g, case when g = 1 then 'admin' when g <= 3 then 'coordinator' else 'worker' end, 'not-a-password-hash', $1
       from generate_series(1, ${ACCOUNTS}) g`,
      [start],
    );
    await q(
      `insert into external_organisations (id, slug, kind, name) values
       (1, 'aids-centre', 'aids_centre', '{"ru":"СПИД-центр","en":"AIDS centre"}'),
       (2, 'clinic', 'clinic', '{"ru":"Клиника","en":"Clinic"}'),
       (3, 'detox', 'detox', '{"ru":"Детокс","en":"Detox"}')`,
    );

    // Pseudonyms: distinct four-character names in random order, as the app draws them; five
    // characters past 90 % of the four-character space (the app moves to longer names on collisions).
    await q(
      `insert into clients (id, tg_hash, chat_sealed, pseudonym, locale, first_contact, first_seen_at, last_seen_at)
       select r, 'scale-client-' || r, $1,
         case when r <= ${Math.floor(space * 0.9)} then
           substr(a, n / 24389 % 29 + 1, 1) || substr(a, n / 841 % 29 + 1, 1) || substr(a, n / 29 % 29 + 1, 1) || substr(a, n % 29 + 1, 1)
         else
           substr(a, r / 707281 % 29 + 1, 1) || substr(a, r / 24389 % 29 + 1, 1) || substr(a, r / 841 % 29 + 1, 1) || substr(a, r / 29 % 29 + 1, 1) || substr(a, r % 29 + 1, 1)
         end,
         case when r % 10 = 0 then 'en' else 'ru' end,
         case when r % 10 < 8 then 'direct' when r % 10 = 8 then 'unit' else 'channel' end,
         $2, $2
       from (select n, row_number() over (order by random())::int as r from generate_series(0, ${space - 1}) n) p,
            (select $3::text as a) alphabet
       where r <= ${C}`,
      [vault.seal(SEAL.clientChat, '1'), start, PSEUDONYM_ALPHABET],
    );

    await q(
      `insert into cases (id, client_id, status, channel, staff_chat_id, topic_id, opened_at, last_activity_at, first_staff_reply_at,
         closed_at, closed_by, emergency_at, after_hours, after_hours_reply_at, feedback_rating, feedback_at, claimed_by, claimed_at,
         taxonomy_version, needs, services, phone_call, outcome, met_online, recorded_at, close_reason, reopen_count)
       select id, client_id, status, 'bot', ${GENERATED_STAFF_CHAT}, id, opened_at,
         case when status = 'closed' then closed_at else least(now(), greatest(opened_at, coalesce(replied_at, opened_at)) + interval '5 minutes') end,
         replied_at,
         case when status = 'closed' then closed_at end,
         case when status = 'closed' then claimed_by end,
         case when r_em < 0.015 then opened_at + interval '1 second' end,
         after_hours, case when after_hours then opened_at + interval '1 second' end,
         case when status = 'closed' and r_fb < 0.3 then case when r_fb < 0.26 then 1 else -1 end end,
         case when status = 'closed' and r_fb < 0.3 then closed_at + interval '1 minute' end,
         claimed_by, case when claimed_by is not null then coalesce(replied_at, opened_at) end,
         case when recorded then 1 end,
         case when recorded then ($2::jsonb[])[combo] end,
         case when recorded then ($3::jsonb[])[combo] end,
         case when recorded then ($4::text[])[1 + (id * 7) % 4] end,
         case when recorded then ($5::text[])[1 + (id * 13) % 5] end,
         case when recorded then ($6::boolean[])[combo] end,
         case when recorded then closed_at end,
         case when status = 'closed' and not recorded then (array['spam', 'duplicate', 'test', 'stopped answering'])[1 + id % 4] end,
         case when r_fb > 0.97 then 1 else 0 end
       from (
         select *, status = 'closed' and r_rec < 0.9 as recorded,
           least(now(), coalesce(replied_at, opened_at) + (1 + r_rec * 71) * interval '1 hour') as closed_at,
           extract(isodow from opened_at at time zone '${TIME_ZONE}') > 5 or extract(hour from opened_at at time zone '${TIME_ZONE}') not between 10 and 21 as after_hours
         from (
           select *,
             case when id > ${N - OPEN} then (array['new', 'open', 'waiting', 'referred'])[1 + id % 4] else 'closed' end as status,
             case
               when id > ${N - OPEN} then ${C} - (${N} - id)
               when k > k_prev or id = 1 then k
               else greatest(1, k - floor(k * power(r_client, 3))::int)
             end as client_id,
             case when r_reply < 0.92 and not (id > ${N - OPEN} and id % 4 = 0) then opened_at + (-ln(1 - random()) * 30) * interval '1 minute' end as replied_at,
             case when r_claim < 0.9 then 1 + floor(r_claim / 0.9 * ${STAFF})::int end as claimed_by,
             1 + floor(r_combo * ${combos.length})::int as combo
           from (
             select g as id, $1::timestamptz + ((g - 1) + random() * 0.9) * ${slotSeconds} * interval '1 second' as opened_at,
               least(${C}, floor((g - 1)::float8 * ${C} / ${N})::int + 1) as k,
               least(${C}, floor(greatest(g - 2, 0)::float8 * ${C} / ${N})::int + 1) as k_prev,
               random() as r_reply, random() as r_rec, random() as r_em, random() as r_fb, random() as r_combo, random() as r_claim, random() as r_client
             from generate_series(1, ${N}) g
           ) s0
         ) s1
       ) s2`,
      [start, combos.map((c) => JSON.stringify(c.needs)), combos.map((c) => JSON.stringify(c.services)), [...PHONE_CALL], [...OUTCOMES], combos.map((c) => c.metOnline)],
    );

    // Messages in time order within each case; text and files only where retention keeps them.
    await q(
      `insert into messages (case_id, direction, kind, body_sealed, file_sealed, staff_member_id, delivery, created_at)
       select c.id, dir, kind,
         case when kept and kind = 'text' then $1 end,
         case when kept and kind <> 'text' then $2 end,
         case when dir = 'staff' then coalesce(c.claimed_by, 1) end,
         'delivered',
         case
           when c.first_staff_reply_at is null then c.opened_at + (j - 1) * interval '1 minute'
           when j = 1 then c.opened_at
           else c.first_staff_reply_at + (j - 2) * interval '7 minutes'
         end
       from cases c
       cross join lateral (select c.status <> 'closed' or c.closed_at > now() - interval '30 days' as kept) k
       cross join lateral generate_series(1, 1 + (c.id * 37 + 11) % 7) j
       cross join lateral (select case when c.first_staff_reply_at is null or j % 2 = 1 then 'client' else 'staff' end as dir) d
       cross join lateral (select case when dir = 'staff' then 'text' when (c.id * 31 + j * 17) % 100 < 6 then 'voice' when (c.id * 31 + j * 17) % 100 < 9 then 'photo' else 'text' end as kind) kd`,
      [vault.seal(SEAL.messageBody, 'Здравствуйте, это тестовое сообщение для замера.'), vault.seal(SEAL.messageFile, 'scale-file-id')],
    );

    // The timeline: one event per message, and the case's opening, claim and close.
    await q(
      `insert into case_events (case_id, at, kind, actor, staff_member_id, via, data, message_id)
       select case_id, created_at, case when direction = 'client' then 'client_message' else 'staff_message' end,
         direction, staff_member_id, case when direction = 'staff' then 'telegram' end, '{}'::jsonb, id
       from messages`,
    );
    await q(
      `insert into case_events (case_id, at, kind, actor, staff_member_id, via, data)
       select id, opened_at + interval '1 millisecond', 'bot_message', 'bot', null, null, '{"flow":"case_opened"}'::jsonb from cases
       union all
       select id, claimed_at, 'claimed', 'staff', claimed_by, 'telegram', jsonb_build_object('to', claimed_by) from cases where claimed_by is not null
       union all
       select id, closed_at, case when recorded_at is null then 'dropped' else 'closed' end, 'staff', closed_by, 'telegram',
         case when recorded_at is null then jsonb_build_object('reason', close_reason)
              else jsonb_build_object('from', 'open', 'record', jsonb_build_object('needs', needs, 'outcome', outcome)) end
       from cases where status = 'closed'`,
    );

    await q(
      `insert into referrals (case_id, kind, to_role, to_organisation_id, created_by, created_at, taken_at, outcome, outcome_at)
       select id, kind, case when kind = 'internal' then (array['doctor', 'psychologist', 'lawyer', 'social_worker'])[1 + id % 4] end,
         case when kind = 'external' then 1 + id % 3 end, claimed_by, at, case when kind = 'internal' then at + interval '1 hour' end,
         outcome, case when outcome <> 'pending' then at + interval '1 day' end
       from (
         select id, claimed_by, coalesce(first_staff_reply_at, opened_at) + interval '10 minutes' as at,
           case when id % 5 < 3 then 'internal' else 'external' end as kind,
           (array['done', 'done', 'pending', 'did_not_come', 'declined', 'done'])[1 + (id / 7) % 6] as outcome
         from cases where (id * 2654435761::bigint) % 100 < 12 and (recorded_at is not null or status <> 'closed')
       ) r`,
    );

    await q(
      `insert into audit_log (account_id, action, case_id, detail, at)
       select 1 + g % ${ACCOUNTS}, action, case when action in ('transcript.view', 'case.view', 'case.reply', 'case.note') then 1 + (g::bigint * 7919) % ${N} end, null,
         $1::timestamptz + g * ${slotSeconds} * interval '1 second'
       from generate_series(1, ${N}) g
       cross join lateral (select (array['transcript.view', 'transcript.view', 'transcript.view', 'transcript.view', 'case.view', 'case.reply', 'case.note', 'clients.view', 'login', 'logout'])[1 + (g * 13) % 10] as action) a`,
      [start],
    );

    await q(
      `update clients set first_seen_at = s.first, last_seen_at = s.last
       from (select client_id, min(opened_at) as first, max(last_activity_at) as last from cases group by client_id) s
       where s.client_id = clients.id`,
    );
    for (const [table, column] of [
      ['staff_members', 'id'],
      ['accounts', 'id'],
      ['external_organisations', 'id'],
      ['clients', 'id'],
      ['cases', 'id'],
    ]) {
      await q(`select setval(pg_get_serial_sequence('${table}', '${column}'), (select max(${column}) from ${table}))`);
    }
    await q(`set session_replication_role = origin`);
    await q(`vacuum analyze`);
    const count = async (table: string) => Number((await q(`select count(*)::int as n from ${table}`)).rows[0].n);
    return {
      cases: await count('cases'),
      clients: await count('clients'),
      messages: await count('messages'),
      events: await count('case_events'),
      referrals: await count('referrals'),
      audit: await count('audit_log'),
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await client.end();
  }
}
