import type { Child } from 'hono/jsx';
import type { Locale } from '../../config.ts';
import { NEED_PERIODS, taxonomyOf, type Taxonomy } from '../../domain/taxonomy.ts';
import { t } from '../../i18n/index.ts';
import type { SavedVersion } from '../../organisation/settings-store.ts';
import type { Person, Settings } from '../../organisation/settings.ts';
import { CsrfField } from '../auth/csrf.ts';
import { formatTime, SignedInHeader, type Chrome } from '../frame/chrome.tsx';
import { Errors, Layout, type Flash } from '../frame/layout.tsx';
import { hoursOf, SECTIONS, type Draft, type FlatSection, type Problem, type Section } from './form.ts';
import { peopleRows, timeGroups, timeRows, type ListKey, type ListRef, type Values } from './lists.ts';
import { formatPoint, osmLink, parseMapLink, type MapLinkResult } from './map-link.ts';
import { accountValue, KEEP, suggestAccount, unlinkedCount, type AccountChoice } from './people.ts';

/**
 * The settings pages: an index with a line about each section's values, a short form for each
 * section of single values, and for lists a compact list with "edit" and "remove" on each item
 * and one form to add another. Everything works without scripts; errors sit next to their fields
 * and the flash at the top says what happened.
 */

/** Page rules (no child combinators or quotes: the page frame escapes them inside <style>). */
const SETTINGS_CSS = `input[type=time],input[type=date]{width:100%;font:inherit;padding:.6rem .75rem;min-height:44px;border:1px solid #5f6368;border-radius:6px;background:#fff;color:#1a1a1a}
select[aria-invalid=true],textarea[aria-invalid=true],input[type=time][aria-invalid=true],input[type=date][aria-invalid=true]{border:2px solid #b3261e}
details.default{margin:.5rem 0}
details.default summary{padding:.5rem 0;cursor:pointer;color:#0b57d0}
details.default p{white-space:pre-wrap;overflow-wrap:anywhere;background:#f8f9fa;border-left:4px solid #dadce0;padding:.5rem .75rem;margin:.5rem 0}
.pair{display:grid;grid-template-columns:repeat(auto-fit,minmax(10.5rem,1fr));gap:0 .75rem}
.pair.tight{grid-template-columns:repeat(auto-fit,minmax(8rem,1fr))}
.pair div{min-width:0}
button.secondary{background:#fff;color:#0b57d0;border:1px solid #0b57d0}
ul.sections{list-style:none;padding:0;margin:0}
ul.sections li{border-bottom:1px solid #dadce0;padding:0 0 .5rem}
ul.sections a{display:inline-flex;align-items:center;font-weight:600;min-height:44px}
ul.sections .meta{margin:0;overflow-wrap:anywhere}
ul.items{list-style:none;padding:0;margin:.5rem 0 1rem}
ul.items li{border:1px solid #dadce0;border-radius:8px;padding:.3rem .75rem 0;margin:.4rem 0}
ul.items li:target{border:2px solid #188038;background:#f3faf5}
ul.items .what{font-weight:600;margin:0;overflow-wrap:anywhere}
ul.items .meta{margin:0;overflow-wrap:anywhere}
.actions{display:flex;flex-wrap:wrap;align-items:center;gap:0 1.25rem}
.actions .tags{display:inline-flex;flex-wrap:wrap;gap:.25rem;font-size:.85rem;color:#444}
.actions .tags .badge{margin:0}
.actions form{margin:0}
.actions a,.actions button{display:inline-flex;align-items:center;min-height:44px;margin:0;padding:0;background:none;border:0;color:#0b57d0;font-weight:400;text-decoration:underline;cursor:pointer}
.actions button.remove{color:#8c1d18}
.field-error{color:#8c1d18;font-weight:600;font-size:.95rem;margin:.25rem 0 0}
fieldset.group{border:0;padding:0;margin:1rem 0 0}
fieldset.group legend{font-weight:600;padding:0;margin:0 0 .25rem}
fieldset.time{border:1px solid #dadce0;border-radius:8px;padding:.25rem .75rem .75rem;margin:.75rem 0 0}
.chips{display:flex;flex-wrap:wrap;gap:.4rem}
.chips label{display:inline-flex;align-items:center;gap:.35rem;margin:0;font-weight:400;min-height:44px;padding:0 .6rem;border:1px solid #5f6368;border-radius:22px}
.chips input{width:1.1rem;height:1.1rem;margin:0}
.chips[aria-invalid=true] label{border-color:#b3261e}
.point{background:#f1f3f4;border-radius:6px;padding:.5rem .75rem;margin:.5rem 0 0;overflow-wrap:anywhere}
details.add{border:1px solid #dadce0;border-radius:8px;margin:.5rem 0 1rem;padding:0 .75rem}
details.add summary{cursor:pointer;color:#0b57d0;font-weight:600;min-height:44px;display:flex;align-items:center}
details.add[open]{padding-bottom:.75rem}
details.list summary{cursor:pointer;margin:1.5rem 0 .5rem}
details.list summary h2{display:inline;margin:0}
details.list summary .hint{display:block;margin:.25rem 0 0}
.badge.off{background:#fff3cd;color:#4a3500}
form.section{margin-top:.5rem;scroll-margin-top:5rem}
ul.items li{scroll-margin-top:5rem}
details.list{scroll-margin-top:5rem}
textarea.short{min-height:4.5rem}
ul.items li{margin:.3rem 0}`;

const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const idOf = (name: string) => `f-${name.replace(/\./g, '-')}`;
const fieldLabel = (locale: Locale, key: string, lang?: 'ru' | 'en') =>
  t(locale, `console-settings-f-${kebab(key)}`) + (lang ? ` (${t(locale, `console-settings-lang-${lang}`)})` : '');

// ---- Fields --------------------------------------------------------------------------------------

/** What the fields of one form read: its values and the problems beside them. */
interface Form {
  locale: Locale;
  get(name: string): string;
  getAll(name: string): string[];
  problem(name: string): string | undefined;
  /** Prefix of the fields' ids (two forms on one page). */
  scope: string;
}

function valueAt(draft: Draft, name: string): unknown {
  let node: unknown = draft;
  for (const key of name.split('.')) node = node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
  return node;
}

/** A flat section's form: its draft, named by path. */
function draftForm(locale: Locale, draft: Draft, problems: Problem[], scope = ''): Form {
  const problem = (name: string) => problems.find((p) => p.field === name)?.short;
  return {
    locale,
    scope,
    get: (name) => {
      const v = valueAt(draft, name);
      return typeof v === 'string' ? v : '';
    },
    getAll: (name) => {
      const v = valueAt(draft, name);
      return typeof v === 'string' ? [v] : [];
    },
    problem,
  };
}

/** An item's form: its values by field name. */
function valuesForm(locale: Locale, values: Values, problems: Problem[], scope: string): Form {
  return {
    locale,
    scope,
    get: (name) => {
      const v = values[name];
      return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
    },
    getAll: (name) => {
      const v = values[name];
      return Array.isArray(v) ? v : v === undefined ? [] : [v];
    },
    problem: (name) => problems.find((p) => p.field === name)?.short,
  };
}

const fid = (f: Form, name: string) => `${f.scope}${idOf(name)}`;

function Hint(props: { id: string; text?: string }) {
  return props.text ? (
    <p class="hint" id={props.id}>
      {props.text}
    </p>
  ) : null;
}

