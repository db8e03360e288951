import { Hono } from 'hono';
import type { Context } from 'hono';
import QRCode from 'qrcode';
import type { CommunityDeps } from '../../community/deps.ts';
import { communityFigures } from '../../community/figures.ts';
import { createInvite, inviteLinkOf, placeInvites, revokeInvite, type InviteRow, type NewInvite } from '../../community/invites.ts';
import { apiError } from '../../cases/api-errors.ts';
import { t } from '../../i18n/index.ts';
import { safeError } from '../../log.ts';
import { addDays, localDateOf, zonedDateTime } from '../../organisation/mobile-units.ts';
import { DEFAULT_SETTINGS, type Settings } from '../../organisation/settings.ts';
import type { ConsoleEnv } from '../app.tsx';
import { consoleActor } from '../cases/actions.ts';
import { loggedRules, moderationLog } from './data.ts';
import { audit } from '../policy.ts';
import { parsePeriod } from '../reports/routes.tsx';
import { chromeOf, fieldString, guard, render, type RoutesContext } from '../routes-context.ts';
import { CommunityOffPage, FiguresPage, InvitePage, InvitesPage, LogPage, PrintPage, type InviteFormValues, type UnitOption } from './views.tsx';
import { pageOf } from '../frame/pager.tsx';

const NOTICES = ['created', 'revoked', 'gone'];
const RULE_PATTERN = /^[a-z_]{1,40}$/;

/**
 * /community: the community chat (COMMUNITY_CHAT_ID) for coordinators and admins
 * (`community.manage`): the places' invitations with a printable sheet each, the moderation log,
 * and the chat's figures. Without a running community chat the pages say it is not configured.
 */
