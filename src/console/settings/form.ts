import type { Locale } from '../../config.ts';
import { DEFAULT_TAXONOMY, type Taxonomy } from '../../domain/taxonomy.ts';
import { t } from '../../i18n/index.ts';
import { clientTextProblems } from '../../emergency/client-texts.ts';
import { settingsSchema, type Settings } from '../../organisation/settings.ts';
import { canonicalJson } from '../../organisation/settings-store.ts';
import { personInRow, syncPeople, telegramOf, whoOf, type AccountChoice } from './people.ts';

/**
 * The settings pages' forms as pure data. A section with a few values of its own (organisation,
 * community, channel, retention, and duty's on-call person and holidays) is one short form whose
 * fields are named by their path in the settings (`overdose.secondDoseReminderSeconds`), read into
 * a draft of strings and turned back into settings; lists (shifts, units, stops, needs…) are edited
 * an item at a time (lists.ts). The schema's complaints become sentences naming the section, row
 * and field. No I/O.
 */

/** What a form holds: strings, and lists of rows (every row an object). */
export interface Draft {
  [key: string]: string | Draft | Draft[];
}

/** The settings pages, in the order the index lists them (what a coordinator changes most first). */
export const SECTIONS = ['duty', 'mobile-units', 'taxonomy', 'quick-replies', 'directory', 'organisation', 'community', 'channel', 'retention'] as const;
export type Section = (typeof SECTIONS)[number];
export const isSection = (s: string): s is Section => (SECTIONS as readonly string[]).includes(s);

/** Sections saved as one short form at /settings/<section>. */
export const FLAT_SECTIONS = ['organisation', 'duty', 'community', 'channel', 'retention'] as const satisfies readonly Section[];
export type FlatSection = (typeof FLAT_SECTIONS)[number];
export const isFlat = (s: Section): s is FlatSection => (FLAT_SECTIONS as readonly string[]).includes(s);

/** Where a section's values live in the settings: its fields' names start with these. */
export const ROOTS: Record<Section, readonly string[]> = {
  organisation: ['name', 'timeZone', 'emergencyNumbers', 'doctorContact', 'ambulanceLaw', 'closingContactLine', 'overdose', 'cases'],
  taxonomy: ['taxonomy', 'needsOff'],
  'quick-replies': ['quickReplies'],
  'mobile-units': ['mobileUnits'],
  duty: ['duty'],
  directory: ['externalOrganisations'],
  community: ['community'],
  channel: ['channel'],
  retention: ['retention'],
};

/** A section's values in the settings, to tell whether someone else changed them. */
export function sectionSlice(section: Section, s: Settings): string {
  const all = s as unknown as Record<string, unknown>;
  return canonicalJson(Object.fromEntries(ROOTS[section].map((k) => [k, all[k] ?? null])));
}

/** What the forms need to know beyond the settings: the console accounts duty staff are chosen from. */
export interface FormContext {
  accounts: AccountChoice[];
}

const MAX_ROWS = 100;
const MAX_VALUE = 4000;
const MAX_DEPTH = 8;

// ---- Reading a posted form -----------------------------------------------------------------------

type Tree = { [key: string]: string | Tree };

/** The posted fields of a section as a draft: only its own names, lists dense in index order. */
export function readForm(section: Section, body: Record<string, unknown>): Draft {
  const tree: Tree = {};
  for (const [name, value] of Object.entries(body)) {
    if (typeof value !== 'string') continue;
    const path = name.split('.');
    if (path.length > MAX_DEPTH || !ROOTS[section].includes(path[0]!) || path.some((p) => !/^[A-Za-z_][A-Za-z0-9_]*$|^\d{1,3}$/.test(p))) continue;
    let node: Tree | undefined = tree;
    for (const key of path.slice(0, -1)) {
      const next: string | Tree | undefined = node[key];
      // A name that is both a value and a group of values is not one this form makes: dropped.
      node = typeof next === 'string' ? undefined : (node[key] = next ?? {});
      if (!node) break;
    }
    if (node && node[path.at(-1)!] === undefined) node[path.at(-1)!] = value.slice(0, MAX_VALUE);
  }
  return toDraft(tree) as Draft;
}

function toDraft(node: string | Tree): string | Draft | Draft[] {
  if (typeof node === 'string') return node;
  const keys = Object.keys(node);
  if (keys.length > 0 && keys.every((k) => /^\d+$/.test(k))) {
    return keys
      .map(Number)
      .sort((a, b) => a - b)
      .slice(0, MAX_ROWS)
      .map((k) => node[String(k)])
      .filter((v): v is Tree => typeof v === 'object')
      .map((v) => toDraft(v) as Draft);
  }
  return Object.fromEntries(keys.map((k) => [k, toDraft(node[k]!)]));
}