/** The problem with a field, under its label, read out with the field. */
function FieldError(props: { id: string; text?: string }) {
  return props.text ? (
    <p class="field-error" id={props.id}>
      {props.text}
    </p>
  ) : null;
}

const describedBy = (...ids: (string | false | undefined)[]) => ids.filter(Boolean).join(' ') || undefined;

function TextField(props: {
  f: Form;
  name: string;
  label?: string;
  hint?: string;
  describedBy?: string;
  type?: 'text' | 'time' | 'date';
  inputmode?: 'numeric' | 'decimal' | 'tel' | 'url';
  area?: boolean;
  lines?: number;
  placeholder?: string;
  autocomplete?: string;
}) {
  const { f, name } = props;
  const id = fid(f, name);
  const key = name.split('.').filter((p) => !/^\d+$/.test(p)).at(-1)!;
  const lang = key === 'ru' || key === 'en' ? key : undefined;
  const label = props.label ?? fieldLabel(f.locale, lang ? name.split('.').at(-2)! : key, lang);
  const error = f.problem(name);
  const hintId = props.hint ? `${id}-hint` : props.describedBy;
  const by = describedBy(error && `${id}-error`, hintId);
  const value = f.get(name);
  return (
    <>
      <label for={id}>{label}</label>
      <FieldError id={`${id}-error`} text={error} />
      {props.area ? (
        <textarea id={id} name={name} class={(props.lines ?? 3) <= 2 ? 'short' : undefined} aria-invalid={error ? 'true' : undefined} aria-describedby={by} rows={props.lines ?? 3} placeholder={props.placeholder}>
          {value}
        </textarea>
      ) : (
        <input id={id} type={props.type ?? 'text'} name={name} value={value} inputmode={props.inputmode} placeholder={props.placeholder} autocomplete={props.autocomplete} aria-invalid={error ? 'true' : undefined} aria-describedby={by} />
      )}
      <Hint id={`${id}-hint`} text={props.hint} />
    </>
  );
}

/** Two fields side by side where there is room, one under the other on a phone. */
function Pair(props: { children: [Child, Child]; tight?: boolean }) {
  return (
    <div class={props.tight ? 'pair tight' : 'pair'}>
      <div>{props.children[0]}</div>
      <div>{props.children[1]}</div>
    </div>
  );
}

/** A text in both languages. */
function Both(props: { f: Form; name: string; label?: string; hint?: string; area?: boolean; lines?: number; placeholders?: { ru: string; en: string } }) {
  const hintId = props.hint ? `${fid(props.f, props.name)}-hint` : undefined;
  const label = (lang: 'ru' | 'en') => (props.label ? `${props.label} (${t(props.f.locale, `console-settings-lang-${lang}`)})` : undefined);
  return (
    <>
      <Pair>
        <TextField f={props.f} name={`${props.name}.ru`} label={label('ru')} area={props.area} lines={props.lines} placeholder={props.placeholders?.ru} describedBy={hintId} />
        <TextField f={props.f} name={`${props.name}.en`} label={label('en')} area={props.area} lines={props.lines} placeholder={props.placeholders?.en} describedBy={hintId} />
      </Pair>
      {hintId ? <Hint id={hintId} text={props.hint} /> : null}
    </>
  );
}

function Select(props: { f: Form; name: string; label?: string; options: [string, string][]; hint?: string; empty?: string }) {
  const { f, name } = props;
  const id = fid(f, name);
  const value = f.get(name);
  const error = f.problem(name);
  const known = props.options.some(([v]) => v === value);
  return (
    <>
      <label for={id}>{props.label ?? fieldLabel(f.locale, name.split('.').filter((p) => !/^\d+$/.test(p)).at(-1)!)}</label>
      <FieldError id={`${id}-error`} text={error} />
      <select id={id} name={name} aria-invalid={error ? 'true' : undefined} aria-describedby={describedBy(error && `${id}-error`, props.hint && `${id}-hint`)}>
        <option value="" selected={value === ''}>
          {props.empty ?? '—'}
        </option>
        {known || value === '' ? null : (
          <option value={value} selected>
            {value}
          </option>
        )}
        {props.options.map(([v, text]) => (
          <option value={v} selected={v === value}>
            {text}
          </option>
        ))}
      </select>
      <Hint id={`${id}-hint`} text={props.hint} />
    </>
  );
}

/** A yes-or-no setting: ticked sends "yes"; unticked sends nothing, which reads as no. */
function Check(props: { f: Form; name: string; hint?: string }) {
  const { f, name } = props;
  const id = fid(f, name);
  return (
    <>
      <div class="check">
        <input id={id} type="checkbox" name={name} value="yes" checked={f.get(name) === 'yes'} aria-describedby={props.hint ? `${id}-hint` : undefined} />
        <label for={id}>{fieldLabel(f.locale, name.split('.').at(-1)!)}</label>
      </div>
      <Hint id={`${id}-hint`} text={props.hint} />
    </>
  );
}

