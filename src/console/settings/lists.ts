import type { Locale } from '../../config.ts';
import { taxonomyOf, type Taxonomy } from '../../domain/taxonomy.ts';
import { t } from '../../i18n/index.ts';
import type { Person, Settings } from '../../organisation/settings.ts';
import { describe, distinct, issuesOf, nextTaxonomy, num, problemText, type Issue, type Problem, type Section } from './form.ts';
import { formatPoint, parseMapLink, type MapLinkResult } from './map-link.ts';
import { personFrom, personInRow, syncPeople, whoOf, type AccountChoice } from './people.ts';

/**
 * The settings' lists edited an item at a time: one short form adds an item, another edits one,
 * a button removes one. A posted form is read into items, put into the settings in force at their
 * place, and the whole checked by the schema; its complaints about the item land on the form's
 * fields. Pure.
 */

/** A posted form by field name: one value, or several (ticked days). */
export type Values = Record<string, string | string[]>;

export const LISTS = ['shifts', 'units', 'stops', 'changes', 'needs', 'services', 'replies', 'organisations'] as const;
export type ListKey = (typeof LISTS)[number];
export const isList = (s: string): s is ListKey => (LISTS as readonly string[]).includes(s);

/** A list, and for stops and changes the unit they belong to. */
export interface ListRef {
  key: ListKey;
  unit?: number;
}

export const SECTION_OF: Record<ListKey, Section> = {
  shifts: 'duty',
  units: 'mobile-units',
  stops: 'mobile-units',
  changes: 'mobile-units',
  needs: 'taxonomy',
  services: 'taxonomy',
  replies: 'quick-replies',
  organisations: 'directory',
};

/** Where the list is in the settings (the schema's paths start with it). */
export function pathOf(ref: ListRef): (string | number)[] {
  switch (ref.key) {
    case 'shifts':
      return ['duty', 'windows'];
    case 'units':
      return ['mobileUnits'];
    case 'stops':
    case 'changes':
      return ['mobileUnits', ref.unit ?? -1, ref.key];
    case 'needs':
    case 'services':
      return ['taxonomy', ref.key];
    case 'replies':
      return ['quickReplies'];
    case 'organisations':
      return ['externalOrganisations'];
  }
}

type Unit = Settings['mobileUnits'][number];
type Stop = Unit['stops'][number];
type Change = Unit['changes'][number];
type Shift = Settings['duty']['windows'][number];
type Need = Taxonomy['needs'][number];
type Service = Taxonomy['services'][number];
type Reply = Settings['quickReplies'][number];
type Organisation = Settings['externalOrganisations'][number];

/** The list's items in the settings; undefined when its unit is not there. */
export function itemsOf(s: Settings, ref: ListRef): unknown[] | undefined {
  switch (ref.key) {
    case 'shifts':
      return s.duty.windows;
    case 'units':
      return s.mobileUnits;
    case 'stops':
    case 'changes':
      return ref.unit === undefined ? undefined : s.mobileUnits[ref.unit]?.[ref.key];
    case 'needs':
    case 'services':
      return taxonomyOf(s)[ref.key];
    case 'replies':
      return s.quickReplies;
    case 'organisations':
      return s.externalOrganisations;
  }
}

// ---- Reading a posted form -----------------------------------------------------------------------

const one = (v: Values, name: string): string => {
  const x = v[name];
  return (Array.isArray(x) ? (x[0] ?? '') : (x ?? '')).trim();
};
const many = (v: Values, name: string): string[] => {
  const x = v[name];
  return (Array.isArray(x) ? x : x === undefined ? [] : [x]).map((s) => s.trim());
};
const loc = (v: Values, name: string) => ({ ru: one(v, `${name}.ru`), en: one(v, `${name}.en`) });
const optLoc = (v: Values, name: string) => {
  const l = loc(v, name);
  return l.ru === '' && l.en === '' ? undefined : l;
};
const optional = (s: string) => (s === '' ? undefined : s);
/** Ticked weekdays, 1–7, each once, in order. */
const daysOf = (v: Values, name: string) => [...new Set(many(v, name).filter((d) => /^[1-7]$/.test(d)).map(Number))].sort((a, b) => a - b);