export function communityRoutes(x: RoutesContext): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  const base = `${x.base}/community`;
  const manage = guard(x, 'community.manage');
  const settings = (): Settings => x.community?.()?.settings ?? x.bot?.()?.settings ?? DEFAULT_SETTINGS;
  const chrome = (c: Context<ConsoleEnv>) => chromeOf({ ...x, bot: () => ({ settings: settings() }) }, c);
  const say = (c: Context<ConsoleEnv>, id: string, args?: Record<string, string | number>) => t(c.get('locale'), id, args);
  const units = (c: Context<ConsoleEnv>): UnitOption[] => settings().mobileUnits.map((u) => ({ id: u.id, name: u.name[c.get('locale')] }));
  const accountId = (c: Context<ConsoleEnv>) => c.get('account')!.id;
  /** The running community chat, or the "not configured" page. */
  const withCommunity = (run: (c: Context<ConsoleEnv>, d: CommunityDeps) => Promise<Response>) => async (c: Context<ConsoleEnv>) => {
    const d = x.community?.();
    if (!d) return render(c, <CommunityOffPage chrome={chrome(c)} />);
    return run(c, d);
  };
  const inviteId = (c: Context<ConsoleEnv>) => {
    const n = Number(c.req.param('id'));
    return Number.isSafeInteger(n) && n > 0 && n <= 2_147_483_647 ? n : 0;
  };
  const placeInvite = async (d: CommunityDeps, id: number): Promise<InviteRow | undefined> => (await placeInvites(d)).find((i) => i.id === id);
  const today = () => localDateOf(settings(), x.now());

  const invitesPage = async (c: Context<ConsoleEnv>, d: CommunityDeps, form: { values?: InviteFormValues; errors?: string[]; invalid?: Partial<Record<keyof InviteFormValues, boolean>> } = {}, status: 200 | 422 | 502 = 200) => {
    const done = c.req.query('done');
    const list = units(c);
    return render(
      c,
      <InvitesPage
        chrome={chrome(c)}
        invites={await placeInvites(d)}
        units={list}
        values={form.values ?? { place: list[0] ? `unit:${list[0].id}` : 'event', name: '', limit: '', expires: '' }}
        errors={form.errors}
        invalid={form.invalid}
        notice={done && NOTICES.includes(done) ? say(c, `console-community-done-${done}`) : undefined}
        now={x.now()}
        today={today()}
      />,
      status,
    );
  };

  // ---- Invitations ----------------------------------------------------------------------------------
  app.get('/community', x.signedIn, manage, withCommunity(async (c, d) => invitesPage(c, d)));

  app.post(
    '/community/invites',
    x.signedIn,
    manage,
    withCommunity(async (c, d) => {
      const body = await c.req.parseBody();
      const values: InviteFormValues = { place: fieldString(body.place, 120), name: fieldString(body.name, 100).trim(), limit: fieldString(body.limit, 10).trim(), expires: fieldString(body.expires, 20).trim() };
      const errors: string[] = [];
      const invalid: Partial<Record<keyof InviteFormValues, boolean>> = {};
      const problem = (field: keyof InviteFormValues, id: string) => {
        errors.push(say(c, id));
        invalid[field] = true;
      };
      const unit = values.place.startsWith('unit:') ? units(c).find((u) => `unit:${u.id}` === values.place) : undefined;
      const source = unit ? 'unit' : values.place === 'event' || values.place === 'other' ? values.place : undefined;
      if (!source) problem('place', 'console-community-error-place');
      const name = values.name || unit?.name || '';
      if (!name) problem('name', 'console-community-error-name');
      let memberLimit: number | undefined;
      if (values.limit) {
        memberLimit = Number(values.limit);
        if (!/^\d{1,5}$/.test(values.limit) || memberLimit < 1) problem('limit', 'console-community-error-limit');
      }
      let expiresAt: Date | undefined;
      if (values.expires) {
        // The link works to the end of that day in the organisation's zone.
        const ok = /^\d{4}-\d{2}-\d{2}$/.test(values.expires) && !Number.isNaN(Date.parse(values.expires)) && values.expires >= today() && values.expires <= '2099-12-31';
        if (ok) expiresAt = zonedDateTime(settings(), addDays(values.expires, 1), '00:00');
        else problem('expires', 'console-community-error-expires');
      }
      if (errors.length > 0) return invitesPage(c, d, { values, errors, invalid }, 422);
      const input: NewInvite = { source: source as NewInvite['source'], name, ...(unit ? { unitId: unit.id } : {}), ...(memberLimit ? { memberLimit } : {}), ...(expiresAt ? { expiresAt } : {}) };
      let id: number;
      try {
        id = (await createInvite(d, consoleActor(c.get('account')!), input)).invite.id;
      } catch (err) {
        x.log.warn({ event: 'console.community_invite_failed', err: safeError(err) }, 'Telegram refused to create an invite link');
        return invitesPage(c, d, { values, errors: [say(c, 'console-community-error-telegram', { error: apiError(err)?.description ?? '' })] }, 502);
      }
      await audit(x.db, accountId(c), 'community.invite_create', undefined, `#${id} ${source}`);
      return c.redirect(`${base}/invites/${id}?done=created`, 303);
    }),
  );

  app.get(
    '/community/invites/:id{[0-9]+}',
    x.signedIn,
    manage,
    withCommunity(async (c, d) => {
      const invite = await placeInvite(d, inviteId(c));
      if (!invite) return c.redirect(`${base}?done=gone`, 303);
      // The link is opened from its sealed column here and on the sheet only; each opening is audited.
      await audit(x.db, accountId(c), 'community.invite_view', undefined, `#${invite.id}`);
      const done = c.req.query('done');
      return render(
        c,
        <InvitePage chrome={chrome(c)} invite={invite} units={units(c)} link={inviteLinkOf(d, invite)} now={x.now()} notice={done && NOTICES.includes(done) ? say(c, `console-community-done-${done}`) : undefined} />,
      );
    }),
  );

  app.get(
    '/community/invites/:id{[0-9]+}/print',
    x.signedIn,
    manage,
    withCommunity(async (c, d) => {
      const invite = await placeInvite(d, inviteId(c));
      if (!invite) return c.redirect(`${base}?done=gone`, 303);
      const link = inviteLinkOf(d, invite);
      const qrSvg = await QRCode.toString(link, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
      await audit(x.db, accountId(c), 'community.invite_print', undefined, `#${invite.id}`);
      return render(c, <PrintPage chrome={chrome(c)} invite={invite} org={settings().name} link={link} qrSvg={qrSvg} />);
    }),
  );

  app.post(
    '/community/invites/:id{[0-9]+}/revoke',
    x.signedIn,
    manage,
    withCommunity(async (c, d) => {
      const id = inviteId(c);
      const invite = await placeInvite(d, id);
      if (!invite) return c.redirect(`${base}?done=gone`, 303);
      let revoked: boolean;
      try {
        revoked = await revokeInvite(d, id);
      } catch (err) {
        x.log.warn({ event: 'console.community_revoke_failed', err: safeError(err) }, 'Telegram refused to revoke an invite link');
        return render(
          c,
          <InvitePage chrome={chrome(c)} invite={invite} units={units(c)} link={inviteLinkOf(d, invite)} now={x.now()} errors={[say(c, 'console-community-error-telegram', { error: apiError(err)?.description ?? '' })]} />,
          502,
        );
      }
      if (revoked) await audit(x.db, accountId(c), 'community.invite_revoke', undefined, `#${id}`);
      return c.redirect(`${base}?done=${revoked ? 'revoked' : 'gone'}`, 303);
    }),
  );

  // ---- The moderation log ------------------------------------------------------------------------------
  app.get(
    '/community/log',
    x.signedIn,
    manage,
    withCommunity(async (c) => {
      const asked = (c.req.query('rule') ?? '').trim();
      const rule = RULE_PATTERN.test(asked) ? asked : undefined;
      const page = pageOf(c.req.query('page'));
      const { entries, hasMore } = await moderationLog(x.db, x.vault, { rule, page });
      // Staff's reasons and members' appeals are opened for this page: who read them is traced.
      await audit(x.db, accountId(c), 'community.log_view', undefined, `${rule ?? 'all'} p${page}`);
      return render(c, <LogPage chrome={chrome(c)} entries={entries} rules={await loggedRules(x.db)} rule={rule} page={page} hasMore={hasMore} />);
    }),
  );

  // ---- Figures -----------------------------------------------------------------------------------------
  app.get(
    '/community/figures',
    x.signedIn,
    manage,
    withCommunity(async (c) => {
      const s = settings();
      const to = today();
      const p = parsePeriod(c.get('locale'), s, x.now(), { from: c.req.query('from') || addDays(to, -29), to: c.req.query('to') || to });
      const props = { chrome: chrome(c), from: p.from, to: p.to, units: units(c) };
      if (!p.ok) return render(c, <FiguresPage {...props} errors={p.errors} invalid={p.invalid} />, 422);
      const figures = await communityFigures(x.db, { from: p.start, to: p.end, timeZone: s.timeZone });
      return render(c, <FiguresPage {...props} errors={[]} invalid={{}} figures={figures} />);
    }),
  );
  return app;
}
