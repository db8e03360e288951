import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { clientTextProblems, describeClientTextProblem } from '../emergency/client-texts.ts';

/**
 * Organisation settings that are not secrets: emergency numbers, time zone, duty hours, mobile
 * units, the content reviewer, retention. They live in `DATA_DIR/organisation.json` until the
 * console edits them; a missing file is created from the defaults below so it can be edited.
 */
export const SETTINGS_FILE = 'organisation.json';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time like 09:30');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date like 2026-12-31');
/** ISO weekday: 1 = Monday … 7 = Sunday. */
const weekday = z.number().int().min(1).max(7);
const localized = z.object({ ru: z.string().min(1), en: z.string().min(1) });
/** A text clients read, in both languages, at most `max` characters (what Telegram takes in one message, with room for the rest). */
const clientText = (max: number) => {
  const one = z.string().min(1).max(max, `at most ${max} characters: the bot sends it to clients in one Telegram message`);
  return z.object({ ru: one, en: one });
};
/** Limits of the free-text fields that reach clients; the console and the file are also checked by rendering (emergency/client-texts.ts). */
export const TEXT_LIMITS = { name: 100, emergencyNumber: 20, doctorContact: 500, ambulanceLaw: 3000, closingContactLine: 500 } as const;
/**
 * Someone on duty or on call. `accountId` is the console account chosen for them (its name is
 * copied into `name` when saved, so the bot reads it without a query); settings written before
 * duty staff were chosen from accounts have a name alone, which the console shows as not linked.
 */
const person = z.object({
  accountId: z.number().int().positive().optional(),
  name: z.string().min(1),
  telegram: z.string().regex(/^@[A-Za-z0-9_]{4,32}$/).optional(),
  phone: z.string().optional(),
});
const needCode = z.string().regex(/^[a-z0-9_]{2,40}$/);

