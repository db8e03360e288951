import { afterEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Message } from 'grammy/types';
import { communityJoinRequests, communityMembers, communityQuestions, moderationActions, cases } from '../src/db/schema/index.ts';
import { createInvite } from '../src/community/invites.ts';
import { DEFAULT_SETTINGS } from '../src/organisation/settings.ts';
import { startTestSystem, type TestSystem } from './support/system.ts';
import { searchEverything } from './support/privacy-search.ts';

let sys: TestSystem | undefined;
afterEach(async () => {
  await sys?.stop();
  sys = undefined;
});

const community = { ...DEFAULT_SETTINGS.community, peerInvitesPerMonth: 1, joinRequestTimeoutMinutes: 60, welcomeDeleteMinutes: 10, unansweredQuestionMinutes: 30 };

async function start(): Promise<TestSystem> {
  sys = await startTestSystem({ community: true, settings: { community } });
  expect(sys.app.community, 'the community chat is on').toBeDefined();
  return sys;
}

/** The bot's private message with the rules and its "I accept" button. */
function rulesMessage(s: TestSystem, userId: number): Message {
  const m = s.botMessagesTo(userId).find((x) => /Правила чата|Chat rules/.test(x.text ?? ''));
  if (!m) throw new Error('no rules message');
  return m;
}

async function acceptRules(s: TestSystem, userId: number): Promise<void> {
  const m = rulesMessage(s, userId);
  const button = m.reply_markup?.inline_keyboard.flat()[0] as { url: string };
  // The button opens the bot's chat with /start and the request's code.
  s.emu.userSends(userId, userId, { text: `/start ${/start=(\S+)$/.exec(button.url)![1]}` });
  await s.settle();
}

const member = async (s: TestSystem, pseudonym?: string) => (await s.app.database.db.select().from(communityMembers)).filter((m) => !pseudonym || m.pseudonym === pseudonym);

/** Someone let in through a unit's link, having accepted the rules. */
async function joinThroughUnit(s: TestSystem, name: string, lang = 'ru'): Promise<number> {
  const { link } = await createInvite(s.app.community!, undefined, { source: 'unit', name: 'Автобус, Ладожская', unitId: 'bus' });
  const user = s.emu.createUser({ first_name: name, language_code: lang });
  expect(s.emu.userJoinsByLink(user.id, link).status).toBe('requested');
  await s.settle();
  await acceptRules(s, user.id);
  return user.id;
}

const chatTexts = (s: TestSystem) => s.emu.messages(s.communityChatId).map((m) => m.text ?? '');