// ---- Drafts from settings, and settings from drafts ------------------------------------------------

const obj = (d: Draft | undefined, key: string): Draft => {
  const v = d?.[key];
  return v && typeof v === 'object' && !Array.isArray(v) ? v : {};
};
const str = (d: Draft | undefined, key: string): string => {
  const v = d?.[key];
  return typeof v === 'string' ? v.trim() : '';
};
/** A number as typed ("59,93" too); junk and an empty field are NaN, which the schema names (a default must not fill a field emptied by mistake). */
export const num = (s: string): number => (/^[-+]?(\d+([.,]\d*)?|[.,]\d+)$/.test(s) ? Number(s.replace(',', '.')) : NaN);
const loc = (d: Draft, key: string) => ({ ru: str(obj(d, key), 'ru'), en: str(obj(d, key), 'en') });
const optLoc = (d: Draft, key: string) => {
  const v = loc(d, key);
  return v.ru === '' && v.en === '' ? undefined : v;
};
const words = (s: string) => s.split(/[\s,;]+/).filter(Boolean);
/** A list of whole numbers typed in one box ("60, 1440"): items split by commas, semicolons or spaces (a decimal comma is not one: only whole numbers go here). */
const numbers = (s: string) => words(s).map(num);
const yes = (s: string) => s === 'yes';

/**
 * The join-request time-out is kept in minutes and shown in hours, as applicants are told it
 * ("declined after 24 h"): whole hours as "24", anything else as hours and minutes, "1:30". Both
 * read back to exactly the minutes shown; so do decimal hours ("1,5") that make whole minutes.
 * Anything else (junk, a fraction of a minute) is NaN, which the schema names.
 */