/** Choices as a row of chips: checkboxes (days) or radio buttons (one of a few). */
function Chips(props: { f: Form; name: string; legend: string; options: [string, string][]; radio?: boolean }) {
  const { f, name } = props;
  const id = fid(f, name);
  const chosen = new Set(f.getAll(name));
  const error = f.problem(name);
  return (
    <fieldset class="group" id={id} aria-describedby={error ? `${id}-error` : undefined}>
      <legend>{props.legend}</legend>
      <FieldError id={`${id}-error`} text={error} />
      <div class="chips" aria-invalid={error ? 'true' : undefined}>
        {props.options.map(([v, text]) => (
          <label>
            <input type={props.radio ? 'radio' : 'checkbox'} name={name} value={v} checked={chosen.has(v)} />
            {text}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

const weekdays = (locale: Locale): [string, string][] => [1, 2, 3, 4, 5, 6, 7].map((d) => [String(d), t(locale, `console-settings-weekday-${d}`)]);
const shortDays = (locale: Locale): [string, string][] => [1, 2, 3, 4, 5, 6, 7].map((d) => [String(d), t(locale, `console-settings-weekday-short-${d}`)]);

function Days(props: { f: Form; name: string }) {
  return <Chips f={props.f} name={props.name} legend={t(props.f.locale, 'console-settings-f-days')} options={shortDays(props.f.locale)} />;
}

/** "Mon–Fri", "Mon, Wed, Fri": runs of three days or more as a range. */
export function daysText(locale: Locale, days: readonly number[]): string {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    const name = (d: number) => t(locale, `console-settings-weekday-short-${d}`);
    if (j - i >= 2) parts.push(`${name(sorted[i]!)}–${name(sorted[j]!)}`);
    else for (let k = i; k <= j; k++) parts.push(name(sorted[k]!));
    i = j + 1;
  }
  return parts.join(', ');
}

/** A stop's weekly times: "Mon, Wed, Fri 11:00–14:00; Sat 12:00–15:00". */
export function timesText(locale: Locale, windows: readonly { weekday: number; from: string; to: string }[]): string {
  return timeGroups(windows)
    .map((g) => `${daysText(locale, g.days)} ${g.from}–${g.to}`)
    .join('; ');
}

// ---- People --------------------------------------------------------------------------------------

const accountLabel = (a: AccountChoice) => `${a.name} (${a.login})`;

/** The accounts a person can be chosen from; the person's own stays listed when it is no longer offered. */
function accountOptions(locale: Locale, accounts: readonly AccountChoice[], current: Person | undefined): [string, string][] {
  const options: [string, string][] = [];
  if (current && !current.accountId) options.push([KEEP, t(locale, 'console-settings-person-unlinked', { name: current.name })]);
  for (const a of accounts) {
    if (a.offered) options.push([accountValue(a.id), accountLabel(a)]);
    else if (current?.accountId === a.id) options.push([accountValue(a.id), t(locale, 'console-settings-person-disabled', { name: accountLabel(a) })]);
  }
  return options;
}

/** Who (a select of accounts) and their Telegram @username. */
function PersonFields(props: { f: Form; who: string; telegram: string; phone?: string; current: Person | undefined; accounts: readonly AccountChoice[]; label: string; emptyLabel: string }) {
  const { f, current } = props;
  const l = f.locale;
  const suggested = current ? suggestAccount(current, props.accounts) : undefined;
  const hint = current && !current.accountId ? (suggested ? t(l, 'console-settings-hint-unlinked-suggest', { name: current.name, account: accountLabel(suggested) }) : t(l, 'console-settings-hint-unlinked', { name: current.name })) : undefined;
  return (
    <>
      <Select f={f} name={props.who} label={props.label} options={accountOptions(l, props.accounts, current)} empty={props.emptyLabel} hint={hint} />
      {props.phone ? (
        <Pair tight>
          <TextField f={f} name={props.telegram} label={t(l, 'console-settings-f-telegram')} autocomplete="off" placeholder="@username" />
          <TextField f={f} name={props.phone} label={t(l, 'console-settings-f-phone')} inputmode="tel" />
        </Pair>
      ) : (
        <TextField f={f} name={props.telegram} label={t(l, 'console-settings-f-telegram')} autocomplete="off" placeholder="@username" />
      )}
    </>
  );
}

/** "Anna (@anna)", or the name marked as not linked to an account. */
function personText(locale: Locale, p: Person, accounts: readonly AccountChoice[]): string {
  const account = p.accountId ? accounts.find((a) => a.id === p.accountId) : undefined;
  const name = account?.name ?? p.name;
  const base = p.telegram ? `${name} (${p.telegram})` : name;
  if (!p.accountId) return t(locale, 'console-settings-person-unlinked-short', { name: base });
  if (account && !account.offered) return t(locale, 'console-settings-person-disabled', { name: base });
  return base;
}

// ---- Page pieces -----------------------------------------------------------------------------------

export interface PageBase {
  chrome: Chrome;
  flash?: Flash;
  /** The version the forms were opened on: a save over someone else's newer one is stopped. */
  baseVersion: number;
}

function Page(props: { base: PageBase; title: string; back?: { href: string; text: string }; children: Child }) {
  const { chrome } = props.base;
  const { locale, base } = chrome;
  return (
    <Layout locale={locale} title={props.title} header={<SignedInHeader chrome={chrome} />} css={SETTINGS_CSS} flash={props.base.flash}>
      <p style="margin:0">
        <a href={props.back?.href ?? `${base}/settings`}>{props.back?.text ?? t(locale, 'console-settings-back')}</a>
      </p>
      {props.children}
    </Layout>
  );
}

/** A form that posts to `action` and lands back on itself (`#id`) when it comes back with errors. */
function PostForm(props: { base: PageBase; id: string; action: string; children: Child; class?: string }) {
  return (
    <form method="post" action={`${props.action}#${props.id}`} id={props.id} class={props.class ?? 'section'} novalidate>
      <CsrfField token={props.base.chrome.csrf} />
      <input type="hidden" name="_base" value={String(props.base.baseVersion)} />
      {props.children}
    </form>
  );
}

/** The list's address (where it is shown and where its add form posts). */
export function listPath(base: string, ref: ListRef): string {
  switch (ref.key) {
    case 'shifts':
      return `${base}/settings/duty/shifts`;
    case 'units':
      return `${base}/settings/mobile-units/units`;
    case 'stops':
    case 'changes':
      return `${base}/settings/mobile-units/units/${ref.unit}/${ref.key}`;
    case 'needs':
    case 'services':
      return `${base}/settings/taxonomy/${ref.key}`;
    case 'replies':
      return `${base}/settings/quick-replies/replies`;
    case 'organisations':
      return `${base}/settings/directory/organisations`;
  }
}

/** The page that shows the list. */
export function listPage(base: string, ref: ListRef): string {
  switch (ref.key) {
    case 'shifts':
      return `${base}/settings/duty`;
    case 'units':
      return `${base}/settings/mobile-units`;
    case 'stops':
    case 'changes':
      return `${base}/settings/mobile-units/units/${ref.unit}`;
    case 'needs':
      return `${base}/settings/taxonomy`;
    case 'services':
      return `${base}/settings/taxonomy?list=services`;
    case 'replies':
      return `${base}/settings/quick-replies`;
    case 'organisations':
      return `${base}/settings/directory`;
  }
}

/** An address with one more query parameter. */
export const withQuery = (to: string, query: string) => `${to}${to.includes('?') ? '&' : '?'}${query}`;

export const itemAnchor = (ref: ListRef, index: number) => `${ref.key}-${index}`;

/** One item of a list: what it is, a line about it, and its actions (edit, remove, and others). */
function Item(props: { base: PageBase; ref: ListRef; index: number; what: string; meta?: Child; extra?: Child; actions?: Child; noEdit?: boolean; editText?: string; tags?: Child }) {
  const { base: b, ref, index } = props;
  const { locale, base } = b.chrome;
  const path = `${listPath(base, ref)}/${index}`;
  const name = props.what;
  return (
    <li id={itemAnchor(ref, index)}>
      <p class="what">{props.what}</p>
      {props.meta ? <p class="meta">{props.meta}</p> : null}
      {props.extra}
      <div class="actions">
        {props.tags ? <span class="tags">{props.tags}</span> : null}
        {props.noEdit ? null : (
          <a href={path} aria-label={t(locale, 'console-settings-edit-named', { name })}>
            {props.editText ?? t(locale, 'console-settings-edit')}
          </a>
        )}
        {props.actions}
        <form method="post" action={`${path}/remove`}>
          <CsrfField token={b.chrome.csrf} />
          <input type="hidden" name="_base" value={String(b.baseVersion)} />
          <button type="submit" class="remove" aria-label={t(locale, 'console-settings-remove-named', { name })}>
            {t(locale, 'console-settings-remove')}
          </button>
        </form>
      </div>
    </li>
  );
}

/** A small post button beside "edit" (move up, turn off). */
function ItemAction(props: { base: PageBase; action: string; text: string; label: string }) {
  return (
    <form method="post" action={props.action}>
      <CsrfField token={props.base.chrome.csrf} />
      <input type="hidden" name="_base" value={String(props.base.baseVersion)} />
      <button type="submit" aria-label={props.label}>
        {props.text}
      </button>
    </form>
  );
}

/** The one add form of a list. */
export interface AddForm {
  values: Values;
  problems: Problem[];
  point?: MapLinkResult;
}
const emptyAdd: AddForm = { values: {}, problems: [] };

/** Problems of a form not about one of its fields: above it. */
function General(props: { locale: Locale; problems: Problem[]; known: (field: string) => boolean }) {
  const rest = props.problems.filter((p) => !p.field || !props.known(p.field));
  return <Errors locale={props.locale} messages={rest.map((p) => p.message)} />;
}

/** The point read from a pasted link, with a plain link to check it on openstreetmap.org. */
function PointShown(props: { locale: Locale; point?: MapLinkResult; latitude?: number; longitude?: number; id?: string }) {
  const { locale } = props;
  const lat = props.point?.ok ? props.point.latitude : props.latitude;
  const lon = props.point?.ok ? props.point.longitude : props.longitude;
  if (lat === undefined || lon === undefined || !Number.isFinite(lat) || !Number.isFinite(lon)) return null;
  return (
    <p class="point" id={props.id}>
      {props.point?.ok ? `${t(locale, 'console-settings-point-read', { source: t(locale, `console-settings-map-${props.point.source}`) })} ` : null}
      <span>{formatPoint(lat, lon)}</span>
      {' · '}
      <a href={osmLink(lat, lon)} target="_blank" rel="noopener noreferrer">
        {t(locale, 'console-settings-point-check')}
      </a>
    </p>
  );
}

/** The field a map link is pasted into, with the point read back. */
function PlaceField(props: { f: Form; name: string; point?: MapLinkResult; optional?: boolean }) {
  const { f } = props;
  const l = f.locale;
  return (
    <>
      <TextField f={f} name={props.name} label={t(l, props.optional ? 'console-settings-f-place-moved' : 'console-settings-f-place')} hint={t(l, 'console-settings-hint-place')} inputmode="url" autocomplete="off" placeholder={t(l, 'console-settings-placeholder-place')} />
      {/* The point as read from what is in the field (the link just pasted, or the point saved). */}
      <PointShown locale={l} point={props.point?.ok ? props.point : parseMapLink(f.get(props.name))} />
    </>
  );
}

const SaveButton = (props: { locale: Locale; text?: string }) => <button type="submit">{props.text ?? t(props.locale, 'console-settings-save')}</button>;

// ---- The index -------------------------------------------------------------------------------------

/** One line about a section's values as they are now. */
export function summaryOf(section: Section, s: Settings, locale: Locale, accounts: readonly AccountChoice[]): string {
  const l = (v: { ru: string; en: string } | undefined) => v?.[locale] ?? '';
  switch (section) {
    case 'organisation':
      return t(locale, 'console-settings-sum-organisation', { name: l(s.name), zone: s.timeZone, numbers: s.emergencyNumbers.join(', ') });
    case 'duty': {
      const days = [...new Set(s.duty.windows.map((w) => w.weekday))];
      const people = new Set(s.duty.windows.flatMap((w) => w.staff.map((p) => (p.accountId ? `a${p.accountId}` : p.name))));
      const onCall = s.duty.onCall ? personText(locale, s.duty.onCall, accounts) : t(locale, 'console-settings-sum-nobody');
      return t(locale, 'console-settings-sum-duty', { shifts: s.duty.windows.length, days: days.length > 0 ? daysText(locale, days) : '—', people: people.size, onCall, unlinked: unlinkedCount(s.duty) });
    }
    case 'mobile-units':
      return s.mobileUnits.length === 0
        ? t(locale, 'console-settings-sum-no-units')
        : s.mobileUnits.map((u) => t(locale, 'console-settings-sum-unit', { name: l(u.name), stops: u.stops.length, changes: u.changes.length })).join('; ');
    case 'taxonomy': {
      const tx = taxonomyOf(s);
      return t(locale, 'console-settings-sum-taxonomy', { needs: tx.needs.length, off: tx.needs.filter((n) => s.needsOff.includes(n.code)).length, services: tx.services.length, version: tx.version });
    }
    case 'quick-replies':
      return s.quickReplies.length === 0 ? t(locale, 'console-settings-sum-none') : `${s.quickReplies.length}: ${s.quickReplies.map((r) => l(r.label)).join(', ')}`;
    case 'directory':
      return s.externalOrganisations.length === 0 ? t(locale, 'console-settings-sum-none') : `${s.externalOrganisations.length}: ${s.externalOrganisations.map((o) => l(o.name)).join(', ')}`;
    case 'community':
      return t(locale, 'console-settings-sum-community', { invites: s.community.peerInvitesPerMonth, hours: hoursOf(s.community.joinRequestTimeoutMinutes), rules: s.community.rules ? 'own' : 'default' });
    case 'channel':
      return s.channel.weeklySchedule.enabled
        ? t(locale, 'console-settings-sum-channel', { day: t(locale, `console-settings-weekday-short-${s.channel.weeklySchedule.weekday}`), at: s.channel.weeklySchedule.at, changes: s.channel.stopChanges ? 'yes' : 'no' })
        : t(locale, 'console-settings-sum-channel-off', { changes: s.channel.stopChanges ? 'yes' : 'no' });
    case 'retention':
      return t(locale, 'console-settings-sum-retention', { days: s.retention.messageTextDays });
  }
}

export function SettingsIndexPage(props: { chrome: Chrome; version: number; settings: Settings; accounts: readonly AccountChoice[]; flash?: Flash }) {
  const { chrome, settings } = props;
  const { locale, base } = chrome;
  return (
    <Layout locale={locale} title={t(locale, 'console-settings-title')} header={<SignedInHeader chrome={chrome} />} css={SETTINGS_CSS} flash={props.flash}>
      <p class="hint" style="margin-top:0">
        {t(locale, 'console-settings-intro', { version: props.version })}
      </p>
      <ul class="sections">
        {SECTIONS.map((s) => (
          <li>
            <a href={`${base}/settings/${s}`}>{t(locale, `console-settings-section-${s}`)}</a>
            <p class="meta">{summaryOf(s, settings, locale, props.accounts)}</p>
          </li>
        ))}
        <li>
          <a href={`${base}/settings/history`}>{t(locale, 'console-settings-history-title')}</a>
          <p class="meta">{t(locale, 'console-settings-sum-history', { version: props.version })}</p>
        </li>
      </ul>
    </Layout>
  );
}

// ---- Flat sections ---------------------------------------------------------------------------------

const TIMINGS = ['overdose.secondDoseReminderSeconds', 'overdose.helpArrivedCheckSeconds', 'cases.reopenWithinHours'] as const;

function OrganisationFields(props: { f: Form }) {
  const { f } = props;
  const h = (id: string) => t(f.locale, `console-settings-hint-${id}`);
  return (
    <>
      <Both f={f} name="name" hint={h('name')} />
      <Pair>
        <TextField f={f} name="timeZone" hint={h('time-zone')} />
        <TextField f={f} name="emergencyNumbers" inputmode="tel" hint={h('emergency-numbers')} />
      </Pair>
      <Both f={f} name="closingContactLine" area lines={2} hint={h('closing-contact-line')} />
      <Both f={f} name="doctorContact" area lines={2} hint={h('doctor-contact')} />
      <Both f={f} name="ambulanceLaw" area lines={2} hint={h('ambulance-law')} />
      {/* Timings set once and rarely changed: folded under their values, open when one of them has a problem. */}
      <details class="add" open={TIMINGS.some((name) => f.problem(name)) || undefined}>
        <summary>
          {t(f.locale, 'console-settings-organisation-timings', { second: f.get(TIMINGS[0]), arrived: f.get(TIMINGS[1]), reopen: f.get(TIMINGS[2]) })}
        </summary>
        <TextField f={f} name="overdose.secondDoseReminderSeconds" inputmode="numeric" hint={h('second-dose')} />
        <TextField f={f} name="overdose.helpArrivedCheckSeconds" inputmode="numeric" hint={h('help-arrived')} />
        <TextField f={f} name="cases.reopenWithinHours" inputmode="numeric" hint={h('reopen')} />
      </details>
    </>
  );
}

function CommunityFields(props: { f: Form }) {
  const { f } = props;
  const h = (id: string) => t(f.locale, `console-settings-hint-${id}`);
  // What applicants get while the fields are empty (community/texts.ts).
  const defaults = { ru: t('ru', 'community-rules-default'), en: t('en', 'community-rules-default') };
  return (
    <>
      <h2>{t(f.locale, 'console-settings-community-joining')}</h2>
      <Pair>
        <TextField f={f} name="community.peerInvitesPerMonth" inputmode="numeric" hint={h('peer-invites')} />
        <TextField f={f} name="community.joinRequestTimeoutMinutes" inputmode="decimal" hint={h('join-timeout')} />
      </Pair>
      <Both f={f} name="community.rules" area lines={6} hint={h('rules')} placeholders={defaults} />
      {/* The placeholder is cut off in a small box: the standard rules in full, readable without scripts. */}
      <details class="default">
        <summary>{t(f.locale, 'console-settings-community-default-rules')}</summary>
        <p lang="ru">{defaults.ru}</p>
        <p lang="en">{defaults.en}</p>
      </details>
      <h2>{t(f.locale, 'console-settings-community-in-chat')}</h2>
      <Pair>
        <TextField f={f} name="community.welcomeDeleteMinutes" inputmode="numeric" hint={h('welcome-delete')} />
        <TextField f={f} name="community.unansweredQuestionMinutes" inputmode="numeric" hint={h('unanswered')} />
      </Pair>
      <TextField f={f} name="community.muteLadderMinutes" hint={h('mute-ladder')} />
    </>
  );
}

function ChannelFields(props: { f: Form }) {
  const { f } = props;
  const l = f.locale;
  return (
    <>
      <fieldset>
        <legend>{fieldLabel(l, 'weeklySchedule')}</legend>
        <Check f={f} name="channel.weeklySchedule.enabled" hint={t(l, 'console-settings-hint-weekly-schedule')} />
        <Pair tight>
          <Select f={f} name="channel.weeklySchedule.weekday" options={weekdays(l)} />
          <TextField f={f} name="channel.weeklySchedule.at" type="time" />
        </Pair>
      </fieldset>
      <Check f={f} name="channel.stopChanges" hint={t(l, 'console-settings-hint-stop-changes')} />
    </>
  );
}

function RetentionFields(props: { f: Form }) {
  return <TextField f={props.f} name="retention.messageTextDays" inputmode="numeric" hint={t(props.f.locale, 'console-settings-hint-retention')} />;
}

export const FLAT_FORM_ID = 'settings-form';

export interface FlatPageProps extends PageBase {
  section: Exclude<FlatSection, 'duty'>;
  draft: Draft;
  problems: Problem[];
  retentionDays: number;
}

export function SettingsSectionPage(props: FlatPageProps) {
  const { chrome, section } = props;
  const { locale, base } = chrome;
  const f = draftForm(locale, props.draft, props.problems);
  return (
    <Page base={props} title={t(locale, `console-settings-section-${section}`)}>
      <p class="hint">{t(locale, `console-settings-about-${section}`)}</p>
      {section === 'retention' ? <p>{t(locale, 'console-settings-retention-explained', { days: props.retentionDays })}</p> : null}
      <Errors locale={locale} messages={props.problems.map((p) => p.message)} />
      <PostForm base={props} id={FLAT_FORM_ID} action={`${base}/settings/${section}`}>
        {section === 'organisation' ? <OrganisationFields f={f} /> : null}
        {section === 'community' ? <CommunityFields f={f} /> : null}
        {section === 'channel' ? <ChannelFields f={f} /> : null}
        {section === 'retention' ? <RetentionFields f={f} /> : null}
        <SaveButton locale={locale} />
      </PostForm>
    </Page>
  );
}

// ---- Duty ------------------------------------------------------------------------------------------

type Shift = Settings['duty']['windows'][number];

export interface DutyPageProps extends PageBase {
  settings: Settings;
  accounts: readonly AccountChoice[];
  add: AddForm;
  /** The on-call person and holidays form (a flat draft). */
  draft: Draft;
  problems: Problem[];
}

const SHIFTS: ListRef = { key: 'shifts' };

function shiftOrder(windows: readonly Shift[]): number[] {
  return windows.map((_, i) => i).sort((a, b) => windows[a]!.weekday - windows[b]!.weekday || windows[a]!.from.localeCompare(windows[b]!.from) || a - b);
}

export function DutyPage(props: DutyPageProps) {
  const { chrome, settings, accounts } = props;
  const { locale: l, base } = chrome;
  const windows = settings.duty.windows;
  const add = valuesForm(l, props.add.values, props.add.problems, 'add-');
  const duty = draftForm(l, props.draft, props.problems, 'duty-');
  const unlinked = unlinkedCount(settings.duty);
  return (
    <Page base={props} title={t(l, 'console-settings-section-duty')}>
      <p class="hint">{t(l, 'console-settings-hint-duty-windows')}</p>
      {unlinked > 0 ? <p class="notice">{t(l, 'console-settings-unlinked-notice', { n: unlinked })}</p> : null}
      <h2>{t(l, 'console-settings-shifts')}</h2>
      {windows.length === 0 ? <p>{t(l, 'console-settings-no-shifts')}</p> : null}
      <ul class="items">
        {shiftOrder(windows).map((i) => {
          const w = windows[i]!;
          return (
            <Item
              base={props}
              ref={SHIFTS}
              index={i}
              what={`${t(l, `console-settings-weekday-${w.weekday}`)} ${w.from}–${w.to}`}
              meta={w.staff.length > 0 ? w.staff.map((p) => personText(l, p, accounts)).join(', ') : t(l, 'console-settings-shift-nobody')}
            />
          );
        })}
      </ul>
      <h2>{t(l, 'console-settings-add-shift')}</h2>
      <General locale={l} problems={props.add.problems} known={(x) => ['days', 'from', 'to', 'who', 'telegram'].includes(x)} />
      <PostForm base={props} id="add-shifts" action={listPath(base, SHIFTS)}>
        <Days f={add} name="days" />
        <Pair tight>
          <TextField f={add} name="from" type="time" />
          <TextField f={add} name="to" type="time" />
        </Pair>
        <PersonFields f={add} who="who" telegram="telegram" current={undefined} accounts={accounts} label={t(l, 'console-settings-f-on-duty')} emptyLabel={t(l, 'console-settings-nobody-yet')} />
        <SaveButton locale={l} text={t(l, 'console-settings-add-shift-button')} />
      </PostForm>
      <h2>{t(l, 'console-settings-on-call-and-holidays')}</h2>
      <Errors locale={l} messages={props.problems.map((p) => p.message)} />
      <PostForm base={props} id={FLAT_FORM_ID} action={`${base}/settings/duty`}>
        <PersonFields
          f={duty}
          who="duty.onCall.who"
          telegram="duty.onCall.telegram"
          phone="duty.onCall.phone"
          current={settings.duty.onCall}
          accounts={accounts}
          label={t(l, 'console-settings-f-on-call')}
          emptyLabel={t(l, 'console-settings-nobody')}
        />
        <TextField f={duty} name="duty.holidays" area lines={2} hint={t(l, 'console-settings-hint-holidays')} />
        <SaveButton locale={l} />
      </PostForm>
    </Page>
  );
}

// ---- Mobile units ------------------------------------------------------------------------------------

export function UnitsPage(props: PageBase & { settings: Settings; add: AddForm }) {
  const { chrome, settings } = props;
  const { locale: l, base } = chrome;
  const ref: ListRef = { key: 'units' };
  const add = valuesForm(l, props.add.values, props.add.problems, 'add-');
  return (
    <Page base={props} title={t(l, 'console-settings-section-mobile-units')}>
      <p class="hint">{t(l, 'console-settings-about-mobile-units')}</p>
      {settings.mobileUnits.length === 0 ? <p>{t(l, 'console-settings-no-units')}</p> : null}
      <ul class="items">
        {settings.mobileUnits.map((u, i) => (
          <Item
            base={props}
            ref={ref}
            index={i}
            what={u.name[l]}
            meta={u.stops.length === 0 ? t(l, 'console-settings-unit-no-stops') : u.stops.map((s) => `${s.address[l]} (${timesText(l, s.windows)})`).join('; ')}
            editText={t(l, 'console-settings-unit-open')}
          />
        ))}
      </ul>
      <h2>{t(l, 'console-settings-add-unit')}</h2>
      <General locale={l} problems={props.add.problems} known={(x) => x.startsWith('name.')} />
      <PostForm base={props} id="add-units" action={listPath(base, ref)}>
        <Both f={add} name="name" label={t(l, 'console-settings-f-unit-name')} />
        <SaveButton locale={l} text={t(l, 'console-settings-add-unit-button')} />
      </PostForm>
    </Page>
  );
}

type Unit = Settings['mobileUnits'][number];

function StopFields(props: { f: Form; adding: boolean; point?: MapLinkResult; rows: number }) {
  const { f } = props;
  const l = f.locale;
  return (
    <>
      <Both f={f} name="address" label={t(l, 'console-settings-f-address')} hint={t(l, 'console-settings-hint-address')} />
      <PlaceField f={f} name="place" point={props.point} />
      {props.adding ? (
        <>
          <Days f={f} name="days" />
          <Pair tight>
            <TextField f={f} name="from" type="time" />
            <TextField f={f} name="to" type="time" />
          </Pair>
        </>
      ) : (
        Array.from({ length: props.rows }, (_, g) => (
          <fieldset class="time">
            <legend>{g === props.rows - 1 ? t(l, 'console-settings-times-new') : t(l, 'console-settings-times-n', { n: g + 1 })}</legend>
            <Days f={f} name={`times.${g}.days`} />
            <Pair tight>
              <TextField f={f} name={`times.${g}.from`} type="time" label={t(l, 'console-settings-f-from')} />
              <TextField f={f} name={`times.${g}.to`} type="time" label={t(l, 'console-settings-f-to')} />
            </Pair>
          </fieldset>
        ))
      )}
    </>
  );
}

export function UnitPage(props: PageBase & { unitIndex: number; unit: Unit; name: AddForm; addStop: AddForm }) {
  const { chrome, unit, unitIndex: u } = props;
  const { locale: l, base } = chrome;
  const stops: ListRef = { key: 'stops', unit: u };
  const changes: ListRef = { key: 'changes', unit: u };
  const add = valuesForm(l, props.addStop.values, props.addStop.problems, 'add-');
  const nameForm = valuesForm(l, props.name.values, props.name.problems, 'unit-');
  const stopName = (id: string) => unit.stops.find((s) => s.id === id)?.address[l] ?? id;
  const order = unit.changes.map((_, i) => i).sort((a, b) => unit.changes[a]!.date.localeCompare(unit.changes[b]!.date) || a - b);
  return (
    <Page base={props} title={unit.name[l]} back={{ href: `${base}/settings/mobile-units`, text: t(l, 'console-settings-back-units') }}>
      <h2>{t(l, 'console-settings-f-stops')}</h2>
      {unit.stops.length === 0 ? <p>{t(l, 'console-settings-unit-no-stops')}</p> : null}
      <ul class="items">
        {unit.stops.map((s, i) => (
          <Item base={props} ref={stops} index={i} what={s.address[l]} meta={timesText(l, s.windows) || t(l, 'console-settings-stop-no-times')} extra={<PointShown locale={l} latitude={s.latitude} longitude={s.longitude} />} />
        ))}
      </ul>
      <h2>{t(l, 'console-settings-add-stop')}</h2>
      <General locale={l} problems={props.addStop.problems} known={(x) => /^(address\.|place|days|from|to)/.test(x)} />
      <PostForm base={props} id="add-stops" action={listPath(base, stops)}>
        <StopFields f={add} adding point={props.addStop.point} rows={1} />
        <div class="row">
          <SaveButton locale={l} text={t(l, 'console-settings-add-stop-button')} />
          <button type="submit" class="secondary" name="check" value="1">
            {t(l, 'console-settings-check-point')}
          </button>
        </div>
      </PostForm>
      <h2>{t(l, 'console-settings-f-changes')}</h2>
      <p class="hint">{t(l, 'console-settings-hint-changes')}</p>
      <ul class="items">
        {order.map((i) => {
          const c = unit.changes[i]!;
          const moved = c.status === 'moved' ? [c.address?.[l], c.from && c.to ? `${c.from}–${c.to}` : undefined].filter(Boolean).join(', ') : '';
          return (
            <Item
              base={props}
              ref={changes}
              index={i}
              what={`${c.date} · ${stopName(c.stopId)}`}
              meta={[t(l, `console-settings-status-${c.status}`) + (moved ? `: ${moved}` : ''), c.note?.[l]].filter(Boolean).join(' · ')}
            />
          );
        })}
      </ul>
      {unit.stops.length > 0 ? (
        <p>
          <a href={`${listPath(base, changes)}/new`}>{t(l, 'console-settings-add-change')}</a>
        </p>
      ) : null}
      <h2>{t(l, 'console-settings-unit-name')}</h2>
      <General locale={l} problems={props.name.problems} known={(x) => x.startsWith('name.')} />
      <PostForm base={props} id="edit-units" action={`${listPath(base, { key: 'units' })}/${u}`}>
        <Both f={nameForm} name="name" label={t(l, 'console-settings-f-unit-name')} />
        <SaveButton locale={l} />
      </PostForm>
    </Page>
  );
}

function ChangeFields(props: { f: Form; unit: Unit; point?: MapLinkResult }) {
  const { f, unit } = props;
  const l = f.locale;
  return (
    <>
      <Pair>
        <TextField f={f} name="date" type="date" />
        <Select f={f} name="stopId" options={unit.stops.map((s) => [s.id, s.address[l]])} />
      </Pair>
      <Chips f={f} name="status" legend={t(l, 'console-settings-f-status')} radio options={[['cancelled', t(l, 'console-settings-status-cancelled')], ['moved', t(l, 'console-settings-status-moved')]]} />
      <fieldset class="time">
        <legend>{t(l, 'console-settings-moved-to')}</legend>
        <Both f={f} name="address" label={t(l, 'console-settings-f-address')} />
        <PlaceField f={f} name="place" point={props.point} optional />
        <Pair tight>
          <TextField f={f} name="from" type="time" />
          <TextField f={f} name="to" type="time" />
        </Pair>
      </fieldset>
      <Both f={f} name="note" label={t(l, 'console-settings-f-note')} hint={t(l, 'console-settings-hint-note')} />
    </>
  );
}

// ---- Needs and services ------------------------------------------------------------------------------

function NeedFields(props: { f: Form; adding: boolean; period?: string }) {
  const { f } = props;
  const l = f.locale;
  return (
    <>
      {props.period ? <p class="notice">{t(l, 'console-settings-need-period-explained', { period: props.period })}</p> : null}
      <Both f={f} name="label" label={t(l, 'console-settings-f-label')} />
      <Select f={f} name="theme" options={[['online', t(l, 'console-settings-theme-online')], ['online_offline', t(l, 'console-settings-theme-online-offline')]]} />
      {props.adding ? null : <Check f={f} name="offered" hint={t(l, 'console-settings-hint-offered')} />}
      <TextField f={f} name="code" hint={t(l, props.adding ? 'console-settings-hint-code-new' : 'console-settings-hint-code')} autocomplete="off" />
    </>
  );
}

function ServiceFields(props: { f: Form; adding: boolean }) {
  const { f } = props;
  const l = f.locale;
  return (
    <>
      <Both f={f} name="label" label={t(l, 'console-settings-f-label')} />
      <Select f={f} name="offline" options={[['no', t(l, 'console-settings-offline-no')], ['yes', t(l, 'console-settings-offline-yes')]]} />
      <TextField f={f} name="code" hint={t(l, props.adding ? 'console-settings-hint-code-new' : 'console-settings-hint-code')} autocomplete="off" />
    </>
  );
}

export function TaxonomyPage(props: PageBase & { settings: Settings; addNeed: AddForm; addService: AddForm; open?: 'needs' | 'services'; showServices?: boolean }) {
  const { chrome, settings } = props;
  const { locale: l, base } = chrome;
  const tx: Taxonomy = taxonomyOf(settings);
  const needs: ListRef = { key: 'needs' };
  const services: ListRef = { key: 'services' };
  const addNeed = valuesForm(l, props.addNeed.values, props.addNeed.problems, 'need-');
  const addService = valuesForm(l, props.addService.values, props.addService.problems, 'service-');
  const known = (x: string) => ['code', 'theme', 'offline', 'label.ru', 'label.en'].includes(x);
  return (
    <Page base={props} title={t(l, 'console-settings-section-taxonomy')}>
      <p class="hint">{t(l, 'console-settings-taxonomy-short', { version: tx.version })}</p>
      <h2>{t(l, 'console-settings-f-needs')}</h2>
      <ul class="items">
        {tx.needs.map((n, i) => {
          const off = settings.needsOff.includes(n.code);
          const period = NEED_PERIODS[n.code];
          return (
            <Item
              base={props}
              ref={needs}
              index={i}
              what={n.label[l]}
              meta={
                off || period ? (
                  <>
                    {off ? <span class="badge off">{t(l, 'console-settings-need-off')}</span> : null}
                    {period ? t(l, 'console-settings-need-period', { period }) : null}
                  </>
                ) : undefined
              }
              tags={<span class="badge">{t(l, `console-settings-theme-short-${n.theme.replace('_', '-')}`)}</span>}
            />
          );
        })}
      </ul>
      <details class="add" open={props.open === 'needs' || undefined}>
        <summary>{t(l, 'console-settings-add-need')}</summary>
        <General locale={l} problems={props.addNeed.problems} known={known} />
        <PostForm base={props} id="add-needs" action={listPath(base, needs)}>
          <NeedFields f={addNeed} adding />
          <SaveButton locale={l} text={t(l, 'console-settings-add-button')} />
        </PostForm>
      </details>
      {/* Services change rarely: folded under their names, open when one was just changed or added. */}
      <details class="list" id="services" open={props.showServices || props.open === 'services' || undefined}>
        <summary>
          <h2>{t(l, 'console-settings-f-services')}</h2>
          <span class="hint">{tx.services.map((x) => x.label[l]).join(', ')}</span>
        </summary>
        <ul class="items">
          {tx.services.map((s, i) => (
            <Item base={props} ref={services} index={i} what={s.label[l]} tags={<span class="badge">{t(l, s.offline ? 'console-settings-service-offline' : 'console-settings-service-online')}</span>} />
          ))}
        </ul>
        <details class="add" open={props.open === 'services' || undefined}>
          <summary>{t(l, 'console-settings-add-service')}</summary>
          <General locale={l} problems={props.addService.problems} known={known} />
          <PostForm base={props} id="add-services" action={listPath(base, services)}>
            <ServiceFields f={addService} adding />
            <SaveButton locale={l} text={t(l, 'console-settings-add-button')} />
          </PostForm>
        </details>
      </details>
    </Page>
  );
}

// ---- Quick replies and the directory -------------------------------------------------------------------

function ReplyFields(props: { f: Form }) {
  const l = props.f.locale;
  return (
    <>
      <Both f={props.f} name="label" label={t(l, 'console-settings-f-reply-label')} />
      <Both f={props.f} name="text" label={t(l, 'console-settings-f-text')} area lines={3} />
    </>
  );
}

const clip = (s: string, n = 90) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export function RepliesPage(props: PageBase & { settings: Settings; add: AddForm }) {
  const { chrome, settings } = props;
  const { locale: l, base } = chrome;
  const ref: ListRef = { key: 'replies' };
  const add = valuesForm(l, props.add.values, props.add.problems, 'add-');
  return (
    <Page base={props} title={t(l, 'console-settings-section-quick-replies')}>
      <p class="hint">{t(l, 'console-settings-about-quick-replies')}</p>
      <ul class="items">
        {settings.quickReplies.map((r, i) => (
          <Item
            base={props}
            ref={ref}
            index={i}
            what={r.label[l]}
            meta={clip(r.text[l])}
            actions={i > 0 ? <ItemAction base={props} action={`${listPath(base, ref)}/${i}/up`} text={t(l, 'console-settings-up')} label={t(l, 'console-settings-up-named', { name: r.label[l] })} /> : null}
          />
        ))}
      </ul>
      <h2>{t(l, 'console-settings-add-reply')}</h2>
      <General locale={l} problems={props.add.problems} known={(x) => /^(label|text)\./.test(x)} />
      <PostForm base={props} id="add-replies" action={listPath(base, ref)}>
        <ReplyFields f={add} />
        <SaveButton locale={l} text={t(l, 'console-settings-add-button')} />
      </PostForm>
    </Page>
  );
}

const ORG_KINDS = ['aids_centre', 'clinic', 'detox', 'rehab', 'prep', 'legal', 'social', 'other'] as const;
const kindLabel = (l: Locale, k: string) => t(l, `console-settings-kind-${k.replace(/_/g, '-')}`);

function OrganisationFieldsOfItem(props: { f: Form }) {
  const { f } = props;
  const l = f.locale;
  return (
    <>
      <Both f={f} name="name" label={t(l, 'console-settings-f-name')} />
      <Pair>
        <Select f={f} name="kind" options={ORG_KINDS.map((k) => [k, kindLabel(l, k)])} />
        <TextField f={f} name="contacts" />
      </Pair>
      <Both f={f} name="address" label={t(l, 'console-settings-f-address')} />
      <Both f={f} name="hours" label={t(l, 'console-settings-f-hours')} />
    </>
  );
}

export function DirectoryPage(props: PageBase & { settings: Settings; add: AddForm }) {
  const { chrome, settings } = props;
  const { locale: l, base } = chrome;
  const ref: ListRef = { key: 'organisations' };
  const add = valuesForm(l, props.add.values, props.add.problems, 'add-');
  return (
    <Page base={props} title={t(l, 'console-settings-section-directory')}>
      <p class="hint">{t(l, 'console-settings-about-directory')}</p>
      <ul class="items">
        {settings.externalOrganisations.map((o, i) => (
          <Item base={props} ref={ref} index={i} what={o.name[l]} meta={[kindLabel(l, o.kind), o.contacts, o.hours?.[l]].filter(Boolean).join(' · ')} />
        ))}
      </ul>
      <h2>{t(l, 'console-settings-add-organisation')}</h2>
      <General locale={l} problems={props.add.problems} known={(x) => /^(name|address|hours)\.|^(kind|contacts)$/.test(x)} />
      <PostForm base={props} id="add-organisations" action={listPath(base, ref)}>
        <OrganisationFieldsOfItem f={add} />
        <SaveButton locale={l} text={t(l, 'console-settings-add-button')} />
      </PostForm>
    </Page>
  );
}

// ---- One item's page (edit, or add a one-off change) ----------------------------------------------------

export interface ItemPageProps extends PageBase {
  ref: ListRef;
  /** undefined: the page adds one (a one-off change). */
  index?: number;
  item?: unknown;
  values: Values;
  problems: Problem[];
  point?: MapLinkResult;
  settings: Settings;
  accounts: readonly AccountChoice[];
}

/** The fields that have their own place on an item's form (the rest is listed above it). */
const KNOWN_FIELDS: Record<ListKey, RegExp> = {
  shifts: /^(weekday|from|to|people\.\d+\.(who|telegram))$/,
  units: /^name\./,
  stops: /^(address\.|place$|times\.\d+\.(days|from|to)$)/,
  changes: /^(date|stopId|status|place|from|to)$|^(address|note)\./,
  needs: /^(code|theme|offered|label\.)/,
  services: /^(code|offline|label\.)/,
  replies: /^(label|text)\./,
  organisations: /^(name|address|hours)\.|^(kind|contacts)$/,
};

export function ItemPage(props: ItemPageProps) {
  const { chrome, ref, index, settings } = props;
  const { locale: l, base } = chrome;
  const adding = index === undefined;
  const f = valuesForm(l, props.values, props.problems, 'edit-');
  const unit = ref.unit !== undefined ? settings.mobileUnits[ref.unit] : undefined;
  const title = adding ? t(l, `console-settings-new-${ref.key}`) : t(l, `console-settings-edit-${ref.key}`);
  const action = adding ? listPath(base, ref) : `${listPath(base, ref)}/${index}`;
  const backText = ref.key === 'stops' || ref.key === 'changes' ? t(l, 'console-settings-back-to', { name: unit?.name[l] ?? '' }) : t(l, 'console-settings-back-to', { name: t(l, `console-settings-section-${sectionOfList(ref.key)}`) });
  return (
    <Page base={props} title={title} back={{ href: listPage(base, ref), text: backText }}>
      <General locale={l} problems={props.problems} known={(x) => KNOWN_FIELDS[ref.key].test(x)} />
      <PostForm base={props} id={`edit-${ref.key}`} action={action}>
        {ref.key === 'shifts' ? <ShiftEditFields f={f} shift={props.item as Shift | undefined} accounts={props.accounts} /> : null}
        {ref.key === 'stops' ? <StopFields f={f} adding={false} point={props.point} rows={timeRows(props.item as Unit['stops'][number] | undefined)} /> : null}
        {ref.key === 'changes' && unit ? <ChangeFields f={f} unit={unit} point={props.point} /> : null}
        {ref.key === 'needs' ? <NeedFields f={f} adding={false} period={NEED_PERIODS[(props.item as { code?: string } | undefined)?.code ?? '']} /> : null}
        {ref.key === 'services' ? <ServiceFields f={f} adding={false} /> : null}
        {ref.key === 'replies' ? <ReplyFields f={f} /> : null}
        {ref.key === 'organisations' ? <OrganisationFieldsOfItem f={f} /> : null}
        <div class="row">
          <SaveButton locale={l} text={adding ? t(l, 'console-settings-add-button') : undefined} />
          {ref.key === 'stops' || ref.key === 'changes' ? (
            <button type="submit" class="secondary" name="check" value="1">
              {t(l, 'console-settings-check-point')}
            </button>
          ) : null}
        </div>
      </PostForm>
      {ref.key === 'needs' || ref.key === 'services' ? <p class="hint">{t(l, 'console-settings-taxonomy-versions', { version: taxonomyOf(settings).version })}</p> : null}
    </Page>
  );
}

const sectionOfList = (key: ListKey): Section =>
  (({ shifts: 'duty', units: 'mobile-units', stops: 'mobile-units', changes: 'mobile-units', needs: 'taxonomy', services: 'taxonomy', replies: 'quick-replies', organisations: 'directory' }) as const)[key];

function ShiftEditFields(props: { f: Form; shift: Shift | undefined; accounts: readonly AccountChoice[] }) {
  const { f, shift } = props;
  const l = f.locale;
  const rows = peopleRows(shift);
  return (
    <>
      <Select f={f} name="weekday" options={weekdays(l)} />
      <Pair tight>
        <TextField f={f} name="from" type="time" />
        <TextField f={f} name="to" type="time" />
      </Pair>
      {Array.from({ length: rows }, (_, i) => (
        <fieldset class="time">
          <legend>{i === rows - 1 ? t(l, 'console-settings-person-new') : t(l, 'console-settings-person-n', { n: i + 1 })}</legend>
          <PersonFields
            f={f}
            who={`people.${i}.who`}
            telegram={`people.${i}.telegram`}
            current={shift?.staff[i]}
            accounts={props.accounts}
            label={t(l, 'console-settings-f-on-duty')}
            emptyLabel={i === rows - 1 ? t(l, 'console-settings-nobody-yet') : t(l, 'console-settings-person-take-off')}
          />
        </fieldset>
      ))}
    </>
  );
}

// ---- History -------------------------------------------------------------------------------------------

export function SettingsHistoryPage(props: { chrome: Chrome; versions: SavedVersion[]; inForce: number; flash?: Flash }) {
  const { chrome } = props;
  const { locale, base } = chrome;
  return (
    <Layout locale={locale} title={t(locale, 'console-settings-history-title')} header={<SignedInHeader chrome={chrome} />} css={SETTINGS_CSS} flash={props.flash}>
      <p style="margin:0">
        <a href={`${base}/settings`}>{t(locale, 'console-settings-back')}</a>
      </p>
      <p class="hint">{t(locale, 'console-settings-about-history')}</p>
      <ul class="cases">
        {props.versions.map((v) => (
          <li data-version={String(v.id)}>
            <p class="title" style="margin:0">
              {t(locale, 'console-settings-history-version-n', { version: v.id })}
              {v.id === props.inForce ? <span class="badge">{t(locale, 'console-settings-history-in-force')}</span> : null}
            </p>
            <p class="meta">
              <time datetime={v.savedAt.toISOString()}>{formatTime(chrome, v.savedAt)}</time>
              {' · '}
              {v.savedBy === null ? t(locale, 'console-settings-history-from-file') : (v.savedByName ?? '—')}
            </p>
            {v.id === props.inForce ? null : (
              <form method="post" action={`${base}/settings/history/${v.id}/restore`}>
                <CsrfField token={chrome.csrf} />
                <button type="submit" class="secondary" aria-label={t(locale, 'console-settings-history-restore-version', { version: v.id })}>
                  {t(locale, 'console-settings-history-restore')}
                </button>
              </form>
            )}
          </li>
        ))}
      </ul>
    </Layout>
  );
}

export { emptyAdd };