export const settingsSchema = z.object({
  name: clientText(TEXT_LIMITS.name),
  timeZone: z.string().refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'an IANA time zone such as Europe/Moscow'),
  emergencyNumbers: z.array(z.string().min(2).max(TEXT_LIMITS.emergencyNumber)).min(1).max(5),
  doctorContact: clientText(TEXT_LIMITS.doctorContact).optional(),
  /** What the law says about calling an ambulance, if the organisation provides it (its own words, its own responsibility). */
  ambulanceLaw: clientText(TEXT_LIMITS.ambulanceLaw).optional(),
  /** The contact line a closed case's message ends with, unless the worker gives one with /close. */
  closingContactLine: clientText(TEXT_LIMITS.closingContactLine),
  contentReviewer: z.object({ name: z.string().min(1), role: z.string().min(1) }).optional(),
  overdose: z
    .object({
      secondDoseReminderSeconds: z.number().int().min(1).max(600).default(150),
      helpArrivedCheckSeconds: z.number().int().min(1).max(3600).default(300),
    })
    .default({ secondDoseReminderSeconds: 150, helpArrivedCheckSeconds: 300 }),
  duty: z
    .object({
      /** Weekly windows when workers answer; `staff` names who is on duty then. */
      windows: z.array(z.object({ weekday, from: hhmm, to: hhmm, staff: z.array(person).default([]) })),
      onCall: person.optional(),
      holidays: z.array(isoDate).default([]),
    })
    .default({ windows: [], holidays: [] }),
  mobileUnits: z
    .array(
      z.object({
        id: z.string().min(1),
        name: localized,
        stops: z.array(
          z.object({
            id: z.string().min(1),
            address: localized,
            latitude: z.number().min(-90).max(90),
            longitude: z.number().min(-180).max(180),
            windows: z.array(z.object({ weekday, from: hhmm, to: hhmm })),
          }),
        ),
        /** One-off changes: a stop cancelled on a date, or moved (another address or time). */
        changes: z
          .array(
            z.object({
              date: isoDate,
              stopId: z.string().min(1),
              status: z.enum(['cancelled', 'moved']),
              address: localized.optional(),
              latitude: z.number().min(-90).max(90).optional(),
              longitude: z.number().min(-180).max(180).optional(),
              from: hhmm.optional(),
              to: hhmm.optional(),
              note: localized.optional(),
            }),
          )
          .default([]),
      }),
    )
    .default([]),
  cases: z
    .object({
      /** A client who writes again within this many hours of a close reopens that case; later, a new case starts. */
      reopenWithinHours: z.number().min(0).max(24 * 90).default(48),
    })
    .default({ reopenWithinHours: 48 }),
  /**
   * The organisation's own needs taxonomy, replacing the default of PRODUCT.md. Raise `version`
   * whenever codes change: every case keeps the version it was recorded with.
   */
  taxonomy: z
    .object({
      version: z.number().int().min(2),
      needs: z.array(z.object({ code: needCode, theme: z.enum(['online', 'online_offline']), label: localized })).min(1).max(30),
      services: z.array(z.object({ code: z.string().regex(/^[a-z0-9_]{2,40}$/), offline: z.boolean(), label: localized })).min(1).max(30),
    })
    .optional(),
  /**
   * Needs of the taxonomy that are not offered for new closing records (the codes stay, so reports
   * still count the cases recorded with them). Stored settings without it offer every need.
   */
  needsOff: z.array(needCode).max(30).default([]),
  /** Organisations clients are referred to; sent to a client with /ext, details as written here. */
  externalOrganisations: z
    .array(
      z.object({
        slug: z.string().regex(/^[a-z0-9-]{1,40}$/),
        kind: z.enum(['aids_centre', 'clinic', 'detox', 'rehab', 'prep', 'legal', 'social', 'other']),
        name: localized,
        address: localized.optional(),
        contacts: z.string().optional(),
        hours: localized.optional(),
      }),
    )
    .default([]),
  /** Short answers a worker inserts into the console's reply box; sent as the worker edits them, never automatically. */
  quickReplies: z
    .array(z.object({ id: z.string().regex(/^[a-z0-9-]{1,40}$/), label: localized, text: localized }))
    .max(60)
    .default([]),
  retention: z
    .object({
      /** Message text is erased this many days after a case closes; the anonymous record stays. */
      messageTextDays: z.number().int().min(0).max(3650).default(30),
    })
    .default({ messageTextDays: 30 }),
  /** The community chat (COMMUNITY_CHAT_ID): who may join, how long things wait, the rules applicants accept. */
  community: z
    .object({
      /** Joins a member's personal invitation may bring in one calendar month. */
      peerInvitesPerMonth: z.number().int().min(0).max(100).default(3),
      /** A join request not accepted within this many minutes is declined. */
      joinRequestTimeoutMinutes: z.number().int().min(1).max(60 * 24 * 7).default(24 * 60),
      /** The welcome to new members is deleted after this many minutes, so the chat stays readable. */
      welcomeDeleteMinutes: z.number().int().min(1).max(60 * 24).default(10),
      /** A member's question nobody answered within this many minutes goes to the staff group. */
      unansweredQuestionMinutes: z.number().int().min(1).max(60 * 24).default(30),
      /** Mutes for repeated removals, in minutes: the first removal warns, then each entry in turn, the last repeating. */
      muteLadderMinutes: z.array(z.number().int().min(1).max(60 * 24 * 366)).min(1).max(10).default([60, 24 * 60, 7 * 24 * 60]),
      /** The chat's rules, shown to applicants with an "I accept" button. */
      rules: clientText(3000).optional(),
    })
    .default({ peerInvitesPerMonth: 3, joinRequestTimeoutMinutes: 24 * 60, welcomeDeleteMinutes: 10, unansweredQuestionMinutes: 30, muteLadderMinutes: [60, 24 * 60, 7 * 24 * 60] }),
  /** The channel (CHANNEL_ID): when the weekly post of the mobile units' stops goes out. */
  channel: z
    .object({
      weeklySchedule: z.object({ enabled: z.boolean(), weekday, at: hhmm }).default({ enabled: true, weekday: 1, at: '09:00' }),
      /** Post automatically when a stop is cancelled or moved. */
      stopChanges: z.boolean().default(true),
    })
    .default({ weeklySchedule: { enabled: true, weekday: 1, at: '09:00' }, stopChanges: true }),
});

export type Settings = z.infer<typeof settingsSchema>;
export type Person = z.infer<typeof person>;

