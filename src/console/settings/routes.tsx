import { Hono } from 'hono';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { taxonomyOf } from '../../domain/taxonomy.ts';
import { t } from '../../i18n/index.ts';
import { sameSettings, type SettingsStore } from '../../organisation/settings-store.ts';
import type { Settings } from '../../organisation/settings.ts';
import type { ConsoleEnv } from '../app.tsx';
import { audit } from '../policy.ts';
import { chromeOf, fieldString, guard, render, type RoutesContext } from '../routes-context.ts';
import type { Flash } from '../frame/layout.tsx';
import { listAccounts } from '../staff/data.ts';
import { MessagePage } from '../views/pages.tsx';
import { applyDraft, draftOf, isFlat, isSection, problemsOf, readForm, sectionSlice, type Draft, type FlatSection, type Problem, type Section } from './form.ts';
import { applyOp, checkItems, isList, itemsOf, readItem, SECTION_OF, valuesOf, type ListRef, type Op, type Values } from './lists.ts';
import { parseMapLink } from './map-link.ts';
import type { AccountChoice } from './people.ts';
import {
  DirectoryPage,
  DutyPage,
  emptyAdd,
  FLAT_FORM_ID,
  itemAnchor,
  ItemPage,
  listPage,
  RepliesPage,
  SettingsHistoryPage,
  SettingsIndexPage,
  SettingsSectionPage,
  TaxonomyPage,
  UnitPage,
  UnitsPage,
  withQuery,
  type AddForm,
  type PageBase,
} from './views.tsx';

/** The version a form was opened on, sent back with it. */
export const BASE_FIELD = '_base';

const MAX_FIELDS = 200;
const MAX_VALUE = 4000;

/** What the flash says after a redirect (`?saved=`). */
const DONE = { '1': 'console-settings-saved', added: 'console-settings-added', removed: 'console-settings-removed', unchanged: 'console-settings-unchanged', conflict: 'console-settings-conflict-short' } as const;
type Done = keyof typeof DONE;

/**
 * /settings: the organisation's settings. The index says what each section holds now; a section
 * of single values is one short form; a list (shifts, units and their stops, needs, services,
 * quick replies, the directory) shows its items with "edit" and "remove" and one form to add.
 * Every change is saved as a new version the running bot uses at once, audited by section (never
 * the values), and comes back to where it was made with a flash saying what happened;
 * /settings/history lists the versions and puts an older one back.
 */