/** A problem found reading the form, before the schema: its field and the problem's message id. */
export interface FormProblem {
  field: string;
  id: string;
}

export interface ItemRead {
  /** What the form makes: one item, or several (a shift added for several days). */
  items: unknown[];
  /** The form field a schema path below one of the items is about ('' for none). */
  fieldOf(rest: string[]): string;
  problems: FormProblem[];
  /** @usernames typed for accounts in this form: they become the account's everywhere (an empty one clears it). */
  typed?: Map<number, string | undefined>;
  /** The point read from a pasted map link, shown back. */
  point?: MapLinkResult;
  /** A need's "offered for new records" box, on its edit form. */
  offered?: boolean;
}

/** What reading a form needs besides the form: the item it edits, the settings, the accounts. */
export interface ReadContext {
  settings: Settings;
  accounts: readonly AccountChoice[];
  /** The item edited; undefined when adding. */
  existing?: unknown;
}

/** An id from a label ("Ladozhskaya metro" → "ladozhskaya-metro"), unique among `taken`. */
export function freshId(label: string, fallback: string, taken: readonly string[], separator: '-' | '_' = '-'): string {
  const base =
    label
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, separator)
      .replace(new RegExp(`^\\${separator}+|\\${separator}+$`, 'g'), '')
      .slice(0, 32)
      .replace(new RegExp(`\\${separator}+$`), '') || fallback;
  const name = base.length >= 2 ? base : fallback;
  if (!taken.includes(name)) return name;
  for (let n = 2; ; n++) if (!taken.includes(`${name}${separator}${n}`)) return `${name}${separator}${n}`;
}

/** A pasted map link (or coordinates) read into the item's latitude and longitude. */
function place(v: Values, name: string, required: boolean): { latitude?: number; longitude?: number; point?: MapLinkResult; problem?: FormProblem } {
  const text = one(v, name);
  if (text === '' && !required) return {};
  const point = parseMapLink(text);
  if (point.ok) return { latitude: point.latitude, longitude: point.longitude, point };
  return { latitude: Number.NaN, longitude: Number.NaN, point, problem: { field: name, id: `map-${point.problem}` } };
}

const field =
  (map: Record<string, string>) =>
  (rest: string[]): string => {
    const key = rest.join('.');
    return map[key] ?? map[rest[0] ?? ''] ?? '';
  };

/** Weekly times kept as groups of days with one time: "Mon, Wed, Fri 11:00–14:00". */
export function timeGroups(windows: readonly { weekday: number; from: string; to: string }[]): { days: number[]; from: string; to: string }[] {
  const groups: { days: number[]; from: string; to: string }[] = [];
  for (const w of windows) {
    const g = groups.find((x) => x.from === w.from && x.to === w.to);
    if (g) g.days.push(w.weekday);
    else groups.push({ days: [w.weekday], from: w.from, to: w.to });
  }
  return groups.map((g) => ({ ...g, days: [...new Set(g.days)].sort((a, b) => a - b) }));
}

/** How many time groups an item's form shows: those it has, and one empty to add another. */
export const timeRows = (stop: Stop | undefined) => timeGroups(stop?.windows ?? []).length + 1;
/** How many people a shift's form shows: those on it, and one empty to add another. */
export const peopleRows = (shift: Shift | undefined) => (shift?.staff.length ?? 0) + 1;

