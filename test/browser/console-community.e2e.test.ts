import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { confirmTotpEnrolment, createAccount, pendingTotpSecret } from '../../src/console/auth/accounts.ts';
import { totp } from '../../src/console/auth/totp.ts';
import { COMMUNITY_SEAL } from '../../src/community/deps.ts';
import { communityInvites, communityJoinRequests, communityMembers, communityQuestions, moderationActions } from '../../src/db/schema/index.ts';
import { useBrowserSandbox, freshTotp } from './browser.ts';

/**
 * The console's community chat pages in Chromium, on a phone and a desktop screen: an invitation
 * made through the form, its printable sheet with the QR code, the moderation log and the
 * figures, none wider than the screen. With COMMUNITY_SHOTS=<dir> it saves screenshots there.
 */
const SHOTS = process.env.COMMUNITY_SHOTS;
const PASSWORD = 'длинная фраза-пароль 2026';
let secret = '';
const DAY = 86_400_000;

const sandbox = useBrowserSandbox({
  prepare: async ({ db, vault }) => {
    const created = await createAccount(db, { login: 'cora', displayName: 'Кора', role: 'coordinator', password: PASSWORD });
    if (!created.ok) throw new Error(created.problems.join());
    secret = await pendingTotpSecret(db, vault, created.account);
    await confirmTotpEnrolment(db, vault, created.account, totp(secret, Date.now() - 30_000), new Date());
    // A month of the chat: people who came through a unit's link, a festival and peers; the bot's and staff's actions.
    const now = Date.now();
    const [bus] = await db.insert(communityInvites).values({ source: 'unit', unitId: 'bus-1', name: 'Автобус у Ладожской', linkHash: 'seed-a', linkSealed: vault.seal(COMMUNITY_SEAL.inviteLink, 'https://t.me/+seedA'), memberLimit: 100, expiresAt: new Date(now + 40 * DAY), createdAt: new Date(now - 20 * DAY) }).returning();
    const [fest] = await db.insert(communityInvites).values({ source: 'event', name: 'Фестиваль «Белые ночи», палатка', linkHash: 'seed-b', linkSealed: vault.seal(COMMUNITY_SEAL.inviteLink, 'https://t.me/+seedB'), createdAt: new Date(now - 12 * DAY), revokedAt: new Date(now - 5 * DAY) }).returning();
    const names = ['Лиса-42', 'Сова-17', 'Ёж-08', 'Кит-33', 'Рысь-51', 'Волк-26', 'Заяц-64'];
    const members = await db
      .insert(communityMembers)
      .values(
        names.map((pseudonym, i) => ({
          tgHash: `seed-${i}`,
          chatSealed: vault.seal(COMMUNITY_SEAL.memberChat, String(9000 + i)),
          pseudonym,
          status: i === 6 ? 'banned' : i === 5 ? 'left' : 'member',
          source: i < 3 ? 'unit' : i < 5 ? 'event' : 'peer',
          inviteId: i < 3 ? bus!.id : i < 5 ? fest!.id : null,
          depth: i < 5 ? 0 : i - 4,
          joinedAt: new Date(now - (25 - i * 3) * DAY),
          leftAt: i >= 5 ? new Date(now - 2 * DAY) : null,
        })),
      )
      .returning();
    await db.insert(communityJoinRequests).values([
      { memberId: members[0]!.id, requestedAt: new Date(now - 9 * DAY), outcome: 'declined_timeout' },
      { memberId: members[6]!.id, requestedAt: new Date(now - DAY), outcome: 'declined_banned' },
    ]);
    await db.insert(moderationActions).values([
      { memberId: members[2]!.id, action: 'delete', rule: 'advertising', at: new Date(now - 6 * DAY) },
      { memberId: members[2]!.id, action: 'warn', rule: 'advertising', at: new Date(now - 6 * DAY), appealSealed: vault.seal(COMMUNITY_SEAL.appeal, 'Я просто дал ссылку на бесплатный пункт обмена шприцев, это не реклама.'), appealedAt: new Date(now - 6 * DAY + 3_600_000) },
      { memberId: members[6]!.id, action: 'delete', rule: 'selling', at: new Date(now - 3 * DAY) },
      { memberId: members[6]!.id, action: 'mute', rule: 'selling', untilAt: new Date(now - 2 * DAY), at: new Date(now - 3 * DAY) },
      { memberId: members[6]!.id, action: 'ban', rule: 'other', reasonSealed: vault.seal(COMMUNITY_SEAL.reason, 'продажа в личных сообщениях участникам'), at: new Date(now - 2 * DAY) },
    ]);
    await db.insert(communityQuestions).values([
      { memberId: members[1]!.id, chatMessageId: 11, askedAt: new Date(now - 8 * DAY), status: 'answered', answeredBy: 'member', answeredAt: new Date(now - 8 * DAY + 7 * 60_000) },
      { memberId: members[3]!.id, chatMessageId: 12, askedAt: new Date(now - 4 * DAY), status: 'answered', answeredBy: 'worker', surfacedAt: new Date(now - 4 * DAY + 30 * 60_000), answeredAt: new Date(now - 4 * DAY + 42 * 60_000) },
      { memberId: members[4]!.id, chatMessageId: 13, askedAt: new Date(now - DAY), status: 'private', answeredBy: 'worker', surfacedAt: new Date(now - DAY + 30 * 60_000), answeredAt: new Date(now - DAY + 35 * 60_000) },
    ]);
  },
});