export function hoursOf(minutes: number): string {
  if (!Number.isSafeInteger(minutes) || minutes < 0) return String(minutes);
  return minutes % 60 === 0 ? String(minutes / 60) : `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
}
export function minutesOf(hours: string): number {
  const s = hours.trim();
  const hm = /^(\d{1,4}):([0-5]\d)$/.exec(s);
  if (hm) return Number(hm[1]) * 60 + Number(hm[2]);
  const dec = /^(\d{0,4})(?:[.,](\d{1,6}))?$/.exec(s);
  if (!dec || s === '') return NaN;
  const whole = Number(dec[1] || '0') * 60;
  if (!dec[2]) return whole;
  // The fraction in integers: 60 × digits / 10^n must be whole, or it is not a whole number of minutes.
  const scaled = Number(dec[2]) * 60;
  const unit = 10 ** dec[2].length;
  return scaled % unit === 0 ? whole + scaled / unit : NaN;
}

type L = { ru: string; en: string } | undefined;
const locDraft = (v: L): Draft => ({ ru: v?.ru ?? '', en: v?.en ?? '' });
const n = (v: number | undefined) => (v === undefined ? '' : String(v));

/** The draft a flat section's form starts from: the settings in force. */
export function draftOf(section: FlatSection, s: Settings): Draft {
  switch (section) {
    case 'organisation':
      return {
        name: locDraft(s.name),
        timeZone: s.timeZone,
        emergencyNumbers: s.emergencyNumbers.join(', '),
        doctorContact: locDraft(s.doctorContact),
        ambulanceLaw: locDraft(s.ambulanceLaw),
        closingContactLine: locDraft(s.closingContactLine),
        overdose: { secondDoseReminderSeconds: n(s.overdose.secondDoseReminderSeconds), helpArrivedCheckSeconds: n(s.overdose.helpArrivedCheckSeconds) },
        cases: { reopenWithinHours: n(s.cases.reopenWithinHours) },
      };
    case 'duty': {
      const on = s.duty.onCall;
      return { duty: { onCall: { who: whoOf(on), telegram: on?.telegram ?? '', phone: on?.phone ?? '' }, holidays: s.duty.holidays.join('\n') } };
    }
    case 'community': {
      const c = s.community;
      return {
        community: {
          peerInvitesPerMonth: n(c.peerInvitesPerMonth),
          joinRequestTimeoutMinutes: hoursOf(c.joinRequestTimeoutMinutes),
          welcomeDeleteMinutes: n(c.welcomeDeleteMinutes),
          unansweredQuestionMinutes: n(c.unansweredQuestionMinutes),
          muteLadderMinutes: c.muteLadderMinutes.join(', '),
          rules: locDraft(c.rules),
        },
      };
    }
    case 'channel':
      return {
        channel: {
          weeklySchedule: { enabled: s.channel.weeklySchedule.enabled ? 'yes' : '', weekday: n(s.channel.weeklySchedule.weekday), at: s.channel.weeklySchedule.at },
          stopChanges: s.channel.stopChanges ? 'yes' : '',
        },
      };
    case 'retention':
      return { retention: { messageTextDays: n(s.retention.messageTextDays) } };
  }
}

/**
 * The settings in force with a flat section replaced by the draft's values, not yet validated:
 * values the schema refuses stay as they are (NaN for a number that is not one) so it names them.
 */
export function applyDraft(section: FlatSection, d: Draft, current: Settings, ctx: FormContext = { accounts: [] }): Record<string, unknown> {
  switch (section) {
    case 'organisation': {
      const od = obj(d, 'overdose');
      return {
        ...current,
        name: loc(d, 'name'),
        timeZone: str(d, 'timeZone'),
        emergencyNumbers: words(str(d, 'emergencyNumbers')),
        doctorContact: optLoc(d, 'doctorContact'),
        ambulanceLaw: optLoc(d, 'ambulanceLaw'),
        closingContactLine: loc(d, 'closingContactLine'),
        overdose: { secondDoseReminderSeconds: num(str(od, 'secondDoseReminderSeconds')), helpArrivedCheckSeconds: num(str(od, 'helpArrivedCheckSeconds')) },
        cases: { reopenWithinHours: num(str(obj(d, 'cases'), 'reopenWithinHours')) },
      };
    }
    case 'duty': {
      const duty = obj(d, 'duty');
      const on = obj(duty, 'onCall');
      const who = str(on, 'who');
      const telegram = str(on, 'telegram');
      const phone = str(on, 'phone');
      const before = current.duty.onCall;
      // Nobody chosen: nobody on call, unless a number was typed for someone (then: choose who).
      const chosen = who === '' && (telegram === '' || telegramOf(telegram) === before?.telegram) && (phone === '' || phone === before?.phone) ? undefined : personInRow(who, telegram, before, ctx.accounts);
      const onCall = chosen ? { ...chosen.person, ...(phone ? { phone } : {}) } : undefined;
      const next = { ...current.duty, onCall, holidays: words(str(duty, 'holidays')) };
      const typed = onCall?.accountId && chosen?.telegramTyped ? new Map([[onCall.accountId, onCall.telegram]]) : new Map<number, string | undefined>();
      return { ...current, duty: syncPeople(next, ctx.accounts, typed) };
    }
    case 'community': {
      const c = obj(d, 'community');
      return {
        ...current,
        community: {
          peerInvitesPerMonth: num(str(c, 'peerInvitesPerMonth')),
          joinRequestTimeoutMinutes: minutesOf(str(c, 'joinRequestTimeoutMinutes')),
          welcomeDeleteMinutes: num(str(c, 'welcomeDeleteMinutes')),
          unansweredQuestionMinutes: num(str(c, 'unansweredQuestionMinutes')),
          muteLadderMinutes: numbers(str(c, 'muteLadderMinutes')),
          // Both empty: the bot's own rules text (community-rules-default).
          rules: optLoc(c, 'rules'),
        },
      };
    }
    case 'channel': {
      const ch = obj(d, 'channel');
      const w = obj(ch, 'weeklySchedule');
      return { ...current, channel: { weeklySchedule: { enabled: yes(str(w, 'enabled')), weekday: num(str(w, 'weekday')), at: str(w, 'at') }, stopChanges: yes(str(ch, 'stopChanges')) } };
    }
    case 'retention':
      return { ...current, retention: { messageTextDays: num(str(obj(d, 'retention'), 'messageTextDays')) } };
  }
}

/** What decides how a case is counted (codes, and which are online): a change of it is a new version. */
const structureOf = (tx: Omit<Taxonomy, 'version'>) =>
  canonicalJson({ needs: tx.needs.map((x) => `${x.code}:${x.theme}`).sort(), services: tx.services.map((x) => `${x.code}:${x.offline}`).sort() });

/**
 * The taxonomy to save: the same version when only labels or order changed, the next unused one
 * when codes (or whether one counts as online) changed, so cases keep meaning what they were
 * recorded with. The built-in taxonomy is version 1; one of the organisation's own is 2 or more.
 */
export function nextTaxonomy(previous: Taxonomy, next: Omit<Taxonomy, 'version'>, highestUsed: number): Taxonomy | 'unchanged' {
  const { version: _v, ...prev } = previous;
  if (canonicalJson(prev) === canonicalJson(next)) return 'unchanged';
  if (structureOf(prev) === structureOf(next) && previous.version >= 2) return { version: previous.version, ...next };
  return { version: Math.max(highestUsed, previous.version, DEFAULT_TAXONOMY.version) + 1, ...next };
}

// ---- Problems ------------------------------------------------------------------------------------

export interface Problem {
  /** The form field (or list) it is about: gets aria-invalid and the message beside it. */
  field: string;
  /** The sentence shown above the form, naming section, row and field. */
  message: string;
  /** What is wrong, shown next to the field (which names itself). */
  short: string;
}

export type Issue = { path: (string | number)[]; code: string; expected?: string; minimum?: unknown; maximum?: unknown; origin?: string; format?: string };

/** Fields kept as one text box though the settings hold a list. */
const ONE_BOX = ['emergencyNumbers', 'duty.holidays', 'community.muteLadderMinutes'];
/** Containers whose names add nothing to a field's label. */
const QUIET = new Set(['duty', 'overdose', 'cases', 'retention', 'taxonomy', 'community', 'channel']);
/** Values the form sets through another field (the on-call person is chosen in one select). */
const FIELD_ALIASES: Record<string, string> = { 'duty.onCall.name': 'duty.onCall.who', 'duty.onCall.accountId': 'duty.onCall.who' };
const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/**
 * Everything wrong with candidate settings: the schema's complaints, what the schema cannot see
 * (repeated ids, changes naming a stop that is not there), and texts Telegram would refuse.
 */
export function issuesOf(candidate: Record<string, unknown>): { settings?: Settings; issues: Issue[] } {
  const parsed = settingsSchema.safeParse(candidate);
  const issues: Issue[] = parsed.success ? [] : (parsed.error.issues as unknown as Issue[]).map((i) => ({ ...i, path: i.path.map((p) => (typeof p === 'number' ? p : String(p))) }));
  issues.push(...crossChecks(candidate));
  // Valid values can still make a message Telegram refuses: render what clients would get, and check it.
  if (parsed.success) issues.push(...clientTextProblems(parsed.data).map((p): Issue => ({ path: p.path, code: `telegram_${p.kind.replace('-', '_')}`, maximum: p.max, minimum: p.length, format: p.error })));
  return { settings: parsed.success && issues.length === 0 ? parsed.data : undefined, issues };
}

/** Validates a section's candidate, as sentences in the reader's language (the section's own first). */
export function problemsOf(section: Section, candidate: Record<string, unknown>, locale: Locale): { ok: true; settings: Settings } | { ok: false; problems: Problem[] } {
  const { settings, issues } = issuesOf(candidate);
  if (settings) return { ok: true, settings };
  const own = issues.filter((i) => ROOTS[section].includes(String(i.path[0])));
  // Outside the section the settings in force were valid; anything there is not this form's to fix.
  const rest = issues.filter((i) => !ROOTS[section].includes(String(i.path[0])));
  return { ok: false, problems: distinct([...own, ...rest].map((i) => describe(section, i, locale))) };
}

export const distinct = (problems: Problem[]): Problem[] => {
  const seen = new Set<string>();
  return problems.filter((p) => !seen.has(p.message) && seen.add(p.message));
};

function crossChecks(c: Record<string, unknown>): Issue[] {
  const issues: Issue[] = [];
  const unique = (rows: unknown, key: string, at: (i: number) => (string | number)[]) => {
    if (!Array.isArray(rows)) return;
    const first = new Map<string, number>();
    rows.forEach((r: Record<string, unknown>, i) => {
      const v = r?.[key];
      if (typeof v !== 'string' || v === '') return;
      if (first.has(v)) issues.push({ path: at(i), code: 'duplicate', minimum: first.get(v)! + 1 });
      else first.set(v, i);
    });
  };
  const tx = c.taxonomy as { needs?: unknown; services?: unknown } | undefined;
  unique(tx?.needs, 'code', (i) => ['taxonomy', 'needs', i, 'code']);
  unique(tx?.services, 'code', (i) => ['taxonomy', 'services', i, 'code']);
  unique(c.quickReplies, 'id', (i) => ['quickReplies', i, 'id']);
  unique(c.externalOrganisations, 'slug', (i) => ['externalOrganisations', i, 'slug']);
  unique(c.mobileUnits, 'id', (i) => ['mobileUnits', i, 'id']);
  (Array.isArray(c.mobileUnits) ? (c.mobileUnits as { stops?: { id?: string }[]; changes?: { stopId?: string }[] }[]) : []).forEach((u, ui) => {
    unique(u.stops, 'id', (i) => ['mobileUnits', ui, 'stops', i, 'id']);
    const stops = new Set((u.stops ?? []).map((s) => s.id));
    (u.changes ?? []).forEach((ch, ci) => {
      if (ch.stopId && !stops.has(ch.stopId)) issues.push({ path: ['mobileUnits', ui, 'changes', ci, 'stopId'], code: 'unknown_stop' });
    });
  });
  return issues;
}

/** "Mobile units: unit 1, stop 2, Longitude: at most 180." */
export function describe(section: Section, issue: Issue, locale: Locale): Problem {
  const path = issue.path.map(String);
  const joined = path.join('.');
  const box = ONE_BOX.find((b) => joined === b || joined.startsWith(`${b}.`));
  const field = FIELD_ALIASES[box ?? joined] ?? box ?? joined;
  const ownSection = (SECTIONS.find((s) => ROOTS[s].includes(path[0]!)) ?? section) as Section;
  const where: string[] = [t(locale, `console-settings-section-${ownSection}`)];
  const lastIndex = path.reduce((at, p, i) => (/^\d+$/.test(p) ? i : at), -1);
  path.forEach((p, i) => {
    if (/^\d+$/.test(p) && i > 0 && !ONE_BOX.includes(path.slice(0, i).join('.'))) where.push(t(locale, `console-settings-row-${kebab(path[i - 1]!)}`, { n: Number(p) + 1 }));
  });
  const tail = path.slice(lastIndex + 1).filter((p) => !QUIET.has(p));
  // A person's name, not an organisation's or a unit's.
  const isPerson = path.includes('onCall') || path[lastIndex - 1] === 'staff';
  const label =
    tail.length === 0 || box
      ? t(locale, `console-settings-f-${kebab(box ? box.split('.').at(-1)! : path[lastIndex - 1]!)}`)
      : tail
          .map((p, i) => (p === 'ru' || p === 'en' ? null : t(locale, `console-settings-f-${kebab(p === 'name' && isPerson ? 'personName' : p)}`) + (tail[i + 1] === 'ru' || tail[i + 1] === 'en' ? ` (${t(locale, `console-settings-lang-${tail[i + 1]}`)})` : '')))
          .filter(Boolean)
          .join(', ');
  where.push(label);
  const value = box && path.length > box.split('.').length ? t(locale, 'console-settings-item', { n: Number(path.at(-1)) + 1 }) : undefined;
  const short = [value, problemText(issue, path.at(-1)!, box ? box.split('.').at(-1)! : undefined, locale)].filter(Boolean).join(': ');
  return { field, message: t(locale, 'console-settings-error', { where: where.join(', '), problem: short }), short };
}

export function problemText(issue: Issue, key: string, box: string | undefined, locale: Locale): string {
  const p = (id: string, args?: Record<string, string | number>) => t(locale, `console-settings-problem-${id}`, args);
  const subject = box ?? key;
  // Typed in hours, kept in minutes: the schema's limits in minutes would not help.
  if (key === 'joinRequestTimeoutMinutes' && ['invalid_type', 'too_small', 'too_big'].includes(issue.code)) return p('hours');
  // An account not in the list (gone, or a forged form).
  if (key === 'accountId') return p('choose');
  switch (issue.code) {
    case 'duplicate':
      return p('duplicate', { row: Number(issue.minimum) });
    case 'unknown_stop':
      return p('unknown-stop');
    case 'invalid_format':
    case 'custom': {
      const formats: Record<string, string> = { from: 'time', to: 'time', at: 'time', date: 'date', holidays: 'date', timeZone: 'time-zone', telegram: 'telegram', code: 'code', id: 'id', slug: 'id', stopId: 'id' };
      return p(formats[subject] ?? 'format');
    }
    case 'invalid_type':
      if (subject === 'weekday') return p('choose');
      if (issue.expected === 'number' || issue.expected === 'int') return p(issue.expected === 'int' ? 'whole-number' : 'number');
      return p('required');
    case 'too_small':
      if (issue.origin === 'string') return Number(issue.minimum) > 1 ? p('min-length', { min: String(issue.minimum) }) : p('required');
      if (issue.origin === 'array') return p('at-least-one');
      return p('min', { min: String(issue.minimum) });
    case 'telegram_too_long':
      return p('telegram-too-long', { length: String(issue.minimum), max: String(issue.maximum) });
    case 'telegram_html':
      return p('telegram-html', { error: String(issue.format ?? '') });
    case 'too_big':
      if (issue.origin === 'array') return p('too-many', { max: String(issue.maximum) });
      if (issue.origin === 'string') return p('max-length', { max: String(issue.maximum) });
      return p('max', { max: String(issue.maximum) });
    case 'invalid_value':
      return p('choose');
    default:
      return p('format');
  }
}