function readShift(v: Values, ctx: ReadContext, adding: boolean): ItemRead {
  const from = one(v, 'from');
  const to = one(v, 'to');
  if (adding) {
    const days = daysOf(v, 'days');
    const who = one(v, 'who');
    const telegram = one(v, 'telegram');
    const staff = who === '' && telegram === '' ? [] : [personFrom(who, { telegram }, undefined, ctx.accounts)];
    const typed = staff[0]?.accountId && staff[0].telegram ? new Map([[staff[0].accountId, staff[0].telegram]]) : undefined;
    return {
      items: (days.length > 0 ? days : [Number.NaN]).map((weekday) => ({ weekday, from, to, staff })),
      fieldOf: field({ weekday: 'days', from: 'from', to: 'to', 'staff.0.accountId': 'who', 'staff.0.name': 'who', 'staff.0.telegram': 'telegram', staff: 'who' }),
      problems: days.length === 0 ? [{ field: 'days', id: 'choose-days' }] : [],
      typed,
    };
  }
  const shift = ctx.existing as Shift | undefined;
  const staff: Person[] = [];
  const rowOf: number[] = [];
  const typed = new Map<number, string | undefined>();
  for (let i = 0; i < peopleRows(shift); i++) {
    const who = one(v, `people.${i}.who`);
    const telegram = one(v, `people.${i}.telegram`);
    // Nobody chosen: taken off the shift (a new row with an @username alone asks who it is).
    if (who === '' && (telegram === '' || i < (shift?.staff.length ?? 0))) continue;
    const { person: p, telegramTyped } = personInRow(who, telegram, shift?.staff[i], ctx.accounts);
    // The same account twice on one shift is once.
    if (p.accountId && staff.some((x) => x.accountId === p.accountId)) continue;
    staff.push(p);
    rowOf.push(i);
    if (p.accountId && Number.isSafeInteger(p.accountId) && telegramTyped) typed.set(p.accountId, p.telegram);
  }
  const weekday = num(one(v, 'weekday'));
  return {
    items: [{ weekday: Number.isInteger(weekday) ? weekday : Number.NaN, from, to, staff }],
    fieldOf: (rest) => {
      if (rest[0] === 'staff' && rest.length >= 3) return `people.${rowOf[Number(rest[1])] ?? 0}.${rest[2] === 'telegram' ? 'telegram' : 'who'}`;
      return ({ weekday: 'weekday', from: 'from', to: 'to' } as Record<string, string>)[rest[0] ?? ''] ?? '';
    },
    problems: [],
    typed,
  };
}

function readStop(v: Values, ctx: ReadContext, unit: Unit, adding: boolean): ItemRead {
  const stop = ctx.existing as Stop | undefined;
  const address = loc(v, 'address');
  const where = place(v, 'place', true);
  const problems: FormProblem[] = where.problem ? [where.problem] : [];
  let windows: { weekday: number; from: string; to: string }[];
  let windowField: string[] = [];
  if (adding) {
    const days = daysOf(v, 'days');
    if (days.length === 0) problems.push({ field: 'days', id: 'choose-days' });
    windows = days.map((weekday) => ({ weekday, from: one(v, 'from'), to: one(v, 'to') }));
    windowField = windows.map(() => '');
  } else {
    windows = [];
    for (let g = 0; g < timeRows(stop); g++) {
      const days = daysOf(v, `times.${g}.days`);
      const from = one(v, `times.${g}.from`);
      const to = one(v, `times.${g}.to`);
      if (days.length === 0 && from === '' && to === '') continue;
      if (days.length === 0) problems.push({ field: `times.${g}.days`, id: 'choose-days' });
      for (const weekday of days) {
        windows.push({ weekday, from, to });
        windowField.push(`times.${g}.`);
      }
    }
  }
  const id = stop?.id ?? freshId(address.en || address.ru, 'stop', unit.stops.map((s) => s.id));
  return {
    items: [{ id, address, latitude: where.latitude ?? Number.NaN, longitude: where.longitude ?? Number.NaN, windows }],
    fieldOf: (rest) => {
      if (rest[0] === 'address') return `address.${rest[1] ?? 'ru'}`;
      if (rest[0] === 'latitude' || rest[0] === 'longitude') return 'place';
      if (rest[0] === 'windows' && rest.length >= 3) return `${windowField[Number(rest[1])] ?? ''}${rest[2] === 'weekday' ? 'days' : rest[2]}`;
      if (rest[0] === 'windows') return adding ? 'days' : 'times.0.days';
      return rest[0] === 'id' ? 'address.ru' : '';
    },
    problems,
    point: where.point,
  };
}

function readChange(v: Values): ItemRead {
  const status = one(v, 'status');
  const moved = status === 'moved';
  const where = moved ? place(v, 'place', false) : {};
  return {
    items: [
      {
        date: one(v, 'date'),
        stopId: one(v, 'stopId'),
        status,
        ...(moved ? { address: optLoc(v, 'address'), latitude: where.latitude, longitude: where.longitude, from: optional(one(v, 'from')), to: optional(one(v, 'to')) } : {}),
        note: optLoc(v, 'note'),
      },
    ],
    fieldOf: (rest) => (rest[0] === 'address' || rest[0] === 'note' ? `${rest[0]}.${rest[1] ?? 'ru'}` : rest[0] === 'latitude' || rest[0] === 'longitude' ? 'place' : (rest[0] ?? '')),
    problems: where.problem ? [where.problem] : [],
    point: where.point,
  };
}

