import { Hono } from 'hono';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { taxonomyOf } from '../../domain/taxonomy.ts';
import { t } from '../../i18n/index.ts';
import { canonicalJson, sameSettings, type SettingsStore } from '../../organisation/settings-store.ts';
import type { Settings } from '../../organisation/settings.ts';
import type { ConsoleEnv } from '../app.tsx';
import { audit } from '../policy.ts';
import { chromeOf, fieldString, guard, render, type RoutesContext } from '../routes-context.ts';
import { applyDraft, draftOf, isSection, problemsOf, readForm, tidy, type Draft, type Problem, type Section } from './form.ts';
import { MessagePage } from '../views/pages.tsx';
import { SettingsHistoryPage, SettingsIndexPage, SettingsSectionPage } from './views.tsx';

/** The version a form was opened on, sent back with it. */
export const BASE_FIELD = '_base';

/** Whether a section differs between a saved version and the one in force (a version gone counts as changed). */
async function changedSince(store: SettingsStore, section: Section, version: number): Promise<boolean> {
  const then = await store.saved(version);
  return !then || canonicalJson(draftOf(section, then)) !== canonicalJson(draftOf(section, store.current));
}

/**
 * /settings: the organisation's settings, one form per section, saved as a new version that the
 * running bot uses at once; /settings/history lists the versions and puts an older one back.
 * Only what was changed is traced (the audit names the section), never the values.
 */
export function settingsRoutes(x: RoutesContext): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  const editors = [x.signedIn, guard(x, 'settings.edit')] as const;

  const message = (c: Context<ConsoleEnv>, title: string, text: string, status: ContentfulStatusCode) => {
    const locale = c.get('locale');
    return render(c, <MessagePage locale={locale} title={t(locale, title)} text={t(locale, text)} href={`${x.base}/settings`} />, status);
  };
  /** Without the store (a console started on its own, as in some tests) there is nothing to edit. */
  const withStore = (c: Context<ConsoleEnv>, then: (store: SettingsStore) => Response | Promise<Response>) =>
    x.settings ? then(x.settings) : message(c, 'console-settings-unavailable-title', 'console-settings-unavailable', 503);

  const sectionPage = (c: Context<ConsoleEnv>, store: SettingsStore, section: Section, draft: Draft, problems: Problem[], status: ContentfulStatusCode, notice?: string, baseVersion = store.version) =>
    render(
      c,
      <SettingsSectionPage
        chrome={chromeWith(c, store.current)}
        section={section}
        baseVersion={baseVersion}
        draft={draft}
        problems={problems}
        notice={notice}
        taxonomyVersion={taxonomyOf(store.current).version}
        retentionDays={store.current.retention.messageTextDays}
      />,
      status,
    );
  /** The pages show times in the zone of the settings in force, even before the bot has started. */
  const chromeWith = (c: Context<ConsoleEnv>, settings: Settings) => ({ ...chromeOf(x, c), timeZone: settings.timeZone, taxonomy: taxonomyOf(settings) });

  const saveAndGo = async (c: Context<ConsoleEnv>, store: SettingsStore, next: Settings, detail: string, to: string) => {
    if (sameSettings(next, store.current)) return c.redirect(`${to}?saved=unchanged`, 303);
    const account = c.get('account')!;
    await store.save(next, account.id, x.now());
    await audit(x.db, account.id, 'settings.save', undefined, detail);
    return c.redirect(`${to}?saved=1`, 303);
  };
  const savedNotice = (c: Context<ConsoleEnv>) => {
    const saved = c.req.query('saved');
    return saved === '1' ? t(c.get('locale'), 'console-settings-saved') : saved === 'unchanged' ? t(c.get('locale'), 'console-settings-unchanged') : undefined;
  };

  app.get('/settings', ...editors, (c) => withStore(c, (store) => render(c, <SettingsIndexPage chrome={chromeWith(c, store.current)} version={store.version} />)));

  app.get('/settings/history', ...editors, (c) =>
    withStore(c, async (store) =>
      render(c, <SettingsHistoryPage chrome={chromeWith(c, store.current)} versions={await store.history()} inForce={store.version} notice={savedNotice(c)} />),
    ),
  );

  app.post('/settings/history/:id{[0-9]+}/restore', ...editors, (c) =>
    withStore(c, async (store) => {
      const id = Number(c.req.param('id'));
      const old = Number.isSafeInteger(id) && id <= 2_147_483_647 ? await store.saved(id) : undefined;
      if (!old) return message(c, 'console-settings-version-missing-title', 'console-settings-version-missing', 404);
      return saveAndGo(c, store, old, `restore:${id}`, `${x.base}/settings/history`);
    }),
  );

  app.get('/settings/:section', ...editors, (c) =>
    withStore(c, (store) => {
      const section = c.req.param('section');
      if (!isSection(section)) return message(c, 'console-settings-not-found-title', 'console-settings-not-found', 404);
      return sectionPage(c, store, section, draftOf(section, store.current), [], 200, savedNotice(c));
    }),
  );

  app.post('/settings/:section', ...editors, (c) =>
    withStore(c, async (store) => {
      const section = c.req.param('section');
      if (!isSection(section)) return message(c, 'console-settings-not-found-title', 'console-settings-not-found', 404);
      const body = await c.req.parseBody();
      const add = fieldString(body.add, 300);
      const base = Number(fieldString(body[BASE_FIELD], 12)) || store.version;
      // "Add a row": the same form again with what was typed and one more empty row in that list.
      if (add) return sectionPage(c, store, section, tidy(readForm(section, body), add), [], 200, undefined, base);
      const draft = tidy(readForm(section, body));
      // Someone saved this section since the form was opened: say so rather than overwrite it unseen.
      if (base !== store.version && (await changedSince(store, section, base))) {
        return sectionPage(c, store, section, draft, [{ field: '', message: t(c.get('locale'), 'console-settings-conflict') }], 409);
      }
      const checked = problemsOf(section, applyDraft(section, draft, store.current, await store.highestTaxonomyVersion()), c.get('locale'));
      if (!checked.ok) return sectionPage(c, store, section, draft, checked.problems, 422, undefined, base);
      return saveAndGo(c, store, checked.settings, section, `${x.base}/settings/${section}`);
    }),
  );
  return app;
}