/** A working example: St. Petersburg, weekday duty, one mobile unit. Organisations edit it. */
export const DEFAULT_SETTINGS: Settings = settingsSchema.parse({
  name: { ru: 'Гуманитарное действие', en: 'Humanitarian Action' },
  timeZone: 'Europe/Moscow',
  emergencyNumbers: ['103', '112'],
  doctorContact: { ru: 'напишите сюда, в этот чат, — мы передадим ваш вопрос врачу.', en: 'write here, in this chat, and we will pass your question to the doctor.' },
  closingContactLine: { ru: 'Пишите сюда в любое время — ответим в часы работы.', en: 'Write here any time; we answer during working hours.' },
  duty: {
    windows: [1, 2, 3, 4, 5].map((d) => ({ weekday: d, from: '10:00', to: '22:00', staff: [] })),
    holidays: [],
  },
  // The paper's pandemic-period need (2020–2021) is not offered in a new installation; an
  // organisation turns it on in the console if it still meets it.
  needsOff: ['pandemic_information'],
  quickReplies: [
    {
      id: 'greeting',
      label: { ru: 'Приветствие', en: 'Greeting' },
      text: { ru: 'Здравствуйте! Я консультант, вижу ваше сообщение. Расскажите, что происходит, — всё анонимно.', en: 'Hello! I am an outreach worker and I see your message. Tell me what is going on; it is all anonymous.' },
    },
    {
      id: 'still-there',
      label: { ru: 'Вы здесь?', en: 'Are you there?' },
      text: { ru: 'Вы ещё здесь? Напишите, когда будет удобно, — мы на связи.', en: 'Are you still there? Write when it suits you; we are here.' },
    },
  ],
  externalOrganisations: [
    {
      slug: 'aids-centre-spb',
      kind: 'aids_centre',
      name: { ru: 'Центр СПИД (пример: замените своими данными)', en: 'AIDS centre (example: replace with your own details)' },
      address: { ru: 'Адрес центра', en: 'The centre’s address' },
      contacts: '+7 000 000-00-00',
      hours: { ru: 'пн–пт 9:00–18:00', en: 'Mon–Fri 9:00–18:00' },
    },
  ],
  mobileUnits: [
    {
      id: 'bus-1',
      name: { ru: 'Автобус 1', en: 'Bus 1' },
      stops: [
        { id: 'ladozhskaya', address: { ru: 'м. Ладожская, выход к ТЦ', en: 'Ladozhskaya metro, mall exit' }, latitude: 59.9325, longitude: 30.4393, windows: [1, 3, 5].map((d) => ({ weekday: d, from: '11:00', to: '14:00' })) },
        { id: 'devyatkino', address: { ru: 'м. Девяткино, у остановки автобусов', en: 'Devyatkino metro, by the bus stop' }, latitude: 60.0502, longitude: 30.4432, windows: [2, 4].map((d) => ({ weekday: d, from: '16:00', to: '19:00' })) },
      ],
      changes: [],
    },
  ],
});

/**
 * The sandbox's settings: the example above, with its content marked as checked by a demo
 * reviewer whose name says it is not a real verification, so trainees see what the bot sends.
 */
export const SANDBOX_SETTINGS: Settings = {
  ...DEFAULT_SETTINGS,
  contentReviewer: { name: 'демо-проверка песочницы, не настоящая / sandbox demo, not a real check', role: 'sandbox' },
};

export type SettingsResult = { ok: true; settings: Settings; created: boolean } | { ok: false; errors: string[] };

/** Reads `DATA_DIR/organisation.json`, creating it from the defaults when missing. */
export function loadSettings(dataDir: string, defaults: Settings = DEFAULT_SETTINGS): SettingsResult {
  const path = join(dataDir, SETTINGS_FILE);
  if (!existsSync(path)) {
    writeFileSync(path, JSON.stringify(defaults, null, 2) + '\n', { mode: 0o640 });
    return { ok: true, settings: defaults, created: true };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return { ok: false, errors: [`${SETTINGS_FILE} is not valid JSON`] };
  }
  const parsed = settingsSchema.safeParse(raw);
  if (!parsed.success) {
    return { ok: false, errors: parsed.error.issues.map((i) => `${SETTINGS_FILE}: ${i.path.join('.') || '(root)'}: ${i.message}`) };
  }
  // What the bot would send clients with these values must be something Telegram takes.
  const refused = clientTextProblems(parsed.data);
  if (refused.length > 0) return { ok: false, errors: refused.map((p) => `${SETTINGS_FILE}: ${describeClientTextProblem(p)}`) };
  return { ok: true, settings: parsed.data, created: false };
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Whether a new version changes what `syncDirectory` copies into its table (entries, or who verifies them). */
export function directoryChanged(next: Settings, previous: Settings): boolean {
  return !sameJson(next.externalOrganisations, previous.externalOrganisations) || !sameJson(next.contentReviewer, previous.contentReviewer);
}

/** Whether a new version changes the values texts are filled in with (`fillFromSettings`), which the content library holds filled. */
export function contentFillChanged(next: Settings, previous: Settings): boolean {
  return !sameJson(next.name, previous.name) || !sameJson(next.emergencyNumbers, previous.emergencyNumbers) || !sameJson(next.doctorContact, previous.doctorContact);
}