function readNeedOrService(v: Values, ref: ListRef, ctx: ReadContext): ItemRead {
  const label = loc(v, 'label');
  const typedCode = one(v, 'code');
  const others = (itemsOf(ctx.settings, ref) as { code: string }[]).filter((x) => x !== ctx.existing).map((x) => x.code);
  // Left empty on a new one: made from the English label.
  const code = typedCode !== '' || ctx.existing ? typedCode : freshId(label.en, '', others, '_');
  const problems: FormProblem[] = others.includes(code) ? [{ field: 'code', id: 'taken' }] : [];
  const item = ref.key === 'needs' ? { code, theme: one(v, 'theme'), label } : { code, offline: one(v, 'offline') === 'yes', label };
  // A new need is offered; an edited one as its box says.
  const offered = ref.key === 'needs' && ctx.existing ? one(v, 'offered') === 'yes' : undefined;
  return { items: [item], fieldOf: (rest) => (rest[0] === 'label' ? `label.${rest[1] ?? 'ru'}` : (rest[0] ?? '')), problems, offered };
}

function readReply(v: Values, ctx: ReadContext): ItemRead {
  const label = loc(v, 'label');
  const existing = ctx.existing as Reply | undefined;
  const id = existing?.id ?? freshId(label.en || label.ru, 'reply', ctx.settings.quickReplies.map((r) => r.id));
  return { items: [{ id, label, text: loc(v, 'text') }], fieldOf: (rest) => (rest[0] === 'id' ? 'label.en' : rest.length >= 2 ? `${rest[0]}.${rest[1]}` : ''), problems: [] };
}

function readOrganisation(v: Values, ctx: ReadContext): ItemRead {
  const name = loc(v, 'name');
  const existing = ctx.existing as Organisation | undefined;
  const slug = existing?.slug ?? freshId(name.en || name.ru, 'org', ctx.settings.externalOrganisations.map((o) => o.slug));
  return {
    items: [{ slug, kind: one(v, 'kind'), name, address: optLoc(v, 'address'), contacts: optional(one(v, 'contacts')), hours: optLoc(v, 'hours') }],
    fieldOf: (rest) => (rest[0] === 'slug' ? 'name.en' : rest.length >= 2 ? `${rest[0]}.${rest[1]}` : (rest[0] ?? '')),
    problems: [],
  };
}

function readUnit(v: Values, ctx: ReadContext): ItemRead {
  const name = loc(v, 'name');
  const existing = ctx.existing as Unit | undefined;
  const item = existing ? { ...existing, name } : { id: freshId(name.en || name.ru, 'unit', ctx.settings.mobileUnits.map((u) => u.id)), name, stops: [], changes: [] };
  return { items: [item], fieldOf: (rest) => (rest[0] === 'name' ? `name.${rest[1] ?? 'ru'}` : rest[0] === 'id' ? 'name.en' : ''), problems: [] };
}

/** Reads a posted add form (no `existing`) or edit form (its item as `existing`). */
export function readItem(ref: ListRef, v: Values, ctx: ReadContext): ItemRead {
  const adding = ctx.existing === undefined;
  switch (ref.key) {
    case 'shifts':
      return readShift(v, ctx, adding);
    case 'units':
      return readUnit(v, ctx);
    case 'stops':
      return readStop(v, ctx, ctx.settings.mobileUnits[ref.unit ?? -1] ?? { id: '', name: { ru: '', en: '' }, stops: [], changes: [] }, adding);
    case 'changes':
      return readChange(v);
    case 'needs':
    case 'services':
      return readNeedOrService(v, ref, ctx);
    case 'replies':
      return readReply(v, ctx);
    case 'organisations':
      return readOrganisation(v, ctx);
  }
}

// ---- An item's form from the settings -------------------------------------------------------------