/** Nothing wider than the screen, a heading, every field named. */
async function pageProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth > width + 1) {
      const wide = [...document.querySelectorAll<HTMLElement>('main *')].filter((e) => e.getBoundingClientRect().right > width + 1).slice(0, 3);
      problems.push(`wider than the screen (${document.documentElement.scrollWidth} > ${width}): ${wide.map((e) => e.tagName + (e.id ? '#' + e.id : '')).join(', ')}`);
    }
    if (!document.querySelector('h1')) problems.push('no <h1>');
    for (const el of document.querySelectorAll<HTMLInputElement | HTMLSelectElement>('input, select, textarea')) {
      if (el instanceof HTMLInputElement && ['hidden', 'submit', 'button'].includes(el.type)) continue;
      if ((el.labels?.length ?? 0) === 0 && !el.getAttribute('aria-label')) problems.push(`a field without a label: ${el.getAttribute('name')}`);
    }
    return problems;
  });
}

describe('the community chat in the console', () => {
  it('a coordinator makes an invitation for a unit on a phone, prints its sheet, reads the log and the figures; nothing overflows 360 px or looks broken at 1280 px', async () => {
    if (SHOTS) mkdirSync(SHOTS, { recursive: true });
    const page = await sandbox.browser.newPage({ viewport: { width: 360, height: 740 }, locale: 'ru-RU' });
    await page.goto(`${sandbox.address}/console/login`);
    await page.getByLabel('Логин').fill('cora');
    await page.getByLabel('Пароль').fill(PASSWORD);
    await page.getByRole('button', { name: 'Войти' }).click();
    await page.locator('#code').fill(freshTotp(secret));
    await page.locator('#code').press('Enter');
    await page.waitForURL(/\/console$/);

    // On a phone the navigation is behind the ☰ Menu.
    await page.locator('details.menu summary').click();
    await page.getByRole('link', { name: 'Чат сообщества' }).click();
    expect(await page.textContent('main')).toContain('Автобус у Ладожской');
    expect(await pageProblems(page)).toEqual([]);
    await page.getByLabel('Откуда приходят люди').selectOption({ index: 0 });
    await page.getByLabel('Сколько человек может вступить').fill('40');
    await page.getByRole('button', { name: 'Создать приглашение' }).click();
    await page.waitForURL(/\/community\/invites\/\d+\?done=created$/);
    const link = (await page.locator('#invite-link').textContent())!.trim();
    expect(link).toMatch(/^https:\/\/t\.me\/\+/);
    expect(await pageProblems(page)).toEqual([]);
    const invitePath = new URL(page.url()).pathname;

    const pages: [string, string][] = [
      ['community', '/console/community'],
      ['invite', invitePath],
      ['print', `${invitePath}/print`],
      ['log', '/console/community/log'],
      ['figures', '/console/community/figures'],
    ];
    for (const viewport of [{ width: 360, height: 740 }, { width: 1280, height: 800 }]) {
      await page.setViewportSize(viewport);
      for (const [name, path] of pages) {
        await page.goto(`${sandbox.address}${path}`);
        expect(await pageProblems(page), `${name} at ${viewport.width}`).toEqual([]);
        if (SHOTS) await page.screenshot({ path: join(SHOTS, `community-${name}-${viewport.width}.png`), fullPage: true });
        if (SHOTS && name === 'figures') {
          await page.locator('#weeks-title').scrollIntoViewIfNeeded();
          await page.screenshot({ path: join(SHOTS, `community-figures-weeks-${viewport.width}.png`) });
        }
      }
    }
    await page.goto(`${sandbox.address}${invitePath}/print`);
    expect(await page.locator('.qr svg').count()).toBe(1);
    // Printed: the console's header and links are gone, the code and the link stay.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('header').isVisible()).toBe(false);
    expect(await page.locator('.qr svg').isVisible()).toBe(true);
    if (SHOTS) await page.screenshot({ path: join(SHOTS, 'community-print-as-printed.png'), fullPage: true });
    if (SHOTS) await page.pdf({ path: join(SHOTS, 'community-print.pdf'), format: 'A4' }).catch(() => undefined);
    await page.emulateMedia({ media: 'screen' });
    await page.goto(`${sandbox.address}/console/community/log`);
    expect(await page.textContent('main')).toContain('Я просто дал ссылку на бесплатный пункт обмена шприцев');
  });
});