export function settingsRoutes(x: RoutesContext): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  const editors = [x.signedIn, guard(x, 'settings.edit')] as const;

  const message = (c: Context<ConsoleEnv>, title: string, text: string, status: ContentfulStatusCode) => {
    const locale = c.get('locale');
    return render(c, <MessagePage locale={locale} title={t(locale, title)} text={t(locale, text)} href={`${x.base}/settings`} />, status);
  };
  const notFound = (c: Context<ConsoleEnv>) => message(c, 'console-settings-not-found-title', 'console-settings-not-found', 404);
  /** Without the store (a console started on its own, as in some tests) there is nothing to edit. */
  const withStore = (c: Context<ConsoleEnv>, then: (store: SettingsStore) => Response | Promise<Response>) =>
    x.settings ? then(x.settings) : message(c, 'console-settings-unavailable-title', 'console-settings-unavailable', 503);

  /** The accounts duty staff are chosen from (all of them: names already in the settings stay readable). */
  const accountsOf = async (): Promise<AccountChoice[]> =>
    (await listAccounts(x.db, x.vault, x.now())).map((a) => ({ id: a.id, name: a.displayName, login: a.login, offered: a.disabledAt === null && a.role !== 'researcher', linked: a.staffMemberId !== null }));

  /** The pages show times in the zone of the settings in force, even before the bot has started. */
  const chromeWith = (c: Context<ConsoleEnv>, settings: Settings) => ({ ...chromeOf(x, c), timeZone: settings.timeZone, taxonomy: taxonomyOf(settings) });
  const flashOf = (c: Context<ConsoleEnv>): Flash | undefined => {
    const done = c.req.query('saved') as Done | undefined;
    if (!done || !(done in DONE)) return undefined;
    const l = c.get('locale');
    if (done === 'conflict') return { tone: 'error', text: t(l, DONE[done]) };
    if (done === 'removed') return { tone: 'ok', text: t(l, DONE[done]), href: `${x.base}/settings/history`, hrefText: t(l, 'console-settings-history-link') };
    return { tone: 'ok', text: t(l, DONE[done]) };
  };
  const errorFlash = (c: Context<ConsoleEnv>, problems: Problem[], formId: string): Flash => ({
    tone: 'error',
    text: t(c.get('locale'), 'console-settings-not-saved', { n: problems.length }),
    href: `#${formId}`,
    hrefText: t(c.get('locale'), 'console-settings-to-form'),
  });
  const pageBase = (c: Context<ConsoleEnv>, store: SettingsStore, flash?: Flash, baseVersion = store.version): PageBase => ({ chrome: chromeWith(c, store.current), flash, baseVersion });

  /** Saves a new version (none when nothing changed) and goes back to `to` with the flash `done`. */
  const saveAndGo = async (c: Context<ConsoleEnv>, store: SettingsStore, next: Settings, detail: string, to: string, done: Done = '1', anchor?: string) => {
    if (sameSettings(next, store.current)) return c.redirect(withQuery(to, 'saved=unchanged'), 303);
    const account = c.get('account')!;
    await store.save(next, account.id, x.now());
    await audit(x.db, account.id, 'settings.save', undefined, detail);
    return c.redirect(`${withQuery(to, `saved=${done}`)}${anchor ? `#${anchor}` : ''}`, 303);
  };

  /** Whether a section differs between a saved version and the one in force (a version gone counts as changed). */
  const changedSince = async (store: SettingsStore, section: Section, version: number) => {
    if (version === store.version) return false;
    const then = await store.saved(version);
    return !then || sectionSlice(section, then) !== sectionSlice(section, store.current);
  };

  /** A posted form's strings (ticked boxes of one name as a list), within bounds. */
  const valuesOfBody = async (c: Context<ConsoleEnv>): Promise<Values> => {
    const body = await c.req.parseBody({ all: true });
    const out: Values = {};
    for (const [name, v] of Object.entries(body).slice(0, MAX_FIELDS)) {
      if (typeof v === 'string') out[name] = v.slice(0, MAX_VALUE);
      else if (Array.isArray(v)) out[name] = v.filter((s): s is string => typeof s === 'string').slice(0, 20).map((s) => s.slice(0, MAX_VALUE));
    }
    return out;
  };
  const baseOf = (store: SettingsStore, v: Values) => Number(fieldString(v[BASE_FIELD], 12)) || store.version;

  // ---- Pages ----

  /** The page a list is shown on, with its add form as posted (after a refusal) or empty. */
  const listView = async (
    c: Context<ConsoleEnv>,
    store: SettingsStore,
    ref: ListRef,
    o: { add?: AddForm; flash?: Flash; baseVersion?: number; status?: ContentfulStatusCode; flat?: { draft: Draft; problems: Problem[] }; unitName?: AddForm } = {},
  ): Promise<Response> => {
    const s = store.current;
    const base = pageBase(c, store, o.flash ?? flashOf(c), o.baseVersion);
    const add = o.add ?? emptyAdd;
    const status = o.status ?? 200;
    switch (ref.key) {
      case 'shifts':
        return render(c, <DutyPage {...base} settings={s} accounts={await accountsOf()} add={add} draft={o.flat?.draft ?? draftOf('duty', s)} problems={o.flat?.problems ?? []} />, status);
      case 'units':
        return render(c, <UnitsPage {...base} settings={s} add={add} />, status);
      case 'stops': {
        const unit = s.mobileUnits[ref.unit!];
        if (!unit) return notFound(c);
        return render(c, <UnitPage {...base} unitIndex={ref.unit!} unit={unit} addStop={add} name={o.unitName ?? { values: valuesOf({ key: 'units' }, unit), problems: [] }} />, status);
      }
      case 'changes':
        return itemView(c, store, ref, undefined, { values: add.values, problems: add.problems, point: add.point, flash: o.flash, baseVersion: o.baseVersion, status });
      case 'needs':
      case 'services':
        return render(
          c,
          <TaxonomyPage {...base} settings={s} addNeed={ref.key === 'needs' ? add : emptyAdd} addService={ref.key === 'services' ? add : emptyAdd} open={o.add ? ref.key : undefined} showServices={ref.key === 'services' || c.req.query('list') === 'services'} />,
          status,
        );
      case 'replies':
        return render(c, <RepliesPage {...base} settings={s} add={add} />, status);
      case 'organisations':
        return render(c, <DirectoryPage {...base} settings={s} add={add} />, status);
    }
  };

  /** An item's own page (a unit's is its list of stops); `index` undefined: a new one-off change. */
  const itemView = async (
    c: Context<ConsoleEnv>,
    store: SettingsStore,
    ref: ListRef,
    index: number | undefined,
    o: { values?: Values; problems?: Problem[]; point?: AddForm['point']; flash?: Flash; baseVersion?: number; status?: ContentfulStatusCode } = {},
  ): Promise<Response> => {
    const s = store.current;
    const list = itemsOf(s, ref);
    const item = index === undefined ? undefined : list?.[index];
    if (!list || (index !== undefined && item === undefined)) return notFound(c);
    if (ref.key === 'units') return listView(c, store, { key: 'stops', unit: index }, { flash: o.flash, baseVersion: o.baseVersion, status: o.status, unitName: o.values ? { values: o.values, problems: o.problems ?? [] } : undefined });
    const values = o.values ?? (item === undefined ? { status: 'cancelled' } : valuesOf(ref, item, s));
    return render(
      c,
      <ItemPage {...pageBase(c, store, o.flash ?? flashOf(c), o.baseVersion)} ref={ref} index={index} item={item} values={values} problems={o.problems ?? []} point={o.point} settings={s} accounts={await accountsOf()} />,
      o.status ?? 200,
    );
  };

  // ---- Changing a list ----

  /** Adds (index undefined) or edits an item from a posted form; on a refusal, the form again with what was typed. */
  const saveItem = async (c: Context<ConsoleEnv>, store: SettingsStore, ref: ListRef, index: number | undefined) => {
    const section = SECTION_OF[ref.key];
    const v = await valuesOfBody(c);
    const base = baseOf(store, v);
    const list = itemsOf(store.current, ref);
    if (!list || (index !== undefined && list[index] === undefined)) return notFound(c);
    const accounts = await accountsOf();
    const read = readItem(ref, v, { settings: store.current, accounts, existing: index === undefined ? undefined : list[index] });
    const formId = index === undefined ? `add-${ref.key}` : `edit-${ref.key}`;
    const again = (problems: Problem[], status: ContentfulStatusCode, flash?: Flash) => {
      const o = { flash: flash ?? (problems.length > 0 ? errorFlash(c, problems, formId) : undefined), baseVersion: base, status };
      return index === undefined ? listView(c, store, ref, { ...o, add: { values: v, problems, point: read.point } }) : itemView(c, store, ref, index, { ...o, values: v, problems, point: read.point });
    };
    // "Check the point": the form again with the point read from the link, nothing saved.
    if (v.check) {
      const point = parseMapLink(typeof v.place === 'string' ? v.place : '');
      const l = c.get('locale');
      const placeProblems = point.ok ? [] : [{ field: 'place', short: t(l, `console-settings-problem-map-${point.problem}`), message: t(l, `console-settings-problem-map-${point.problem}`) }];
      return again(placeProblems, 200, { tone: point.ok ? 'ok' : 'error', text: t(l, point.ok ? 'console-settings-point-found' : 'console-settings-point-not-found'), href: `#${formId}`, hrefText: t(l, 'console-settings-to-form') });
    }
    // Someone saved this section since the form was opened: say so rather than overwrite it unseen.
    if (await changedSince(store, section, base)) {
      const conflict = [{ field: '', short: '', message: t(c.get('locale'), 'console-settings-conflict') }];
      return again(conflict, 409, { tone: 'error', text: t(c.get('locale'), 'console-settings-conflict-short'), href: `#${formId}`, hrefText: t(c.get('locale'), 'console-settings-to-form') });
    }
    const op: Op = index === undefined ? { kind: 'add', items: read.items } : { kind: 'edit', index, item: read.items[0] };
    const candidate = applyOp(store.current, ref, op, { accounts, highestTaxonomyVersion: await store.highestTaxonomyVersion(), typed: read.typed, offered: read.offered });
    if (!candidate) return notFound(c);
    const checked = checkItems(ref, candidate, index === undefined ? { start: list.length, count: read.items.length } : { start: index, count: 1 }, read, c.get('locale'));
    if (!checked.ok) return again(checked.problems, 422);
    const at = index ?? list.length;
    // A unit's name is saved on the unit's own page, which is where it goes back to.
    const to = ref.key === 'units' && index !== undefined ? `${x.base}/settings/mobile-units/units/${index}` : listPage(x.base, ref);
    return saveAndGo(c, store, checked.settings, `${section}:${ref.key}.${op.kind}`, to, index === undefined ? 'added' : '1', ref.key === 'units' && index !== undefined ? undefined : itemAnchor(ref, at));
  };

  /** Remove or move up: one press, back to the list. */
  const itemOp = async (c: Context<ConsoleEnv>, store: SettingsStore, ref: ListRef, op: Extract<Op, { kind: 'remove' | 'up' }>) => {
    const section = SECTION_OF[ref.key];
    const v = await valuesOfBody(c);
    const to = ref.key === 'units' && op.kind !== 'remove' ? listPage(x.base, { key: 'stops', unit: ref.unit }) : listPage(x.base, ref);
    if (!itemsOf(store.current, ref)) return notFound(c);
    if (await changedSince(store, section, baseOf(store, v))) return c.redirect(withQuery(to, 'saved=conflict'), 303);
    const candidate = applyOp(store.current, ref, op, { accounts: await accountsOf(), highestTaxonomyVersion: await store.highestTaxonomyVersion() });
    if (!candidate) return notFound(c);
    const checked = checkItems(ref, candidate, { start: -1, count: 0 }, { fieldOf: () => '', problems: [] }, c.get('locale'));
    // What the settings cannot be without (the last need, say): said at the top of the list.
    if (!checked.ok) return listView(c, store, ref, { flash: { tone: 'error', text: checked.problems.map((p) => p.message).join(' ') }, status: 422 });
    const anchor = op.kind === 'up' ? itemAnchor(ref, op.index - 1) : undefined;
    return saveAndGo(c, store, checked.settings, `${section}:${ref.key}.${op.kind}`, to, op.kind === 'remove' ? 'removed' : '1', anchor);
  };

  const index = (s: string | undefined) => (s !== undefined && /^\d{1,4}$/.test(s) ? Number(s) : undefined);
  /** A top-level list named in the address, if it belongs to the section. */
  const topList = (section: string, list: string): ListRef | undefined => (isList(list) && list !== 'stops' && list !== 'changes' && SECTION_OF[list] === section ? { key: list } : undefined);

  // ---- Routes ----

  app.get('/settings', ...editors, (c) =>
    withStore(c, async (store) => render(c, <SettingsIndexPage chrome={chromeWith(c, store.current)} version={store.version} settings={store.current} accounts={await accountsOf()} flash={flashOf(c)} />)),
  );

  app.get('/settings/history', ...editors, (c) =>
    withStore(c, async (store) => render(c, <SettingsHistoryPage chrome={chromeWith(c, store.current)} versions={await store.history()} inForce={store.version} flash={flashOf(c)} />)),
  );

  app.post('/settings/history/:id{[0-9]+}/restore', ...editors, (c) =>
    withStore(c, async (store) => {
      const id = Number(c.req.param('id'));
      const old = Number.isSafeInteger(id) && id <= 2_147_483_647 ? await store.saved(id) : undefined;
      if (!old) return message(c, 'console-settings-version-missing-title', 'console-settings-version-missing', 404);
      return saveAndGo(c, store, old, `restore:${id}`, `${x.base}/settings/history`);
    }),
  );

  // A mobile unit's page (its stops, one-off changes and name), and its stops and changes.
  const unitOf = (c: Context<ConsoleEnv>) => index(c.req.param('u')) ?? -1;
  const unitList = (c: Context<ConsoleEnv>): ListRef | undefined => {
    const list = c.req.param('list');
    return list === 'stops' || list === 'changes' ? { key: list, unit: unitOf(c) } : undefined;
  };
  app.get('/settings/mobile-units/units/:u{[0-9]+}', ...editors, (c) => withStore(c, (store) => itemView(c, store, { key: 'units' }, unitOf(c))));
  app.post('/settings/mobile-units/units/:u{[0-9]+}', ...editors, (c) => withStore(c, (store) => saveItem(c, store, { key: 'units' }, unitOf(c))));
  // …/remove removes the unit; …/stops and …/changes add one.
  app.post('/settings/mobile-units/units/:u{[0-9]+}/:list{[a-z]+}', ...editors, (c) =>
    withStore(c, (store) => {
      if (c.req.param('list') === 'remove') return itemOp(c, store, { key: 'units' }, { kind: 'remove', index: unitOf(c) });
      const ref = unitList(c);
      return ref ? saveItem(c, store, ref, undefined) : notFound(c);
    }),
  );
  // …/changes/new is the form adding a one-off change (it has a page of its own).
  app.get('/settings/mobile-units/units/:u{[0-9]+}/:list{[a-z]+}/:i{[a-z0-9]+}', ...editors, (c) =>
    withStore(c, (store) => {
      const ref = unitList(c);
      const i = c.req.param('i');
      if (!ref || (i === 'new' && ref.key !== 'changes')) return notFound(c);
      return i === 'new' ? itemView(c, store, ref, undefined) : itemView(c, store, ref, index(i) ?? -1);
    }),
  );
  app.post('/settings/mobile-units/units/:u{[0-9]+}/:list{[a-z]+}/:i{[0-9]+}', ...editors, (c) =>
    withStore(c, (store) => {
      const ref = unitList(c);
      return ref ? saveItem(c, store, ref, index(c.req.param('i')) ?? -1) : notFound(c);
    }),
  );
  app.post('/settings/mobile-units/units/:u{[0-9]+}/:list{[a-z]+}/:i{[0-9]+}/:op{[a-z]+}', ...editors, (c) =>
    withStore(c, (store) => {
      const ref = unitList(c);
      return ref && c.req.param('op') === 'remove' ? itemOp(c, store, ref, { kind: 'remove', index: index(c.req.param('i')) ?? -1 }) : notFound(c);
    }),
  );

  // The other lists: add, edit, remove, move up.
  app.post('/settings/:section/:list{[a-z]+}', ...editors, (c) =>
    withStore(c, (store) => {
      const ref = topList(c.req.param('section'), c.req.param('list'));
      return ref ? saveItem(c, store, ref, undefined) : notFound(c);
    }),
  );
  app.get('/settings/:section/:list{[a-z]+}/:i{[0-9]+}', ...editors, (c) =>
    withStore(c, (store) => {
      const ref = topList(c.req.param('section'), c.req.param('list'));
      return ref ? itemView(c, store, ref, index(c.req.param('i')) ?? -1) : notFound(c);
    }),
  );
  app.post('/settings/:section/:list{[a-z]+}/:i{[0-9]+}', ...editors, (c) =>
    withStore(c, (store) => {
      const ref = topList(c.req.param('section'), c.req.param('list'));
      return ref ? saveItem(c, store, ref, index(c.req.param('i')) ?? -1) : notFound(c);
    }),
  );
  app.post('/settings/:section/:list{[a-z]+}/:i{[0-9]+}/:op{[a-z]+}', ...editors, (c) =>
    withStore(c, (store) => {
      const ref = topList(c.req.param('section'), c.req.param('list'));
      const op = c.req.param('op');
      if (!ref || !(op === 'remove' || (op === 'up' && ref.key === 'replies'))) return notFound(c);
      return itemOp(c, store, ref, { kind: op, index: index(c.req.param('i')) ?? -1 });
    }),
  );

  // A section's page.
  app.get('/settings/:section', ...editors, (c) =>
    withStore(c, (store) => {
      const section = c.req.param('section');
      if (!isSection(section)) return notFound(c);
      switch (section) {
        case 'duty':
          return listView(c, store, { key: 'shifts' });
        case 'mobile-units':
          return listView(c, store, { key: 'units' });
        case 'taxonomy':
          return listView(c, store, { key: 'needs' });
        case 'quick-replies':
          return listView(c, store, { key: 'replies' });
        case 'directory':
          return listView(c, store, { key: 'organisations' });
        default:
          return flatView(c, store, section, draftOf(section, store.current), [], 200, flashOf(c));
      }
    }),
  );

  const flatView = async (c: Context<ConsoleEnv>, store: SettingsStore, section: FlatSection, draft: Draft, problems: Problem[], status: ContentfulStatusCode, flash?: Flash, baseVersion = store.version) => {
    if (section === 'duty') return listView(c, store, { key: 'shifts' }, { flat: { draft, problems }, flash, baseVersion, status });
    return render(c, <SettingsSectionPage {...pageBase(c, store, flash, baseVersion)} section={section} draft={draft} problems={problems} retentionDays={store.current.retention.messageTextDays} />, status);
  };

  app.post('/settings/:section', ...editors, (c) =>
    withStore(c, async (store) => {
      const section = c.req.param('section');
      if (!isSection(section) || !isFlat(section)) return notFound(c);
      const body = await c.req.parseBody();
      const base = Number(fieldString(body[BASE_FIELD], 12)) || store.version;
      const draft = readForm(section, body);
      if (await changedSince(store, section, base)) {
        const problems = [{ field: '', short: '', message: t(c.get('locale'), 'console-settings-conflict') }];
        return flatView(c, store, section, draft, problems, 409, { tone: 'error', text: t(c.get('locale'), 'console-settings-conflict-short'), href: `#${FLAT_FORM_ID}`, hrefText: t(c.get('locale'), 'console-settings-to-form') });
      }
      const checked = problemsOf(section, applyDraft(section, draft, store.current, { accounts: section === 'duty' ? await accountsOf() : [] }), c.get('locale'));
      if (!checked.ok) return flatView(c, store, section, draft, checked.problems, 422, errorFlash(c, checked.problems, FLAT_FORM_ID), base);
      return saveAndGo(c, store, checked.settings, section, `${x.base}/settings/${section}`);
    }),
  );
  return app;
}