/** The values an edit form starts from. */
export function valuesOf(ref: ListRef, item: unknown, settings?: Pick<Settings, 'needsOff'>): Values {
  switch (ref.key) {
    case 'shifts': {
      const w = item as Shift;
      return { weekday: String(w.weekday), from: w.from, to: w.to, ...Object.fromEntries(w.staff.flatMap((p, i) => [[`people.${i}.who`, whoOf(p)], [`people.${i}.telegram`, p.telegram ?? '']])) };
    }
    case 'units': {
      const u = item as Unit;
      return { 'name.ru': u.name.ru, 'name.en': u.name.en };
    }
    case 'stops': {
      const s = item as Stop;
      const groups = timeGroups(s.windows);
      return {
        'address.ru': s.address.ru,
        'address.en': s.address.en,
        place: formatPoint(s.latitude, s.longitude),
        ...Object.fromEntries(groups.flatMap((g, i) => [[`times.${i}.days`, g.days.map(String)], [`times.${i}.from`, g.from], [`times.${i}.to`, g.to]])),
      };
    }
    case 'changes': {
      const c = item as Change;
      return {
        date: c.date,
        stopId: c.stopId,
        status: c.status,
        'address.ru': c.address?.ru ?? '',
        'address.en': c.address?.en ?? '',
        place: c.latitude !== undefined && c.longitude !== undefined ? formatPoint(c.latitude, c.longitude) : '',
        from: c.from ?? '',
        to: c.to ?? '',
        'note.ru': c.note?.ru ?? '',
        'note.en': c.note?.en ?? '',
      };
    }
    case 'needs': {
      const n = item as Need;
      return { code: n.code, theme: n.theme, 'label.ru': n.label.ru, 'label.en': n.label.en, offered: settings?.needsOff.includes(n.code) ? '' : 'yes' };
    }
    case 'services': {
      const s = item as Service;
      return { code: s.code, offline: s.offline ? 'yes' : 'no', 'label.ru': s.label.ru, 'label.en': s.label.en };
    }
    case 'replies': {
      const r = item as Reply;
      return { 'label.ru': r.label.ru, 'label.en': r.label.en, 'text.ru': r.text.ru, 'text.en': r.text.en };
    }
    case 'organisations': {
      const o = item as Organisation;
      return {
        kind: o.kind,
        'name.ru': o.name.ru,
        'name.en': o.name.en,
        'address.ru': o.address?.ru ?? '',
        'address.en': o.address?.en ?? '',
        contacts: o.contacts ?? '',
        'hours.ru': o.hours?.ru ?? '',
        'hours.en': o.hours?.en ?? '',
      };
    }
  }
}

// ---- Changing a list --------------------------------------------------------------------------------

export type Op = { kind: 'add'; items: unknown[] } | { kind: 'edit'; index: number; item: unknown } | { kind: 'remove'; index: number } | { kind: 'up'; index: number };

export interface ApplyContext {
  accounts: readonly AccountChoice[];
  highestTaxonomyVersion: number;
  /** @usernames typed for accounts (shifts). */
  typed?: ReadonlyMap<number, string | undefined>;
  /** An edited need offered for new records or not (its box); undefined leaves it as it is. */
  offered?: boolean;
}

/**
 * The settings in force with the list changed, not yet validated; undefined when the item (or
 * its unit) is not there. Removing a stop removes its one-off changes; a need's code renamed or
 * removed follows into `needsOff`, and an edited need's "offered" box sets whether it is in it;
 * duty keeps one name and one @username per account.
 */