describe('the community chat', () => {
  it('lets people in through a unit\'s link after they accept the rules, welcomes them once and deletes the welcome later', async () => {
    const s = await start();
    const userId = await joinThroughUnit(s, 'Оксана');
    const rules = rulesMessage(s, userId);
    expect(rules.text).toMatch(/Правила чата/);
    const [m] = await member(s);
    expect(m).toMatchObject({ status: 'member', source: 'unit', depth: 0 });
    expect(m!.inviteId).not.toBeNull();
    const [req] = await s.app.database.db.select().from(communityJoinRequests);
    expect(req!.outcome).toBe('approved');
    const welcome = s.emu.messages(s.communityChatId).find((x) => /добро пожаловать/i.test(x.text ?? ''));
    expect(welcome).toBeDefined();

    s.advanceClock(11 * 60_000);
    await s.app.deps.scheduler.runDue();
    await s.settle();
    expect(s.emu.message(s.communityChatId, welcome!.message_id)).toBeUndefined();

    // Nothing that identifies the person is stored in clear.
    const found = await searchEverything(s, [String(userId), 'Оксана']);
    expect(found).toEqual([]);
  });

  it('gives a member a personal link and declines a peer beyond the month\'s limit at once', async () => {
    const s = await start();
    const inviter = await joinThroughUnit(s, 'Марина');
    s.emu.userSends(inviter, inviter, { text: '/invite' });
    await s.settle();
    const linkText = s.botMessagesTo(inviter).at(-1)!.text!;
    const link = /https:\/\/t\.me\/\+\S+/.exec(linkText)![0];

    const friend = s.emu.createUser({ first_name: 'Friend' });
    s.emu.userJoinsByLink(friend.id, link);
    await s.settle();
    await acceptRules(s, friend.id);
    const [, joined] = (await member(s)).sort((a, b) => a.id - b.id);
    expect(joined).toMatchObject({ status: 'member', source: 'peer', depth: 1 });

    // The month's one join is used: the next request through the same link is declined at once.
    const second = s.emu.createUser({ first_name: 'Second' });
    s.emu.userJoinsByLink(second.id, link);
    await s.settle();
    expect(s.botMessagesTo(second.id).at(-1)!.text).toMatch(/максимальное число/);
    const outcomes = (await s.app.database.db.select().from(communityJoinRequests)).map((r) => r.outcome).sort();
    expect(outcomes).toEqual(['approved', 'approved', 'declined_invite']);
    expect(() => s.emu.userSends(second.id, s.communityChatId, { text: 'привет' })).toThrow();

    // And the member is told so when they ask again.
    s.emu.userSends(inviter, inviter, { text: '/invite' });
    await s.settle();
    expect(s.botMessagesTo(inviter).at(-1)!.text).toMatch(/больше никто не сможет вступить: предел — 1 в месяц/);
  });

  it('declines a request whose rules were not accepted in time, and tells the person', async () => {
    const s = await start();
    const { link } = await createInvite(s.app.community!, undefined, { source: 'event', name: 'Фестиваль' });
    const user = s.emu.createUser({ first_name: 'Late' });
    s.emu.userJoinsByLink(user.id, link);
    await s.settle();
    s.advanceClock(61 * 60_000);
    await s.app.deps.scheduler.runDue();
    await s.settle();
    expect(s.botMessagesTo(user.id).at(-1)!.text).toMatch(/отклонена/);
    const [req] = await s.app.database.db.select().from(communityJoinRequests);
    expect(req!.outcome).toBe('declined_timeout');
    // Pressing the old button now says the request is over.
    await acceptRules(s, user.id);
    expect(s.botMessagesTo(user.id).at(-1)!.text).toMatch(/уже не действует/);
    expect((await member(s))[0]!.status).toBe('applicant');
  });

  it('removes an insult with a private warning, mutes a repeat, and leaves talk about dosing alone', async () => {
    const s = await start();
    const userId = await joinThroughUnit(s, 'Грубиян');
    const dosing = s.emu.userSends(userId, s.communityChatId, { text: 'сколько мл метадона безопасно если толерантность упала после больницы?' });
    const insult = s.emu.userSends(userId, s.communityChatId, { text: 'ты тупой урод, заткнись' });
    await s.settle();
    expect(s.emu.message(s.communityChatId, dosing.message_id)).toBeDefined();
    expect(s.emu.message(s.communityChatId, insult.message_id)).toBeUndefined();
    expect(s.botMessagesTo(userId).at(-1)!.text).toMatch(/удалено: оскорбления.*предупреждение/s);

    const again = s.emu.userSends(userId, s.communityChatId, { text: 'ты дебил конченый' });
    await s.settle();
    expect(s.emu.message(s.communityChatId, again.message_id)).toBeUndefined();
    expect(s.botMessagesTo(userId).at(-1)!.text).toMatch(/писать в чат нельзя 1 ч/);
    expect(() => s.emu.userSends(userId, s.communityChatId, { text: 'ну и ладно' })).toThrow();
    const actions = (await s.app.database.db.select().from(moderationActions)).map((a) => `${a.action}:${a.rule}`);
    expect(actions).toEqual(['delete:insult', 'warn:insult', 'delete:insult', 'mute:insult']);

    // The removed words are nowhere in the database.
    expect(await searchEverything(s, ['тупой урод', 'дебил конченый'])).toEqual([]);

    // An appeal reaches the staff group.
    s.emu.userSends(userId, userId, { text: '/appeal это была шутка между друзьями' });
    await s.settle();
    expect(s.botMessagesTo(userId).at(-1)!.text).toMatch(/передано сотрудникам/);
    const staffTexts = s.emu.messages(s.staffChatId).map((m) => m.text ?? '');
    expect(staffTexts.some((t) => /Обжалование.*это была шутка/s.test(t))).toBe(true);
  });

  it('says a removal in the chat when the author never started the bot and cannot be told privately', async () => {
    const s = await start();
    const user = s.emu.createUser({ first_name: 'Добавленный' });
    // Added by an admin by hand: never started the bot.
    s.emu.userJoins(user.id, s.communityChatId);
    await s.settle();
    const ad = s.emu.userSends(user.id, s.communityChatId, { text: 'Раскрутка каналов, живые подписчики, недорого. Пиши @smm_promo_000' });
    await s.settle();
    expect(s.emu.message(s.communityChatId, ad.message_id)).toBeUndefined();
    expect(s.botMessagesTo(user.id)).toEqual([]);
    expect(chatTexts(s).some((t) => /Сообщение удалено: реклама/.test(t))).toBe(true);
  });

  it('lets staff mute and ban by replying in the chat, and unban by pseudonym', async () => {
    const s = await start();
    const userId = await joinThroughUnit(s, 'Спамер');
    const first = s.emu.userSends(userId, s.communityChatId, { text: 'всем привет, как дела' });
    await s.settle();
    s.emu.userSends(s.workers[0]!.id, s.communityChatId, { text: '/mute 2h оффтоп' }, { reply_to_message_id: first.message_id });
    await s.settle();
    expect(s.botMessagesTo(userId).at(-1)!.text).toMatch(/запретили вам писать в чат: 2 часа\. Причина: оффтоп/);
    expect(() => s.emu.userSends(userId, s.communityChatId, { text: 'эй' })).toThrow(/CHAT_SEND_PLAIN_FORBIDDEN/);
    s.emu.userSends(s.workers[0]!.id, s.communityChatId, { text: `/unban ${(await member(s))[0]!.pseudonym}` });
    await s.settle();
    const post = s.emu.userSends(userId, s.communityChatId, { text: 'ладно, понял' });
    await s.settle();
    s.emu.userSends(s.workers[0]!.id, s.communityChatId, { text: '/ban флуд' }, { reply_to_message_id: post.message_id });
    await s.settle();
    expect(s.botMessagesTo(userId).at(-1)!.text).toMatch(/исключили вас из чата. Причина: флуд/);
    expect((await member(s))[0]!.status).toBe('banned');
    // A banned person asking to join again is declined at once.
    const { link } = await createInvite(s.app.community!, undefined, { source: 'other', name: 'Листовка' });
    // The message is gone with the ban: /unban names the pseudonym the bot gave in its answer.
    const pseudonym = (await member(s))[0]!.pseudonym;
    expect(chatTexts(s).some((t) => t.includes(`${pseudonym} исключён`))).toBe(true);
    s.emu.userSends(s.workers[0]!.id, s.communityChatId, { text: `/unban ${pseudonym}` });
    await s.settle();
    expect((await member(s))[0]!.status).toBe('left');
    expect(s.emu.userJoinsByLink(userId, link).status).toBe('requested');
  });

  it('answers an overdose described in the chat there and alerts the staff group', async () => {
    const s = await start();
    const userId = await joinThroughUnit(s, 'Свидетель');
    const m = s.emu.userSends(userId, s.communityChatId, { text: 'помогите, друг посинел и не дышит после дозы' });
    await s.settle();
    const reply = s.emu.messages(s.communityChatId).find((x) => x.reply_to_message?.message_id === m.message_id);
    expect(reply?.text).toMatch(/103|112/);
    const alert = s.emu.messages(s.staffChatId).find((x) => /передозировка/i.test(x.text ?? ''));
    expect(alert?.text).toMatch(new RegExp(`t\\.me/c/\\d+/${m.message_id}`));
  });

  it('surfaces a question nobody answered, and the person who asked takes it private into a case', async () => {
    const s = await start();
    const userId = await joinThroughUnit(s, 'Вопрошающий');
    const kb = s.emu.userSends(userId, s.communityChatId, { text: 'где можно бесплатно сдать тест на ВИЧ и гепатит?' });
    const q = s.emu.userSends(userId, s.communityChatId, { text: 'кто-нибудь знает, берут ли в больницу на Вавиловых без полиса?' });
    const answered = s.emu.userSends(userId, s.communityChatId, { text: 'а кто-нибудь был в новом центре на Лиговском?' });
    await s.settle();
    // The knowledge base offers a verified article for the first at once; it opens in the bot's chat.
    const articleOffer = s.emu.messages(s.communityChatId).find((x) => x.reply_to_message?.message_id === kb.message_id);
    expect(articleOffer?.text).toMatch(/проверенный материал/);
    const articleUrl = (articleOffer!.reply_markup!.inline_keyboard.flat()[0] as { url: string }).url;
    s.emu.userSends(userId, userId, { text: `/start ${/start=(\S+)$/.exec(articleUrl)![1]}` });
    await s.settle();
    expect(s.botMessagesTo(userId).at(-1)!.text).toMatch(/ВИЧ/);
    // Another member answers two of them.
    const other = await joinThroughUnit(s, 'Отвечающий');
    s.emu.userSends(other, s.communityChatId, { text: 'был, нормально там' }, { reply_to_message_id: answered.message_id });
    s.emu.userSends(other, s.communityChatId, { text: 'в СПИД-центре бесплатно' }, { reply_to_message_id: kb.message_id });
    await s.settle();

    s.advanceClock(31 * 60_000);
    await s.app.deps.scheduler.runDue();
    await s.settle();
    const surfaced = s.emu.messages(s.staffChatId).filter((x) => /Вопрос из чата без ответа/.test(x.text ?? ''));
    expect(surfaced).toHaveLength(1);
    expect(surfaced[0]!.text).toMatch(/без полиса/);
    const questions = await s.app.database.db.select().from(communityQuestions);
    expect(questions.map((x) => `${x.status}:${x.answeredBy ?? ''}`).sort()).toEqual(['answered:member', 'answered:member', 'surfaced:']);

    // "Continue privately": the chat sees the offer, the person who asked opens a case with it.
    const button = surfaced[0]!.reply_markup!.inline_keyboard.flat()[0] as { callback_data: string };
    // A button naming another question, forged onto this one's message, does nothing.
    const [other1] = await s.app.database.db.select().from(communityQuestions).where(eq(communityQuestions.chatMessageId, answered.message_id));
    s.emu.userSendsForgedPress(s.workers[0]!.id, s.staffChatId, surfaced[0]!.message_id, `cq:p:${other1!.id}`);
    await s.settle();
    expect(s.emu.messages(s.communityChatId).some((x) => x.reply_to_message?.message_id === answered.message_id && x.from?.is_bot)).toBe(false);
    expect((await s.app.database.db.select().from(communityQuestions).where(eq(communityQuestions.id, other1!.id)))[0]!.status).toBe('answered');
    s.emu.userPressesButton(s.workers[0]!.id, s.staffChatId, surfaced[0]!.message_id, button.callback_data);
    await s.settle();
    const offer = s.emu.messages(s.communityChatId).find((x) => x.reply_to_message?.message_id === q.message_id);
    const url = (offer!.reply_markup!.inline_keyboard.flat()[0] as { url: string }).url;
    const token = /start=(\S+)$/.exec(url)![1]!;
    // Someone else pressing it gets nothing.
    s.emu.userSends(other, other, { text: `/start ${token}` });
    await s.settle();
    expect(s.botMessagesTo(other).at(-1)!.text).toMatch(/для того, кто задал вопрос/);
    s.emu.userSends(userId, userId, { text: `/start ${token}` });
    await s.settle();
    expect(s.botMessagesTo(userId).at(-1)!.text).toMatch(/передан сотруднику/);
    const [kase] = await s.app.database.db.select().from(cases);
    expect(kase).toBeDefined();
    const topic = s.topicMessages(kase!.topicId!).map((x) => x.text ?? '');
    expect(topic.some((t) => /Вопрос из чата сообщества[\s\S]*без полиса/.test(t))).toBe(true);
    const [question] = await s.app.database.db.select().from(communityQuestions).where(eq(communityQuestions.chatMessageId, q.message_id));
    expect(question!.caseId).toBe(kase!.id);
  });

  it('posts a worker\'s reply to a surfaced question in the chat, as the organisation', async () => {
    const s = await start();
    const userId = await joinThroughUnit(s, 'Спрашивает');
    const q = s.emu.userSends(userId, s.communityChatId, { text: 'подскажите, кто-нибудь ходил к юристу насчёт штрафа за мелкое хулиганство?' });
    await s.settle();
    s.advanceClock(31 * 60_000);
    await s.app.deps.scheduler.runDue();
    await s.settle();
    const surfaced = s.emu.messages(s.staffChatId).find((x) => /Вопрос из чата без ответа/.test(x.text ?? ''))!;
    s.emu.userSends(s.workers[1]!.id, s.staffChatId, { text: 'Сегодня до 20:00, приходите.' }, { reply_to_message_id: surfaced.message_id, message_thread_id: surfaced.message_thread_id });
    await s.settle();
    const answer = s.emu.messages(s.communityChatId).find((x) => x.reply_to_message?.message_id === q.message_id && x.text === 'Сегодня до 20:00, приходите.');
    expect(answer).toBeDefined();
    expect(answer?.from?.id).toBe(s.emu.botUser.id);
  });
});
