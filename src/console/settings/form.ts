import type { Locale } from '../../config.ts';
import { DEFAULT_TAXONOMY, taxonomyOf, type Taxonomy } from '../../domain/taxonomy.ts';
import { t } from '../../i18n/index.ts';
import { clientTextProblems } from '../../emergency/client-texts.ts';
import { settingsSchema, type Settings } from '../../organisation/settings.ts';
import { canonicalJson } from '../../organisation/settings-store.ts';

/**
 * The settings pages' forms as pure data: the form's fields (named by their path in the settings,
 * `mobileUnits.0.stops.1.latitude`) read into a draft of strings, the draft turned into settings,
 * and the schema's complaints turned into sentences naming the section, row and field. No I/O.
 */

/** What a form holds: strings, and lists of rows (every row an object). */
export interface Draft {
  [key: string]: string | Draft | Draft[];
}

export const SECTIONS = ['organisation', 'taxonomy', 'quick-replies', 'mobile-units', 'duty', 'directory', 'community', 'channel', 'retention'] as const;
export type Section = (typeof SECTIONS)[number];
export const isSection = (s: string): s is Section => (SECTIONS as readonly string[]).includes(s);

/** Where a section's fields live in the settings: its fields' names start with these. */
const ROOTS: Record<Section, readonly string[]> = {
  organisation: ['name', 'timeZone', 'emergencyNumbers', 'doctorContact', 'ambulanceLaw', 'closingContactLine', 'overdose', 'cases'],
  taxonomy: ['taxonomy'],
  'quick-replies': ['quickReplies'],
  'mobile-units': ['mobileUnits'],
  duty: ['duty'],
  directory: ['externalOrganisations'],
  community: ['community'],
  channel: ['channel'],
  retention: ['retention'],
};

/** Row markers: ticked "remove", and the position a row is moved to (quick replies). */
export const REMOVE = '_remove';
export const ORDER = '_order';

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

const isBlank = (v: string | Draft | Draft[]): boolean =>
  typeof v === 'string' ? v.trim() === '' : Array.isArray(v) ? v.every(isBlank) : Object.entries(v).every(([k, x]) => k === ORDER || isBlank(x));

/**
 * Drops the rows ticked "remove" and the empty ones (except in `keepBlankIn`, the list a row was
 * just added to), and puts rows with a position in that order. What is left is numbered as the
 * settings will be, so the schema's paths name the rows the form shows again.
 */
export function tidy(draft: Draft, keepBlankIn?: string, path = ''): Draft {
  const out: Draft = {};
  for (const [key, value] of Object.entries(draft)) {
    const here = path ? `${path}.${key}` : key;
    if (!Array.isArray(value)) {
      out[key] = typeof value === 'string' ? value : tidy(value, keepBlankIn, here);
      continue;
    }
    const kept = value.filter((row) => !row[REMOVE] && (here === keepBlankIn || !isBlank(row)));
    const position = (row: Draft, i: number) => {
      const n = Number(typeof row[ORDER] === 'string' ? row[ORDER].trim() : '');
      return Number.isFinite(n) && typeof row[ORDER] === 'string' && row[ORDER].trim() !== '' ? n : i + 1;
    };
    const ordered = kept.map((row, i) => ({ row, at: position(row, i), i })).sort((a, b) => a.at - b.at || a.i - b.i);
    out[key] = ordered.map(({ row }, i) => {
      const { [REMOVE]: _r, [ORDER]: _o, ...rest } = row;
      return tidy(rest as Draft, keepBlankIn, `${here}.${i}`);
    });
  }
  return out;
}

// ---- Drafts from settings, and settings from drafts ------------------------------------------------

const list = (d: Draft | undefined, key: string): Draft[] => {
  const v = d?.[key];
  return Array.isArray(v) ? v : [];
};
const obj = (d: Draft | undefined, key: string): Draft => {
  const v = d?.[key];
  return v && typeof v === 'object' && !Array.isArray(v) ? v : {};
};
const str = (d: Draft | undefined, key: string): string => {
  const v = d?.[key];
  return typeof v === 'string' ? v.trim() : '';
};
/** A number as typed ("59,93" too); junk and an empty field are NaN, which the schema names (a default must not fill a field emptied by mistake). */
const num = (s: string): number => (/^[-+]?(\d+([.,]\d*)?|[.,]\d+)$/.test(s) ? Number(s.replace(',', '.')) : NaN);
/** The same for a number that may be left out. */
const optNum = (s: string): number | undefined => (s === '' ? undefined : num(s));
const optional = (s: string) => (s === '' ? undefined : s);
const loc = (d: Draft, key: string) => ({ ru: str(obj(d, key), 'ru'), en: str(obj(d, key), 'en') });
const optLoc = (d: Draft, key: string) => {
  const v = loc(d, key);
  return v.ru === '' && v.en === '' ? undefined : v;
};
const telegram = (s: string) => (s === '' ? undefined : s.startsWith('@') ? s : `@${s}`);
const person = (d: Draft) => ({ name: str(d, 'name'), telegram: telegram(str(d, 'telegram')), phone: optional(str(d, 'phone')) });
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