export function applyOp(s: Settings, ref: ListRef, op: Op, ctx: ApplyContext): Record<string, unknown> | undefined {
  const list = itemsOf(s, ref);
  if (!list) return undefined;
  if (op.kind !== 'add' && !(Number.isSafeInteger(op.index) && op.index >= 0 && op.index < list.length)) return undefined;
  if (op.kind === 'up' && op.index === 0) return s;
  const next =
    op.kind === 'add'
      ? [...list, ...op.items]
      : op.kind === 'edit'
        ? list.map((x, i) => (i === op.index ? op.item : x))
        : op.kind === 'remove'
          ? list.filter((_, i) => i !== op.index)
          : list.map((x, i) => (i === op.index - 1 ? list[op.index] : i === op.index ? list[op.index - 1] : x));
  switch (ref.key) {
    case 'shifts':
      return { ...s, duty: syncPeople({ ...s.duty, windows: next as Shift[] }, ctx.accounts, ctx.typed) };
    case 'units':
      return { ...s, mobileUnits: next };
    case 'stops':
    case 'changes': {
      const u = ref.unit!;
      const unit = s.mobileUnits[u]!;
      const gone = op.kind === 'remove' && ref.key === 'stops' ? (list[op.index] as Stop).id : undefined;
      const changed = { ...unit, [ref.key]: next, ...(gone ? { changes: unit.changes.filter((c) => c.stopId !== gone) } : {}) };
      return { ...s, mobileUnits: s.mobileUnits.map((x, i) => (i === u ? changed : x)) };
    }
    case 'needs':
    case 'services': {
      const tx = taxonomyOf(s);
      const candidate = { needs: tx.needs, services: tx.services, [ref.key]: next } as Omit<Taxonomy, 'version'>;
      const versioned = nextTaxonomy(tx, candidate, ctx.highestTaxonomyVersion);
      let needsOff = s.needsOff;
      if (ref.key === 'needs' && op.kind === 'edit') {
        const before = (list[op.index] as Need).code;
        const after = (op.item as Need).code;
        if (before !== after && needsOff.includes(before)) needsOff = needsOff.map((c) => (c === before ? after : c));
      }
      if (ref.key === 'needs' && op.kind === 'remove') needsOff = needsOff.filter((c) => c !== (list[op.index] as Need).code);
      if (ref.key === 'needs' && op.kind === 'edit' && ctx.offered !== undefined) {
        const code = (op.item as Need).code;
        needsOff = ctx.offered ? needsOff.filter((c) => c !== code) : needsOff.includes(code) ? needsOff : [...needsOff, code];
      }
      return { ...s, taxonomy: versioned === 'unchanged' ? s.taxonomy : versioned, needsOff };
    }
    case 'replies':
      return { ...s, quickReplies: next };
    case 'organisations':
      return { ...s, externalOrganisations: next };
  }
}

/**
 * Checks the changed settings. Complaints about the items the form made land on its fields
 * (`short` only: the field names itself); anything else is a sentence naming section and row.
 */
export function checkItems(
  ref: ListRef,
  candidate: Record<string, unknown>,
  at: { start: number; count: number },
  read: Pick<ItemRead, 'fieldOf' | 'problems'>,
  locale: Locale,
): { ok: true; settings: Settings } | { ok: false; problems: Problem[] } {
  const { settings, issues } = issuesOf(candidate);
  if (settings && read.problems.length === 0) return { ok: true, settings };
  const prefix = pathOf(ref).map(String);
  const inRange = (p: string | number | undefined) => p !== undefined && /^\d+$/.test(String(p)) && Number(p) >= at.start && Number(p) < at.start + at.count;
  const mine = (i: Issue) => prefix.every((p, k) => String(i.path[k]) === p) && inRange(i.path[prefix.length]);
  const fieldProblems: Problem[] = read.problems.map((p) => ({ field: p.field, short: t(locale, `console-settings-problem-${p.id}`), message: t(locale, `console-settings-problem-${p.id}`) }));
  const seen = new Set(fieldProblems.map((p) => p.field));
  const general: Problem[] = [];
  for (const issue of issues) {
    const rest = issue.path.slice(prefix.length + 1).map(String);
    // Another row with this item's code (the schema's cross-check names the later one).
    const clash = issue.code === 'duplicate' && inRange(Number(issue.minimum) - 1) && prefix.every((p, k) => String(issue.path[k]) === p);
    if (mine(issue) || clash) {
      const f = read.fieldOf(rest) || '';
      if (f && seen.has(f)) continue;
      seen.add(f);
      const short = issue.code === 'duplicate' ? t(locale, 'console-settings-problem-taken') : problemText(issue, String(issue.path.at(-1)), undefined, locale);
      if (f) fieldProblems.push({ field: f, short, message: short });
      else general.push(describe(SECTION_OF[ref.key], issue, locale));
      continue;
    }
    general.push(describe(SECTION_OF[ref.key], issue, locale));
  }
  return { ok: false, problems: [...fieldProblems, ...distinct(general)] };
}