/** The draft a section's form starts from: the settings in force. */
export function draftOf(section: Section, s: Settings): Draft {
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
    case 'taxonomy': {
      const tx = taxonomyOf(s);
      return {
        taxonomy: {
          needs: tx.needs.map((x) => ({ code: x.code, theme: x.theme, label: locDraft(x.label) })),
          services: tx.services.map((x) => ({ code: x.code, offline: x.offline ? 'yes' : 'no', label: locDraft(x.label) })),
        },
      };
    }
    case 'quick-replies':
      return { quickReplies: s.quickReplies.map((q) => ({ id: q.id, label: locDraft(q.label), text: locDraft(q.text) })) };
    case 'mobile-units':
      return {
        mobileUnits: s.mobileUnits.map((u) => ({
          id: u.id,
          name: locDraft(u.name),
          stops: u.stops.map((st) => ({
            id: st.id,
            address: locDraft(st.address),
            latitude: n(st.latitude),
            longitude: n(st.longitude),
            windows: st.windows.map((w) => ({ weekday: n(w.weekday), from: w.from, to: w.to })),
          })),
          changes: u.changes.map((c) => ({
            date: c.date,
            stopId: c.stopId,
            status: c.status,
            address: locDraft(c.address),
            latitude: n(c.latitude),
            longitude: n(c.longitude),
            from: c.from ?? '',
            to: c.to ?? '',
            note: locDraft(c.note),
          })),
        })),
      };
    case 'duty':
      return {
        duty: {
          windows: s.duty.windows.map((w) => ({ weekday: n(w.weekday), from: w.from, to: w.to, staff: w.staff.map((p) => ({ name: p.name, telegram: p.telegram ?? '' })) })),
          onCall: { name: s.duty.onCall?.name ?? '', telegram: s.duty.onCall?.telegram ?? '', phone: s.duty.onCall?.phone ?? '' },
          holidays: s.duty.holidays.join('\n'),
        },
      };
    case 'directory':
      return {
        externalOrganisations: s.externalOrganisations.map((o) => ({
          slug: o.slug,
          kind: o.kind,
          name: locDraft(o.name),
          address: locDraft(o.address),
          contacts: o.contacts ?? '',
          hours: locDraft(o.hours),
        })),
      };
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
 * The settings in force with one section replaced by the draft's values, not yet validated: values
 * the schema refuses stay as they are (NaN for a number that is not one) so it names them.
 */
export function applyDraft(section: Section, d: Draft, current: Settings, highestTaxonomyVersion: number): Record<string, unknown> {
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
    case 'taxonomy': {
      const tx = obj(d, 'taxonomy');
      const next = {
        needs: list(tx, 'needs').map((r) => ({ code: str(r, 'code'), theme: str(r, 'theme'), label: loc(r, 'label') })),
        services: list(tx, 'services').map((r) => ({ code: str(r, 'code'), offline: str(r, 'offline') === 'yes', label: loc(r, 'label') })),
      } as Omit<Taxonomy, 'version'>;
      const versioned = nextTaxonomy(taxonomyOf(current), next, highestTaxonomyVersion);
      return { ...current, taxonomy: versioned === 'unchanged' ? current.taxonomy : versioned };
    }
    case 'quick-replies':
      return { ...current, quickReplies: list(d, 'quickReplies').map((r) => ({ id: str(r, 'id'), label: loc(r, 'label'), text: loc(r, 'text') })) };
    case 'mobile-units':
      return {
        ...current,
        mobileUnits: list(d, 'mobileUnits').map((u) => ({
          id: str(u, 'id'),
          name: loc(u, 'name'),
          stops: list(u, 'stops').map((st) => ({
            id: str(st, 'id'),
            address: loc(st, 'address'),
            latitude: num(str(st, 'latitude')),
            longitude: num(str(st, 'longitude')),
            windows: list(st, 'windows').map((w) => ({ weekday: num(str(w, 'weekday')), from: str(w, 'from'), to: str(w, 'to') })),
          })),
          changes: list(u, 'changes').map((c) => ({
            date: str(c, 'date'),
            stopId: str(c, 'stopId'),
            status: str(c, 'status'),
            address: optLoc(c, 'address'),
            latitude: optNum(str(c, 'latitude')),
            longitude: optNum(str(c, 'longitude')),
            from: optional(str(c, 'from')),
            to: optional(str(c, 'to')),
            note: optLoc(c, 'note'),
          })),
        })),
      };
    case 'duty': {
      const duty = obj(d, 'duty');
      const onCall = person(obj(duty, 'onCall'));
      return {
        ...current,
        duty: {
          windows: list(duty, 'windows').map((w) => ({
            weekday: num(str(w, 'weekday')),
            from: str(w, 'from'),
            to: str(w, 'to'),
            staff: list(w, 'staff').map((p) => {
              const { phone: _phone, ...named } = person(p);
              return named;
            }),
          })),
          onCall: onCall.name === '' && !onCall.telegram && !onCall.phone ? undefined : onCall,
          holidays: words(str(duty, 'holidays')),
        },
      };
    }
    case 'directory':
      return {
        ...current,
        externalOrganisations: list(d, 'externalOrganisations').map((o) => ({
          slug: str(o, 'slug'),
          kind: str(o, 'kind'),
          name: loc(o, 'name'),
          address: optLoc(o, 'address'),
          contacts: optional(str(o, 'contacts')),
          hours: optLoc(o, 'hours'),
        })),
      };
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
  /** The form field (or list) it is about: gets aria-invalid. */
  field: string;
  /** The sentence shown above the form. */
  message: string;
}

type Issue = { path: (string | number)[]; code: string; expected?: string; minimum?: unknown; maximum?: unknown; origin?: string; format?: string };

/** Fields kept as one text box though the settings hold a list. */
const ONE_BOX = ['emergencyNumbers', 'duty.holidays', 'community.muteLadderMinutes'];
/** Containers whose names add nothing to a field's label. */
const QUIET = new Set(['duty', 'overdose', 'cases', 'retention', 'taxonomy', 'community', 'channel']);
const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/**
 * Validates a section's candidate with the settings' schema plus what the schema cannot see
 * (repeated ids, changes naming a stop that is not there), as sentences in the reader's language.
 */
export function problemsOf(section: Section, candidate: Record<string, unknown>, locale: Locale): { ok: true; settings: Settings } | { ok: false; problems: Problem[] } {
  const parsed = settingsSchema.safeParse(candidate);
  const issues: Issue[] = parsed.success ? [] : (parsed.error.issues as unknown as Issue[]).map((i) => ({ ...i, path: i.path.map((p) => (typeof p === 'number' ? p : String(p))) }));
  issues.push(...crossChecks(candidate));
  // Valid values can still make a message Telegram refuses: render what clients would get, and check it.
  if (parsed.success) issues.push(...clientTextProblems(parsed.data).map((p): Issue => ({ path: p.path, code: `telegram_${p.kind.replace('-', '_')}`, maximum: p.max, minimum: p.length, format: p.error })));
  const own = issues.filter((i) => ROOTS[section].includes(String(i.path[0])));
  // Outside the section the settings in force were valid; anything there is not this form's to fix.
  const rest = issues.filter((i) => !ROOTS[section].includes(String(i.path[0])));
  if (own.length === 0 && rest.length === 0 && parsed.success) return { ok: true, settings: parsed.data };
  const seen = new Set<string>();
  const problems = [...own, ...rest].flatMap((i) => {
    const p = describe(section, i, locale);
    if (seen.has(p.message)) return [];
    seen.add(p.message);
    return [p];
  });
  return { ok: false, problems };
}

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
function describe(section: Section, issue: Issue, locale: Locale): Problem {
  const path = issue.path.map(String);
  const joined = path.join('.');
  const box = ONE_BOX.find((b) => joined === b || joined.startsWith(`${b}.`));
  const field = box ?? joined;
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
  return { field, message: t(locale, 'console-settings-error', { where: where.join(', '), problem: [value, problemText(issue, path.at(-1)!, box ? box.split('.').at(-1)! : undefined, locale)].filter(Boolean).join(': ') }) };
}

function problemText(issue: Issue, key: string, box: string | undefined, locale: Locale): string {
  const p = (id: string, args?: Record<string, string | number>) => t(locale, `console-settings-problem-${id}`, args);
  const subject = box ?? key;
  // Typed in hours, kept in minutes: the schema's limits in minutes would not help.
  if (key === 'joinRequestTimeoutMinutes' && ['invalid_type', 'too_small', 'too_big'].includes(issue.code)) return p('hours');
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

/** The fields a list of problems marks aria-invalid (a list's own problem marks its rows' container). */
export function invalidFields(problems: Problem[]): Set<string> {
  return new Set(problems.map((p) => p.field));
}
