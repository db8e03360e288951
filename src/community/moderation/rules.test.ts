import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { evaluateModeration, parseJsonl } from './evaluate.ts';
import { findPhoneNumbers, isKeyboardMash, moderate, RULES, spelledNumbersToDigits, type ModerationRule } from './rules.ts';

const rule = (text: string, extra: { allowedNumbers?: string[]; forwardedFromChat?: boolean } = {}) => moderate({ text, ...extra })?.rule;

const cases: [ModerationRule | undefined, string][] = [
  // insult
  ['insult', 'ты тупая сука, вали отсюда'],
  ['insult', 'торчи дальше, мусор'],
  ['insult', 'ты овощ конченый'],
  ['insult', 'с*ка ты, а не человек'],
  ['insult', 'ты п@дла последняя'],
  ['insult', 'ты т у п о й или как?'],
  ['insult', 'ты cyкa конченая'],
  ['insult', 'сдохни уже, наркоман'],
  ['insult', 'она шлюха, не верьте ей'],
  ['insult', 'я тебя найду и ноги переломаю'],
  ['insult', 'idi nahui'],
  ['insult', 'you are a 1d10t'],
  ['insult', 'f*ck you and your advice'],
  ['insult', 'just die already, junkie'],
  ['insult', 'u r a r e t a r d'],
  ['insult', '@mike_t you are a moron'],
  // personal data
  ['personal_data', 'его телефон +7 (912) 000-11-22'],
  ['personal_data', 'пишите ему 89120001122'],
  ['personal_data', 'номер 8.912.000.55.66'],
  ['personal_data', 'её номер восемь девятьсот двенадцать 000 11 22'],
  ['personal_data', 'телефон барыги 8912ооо1122'],
  ['personal_data', 'он живёт на Ленина 5 кв 12'],
  ['personal_data', 'вот его паспорт, сливаю'],
  ['personal_data', 'he lives at 14 Oak Street, apt 3'],
  ['personal_data', 'text him at +44 7700 900123, his number'],
  // advertising
  ['advertising', 'Работа курьером-кладменом, высокий доход, пиши в лс'],
  ['advertising', 'Лучшее казино, бонус 200% на первый депозит t.me/casino_bonus_bot'],
  ['advertising', 'Подпишись на мой канал про таро @taro_masha'],
  ['advertising', 'Earn $500 a day from home! DM me for details'],
  // selling
  ['selling', 'Продам меф, качество топ, пиши в лс'],
  ['selling', 'Есть в наличии соль, фен. Закладки в твоём районе @shop_drug_bot'],
  ['selling', 'Меф 1г — 2500, 2г — 4500, писать @mefshop'],
  ['selling', 'selling xanax bars, 5$ each, DM me'],
  // spam
  ['spam', 'аааааааааааааааааааааааааааааааааааааааа'],
  ['spam', 'лол лол лол лол лол лол лол лол лол лол'],
  ['spam', '😂😂😂😂😂😂😂😂😂😂😂😂😂😂😂😂😂😂😂😂'],
  ['spam', 'Перешли это сообщение 10 друзьям, иначе тебя ждёт неудача!'],
  ['spam', 'https://a.example/1 https://b.example/2 https://c.example/3'],
  ['spam', 'FREE MONEY CLICK NOW!!! LIMITED OFFER!!!'],
];

const keep: [string, string][] = [
  ['drug talk and slang', 'кто-нибудь знает, соль сейчас сильно бодяжат? боюсь передоза'],
  ['drug talk and slang', 'вмазался вчера 0.2 мл, кумар отпустил, ширка была грязная'],
  ['swearing as emphasis', 'блин, пиздец как кумарит третий день'],
  ['swearing as emphasis', 'сука, опять ширка с какой-то дрянью попалась'],
  ['swearing as emphasis', 'сука ты не представляешь как меня ломает'],
  ['swearing as emphasis', 'fucking withdrawal is killing me, day 3'],
  ['swearing as emphasis', 'fuck you withdrawal'],
  ['quoted insult, complaint', 'мне в личку написали "ты тупая наркоманка", админы, разберитесь'],
  ['quoted insult, complaint', 'he called me a worthless junkie and I cried'],
  ['friendly teasing', 'ахахах ну ты лох конечно, опять ключи потерял 😂'],
  ['friendly teasing', 'ты чё, дурак, одному колоться? позвони хоть кому-нибудь'],
  ['self-directed', 'я дебил, забыл налоксон дома'],
  ['police slang', 'мусора приняли у закладки'],
  ['idiom', 'кумар жуткий, хоть сдохни'],
  ['single news link', 'https://meduza.io/news/2024/03/15/naloxone вот новость'],
  ['price question', 'сколько сейчас стоит грамм меф в среднем?'],
  ['scammed by a shop', 'магазин на гидре кинул меня на 5к, будьте осторожны'],
  ['free supplies', 'отдам даром упаковку инсулинок 1 мл'],
  ['idiom', 'продам душу за сон, третьи сутки на фене'],
  ['org hotline', 'наша горячая линия 8 800 000-00-00, круглосуточно'],
  ['public address', 'Центр СПИД на Ленина 5, приём с 9 до 17'],
  ['time, dose, date', 'тест на ВИЧ 15.03 с 11 до 14, метадон 150 мг'],
  ['care', 'не будь идиотом, бери налоксон с собой'],
  ['caps warning', 'ОСТОРОЖНО! В ГОРОДЕ СИЛЬНАЯ ПАРТИЯ, УЖЕ ТРОЕ ПЕРЕДОЗОВ'],
  ['card-like digits', 'card 2200 0000 0000 0000'],
];

// ── Version 2: the general rules, on messages written for these tests (not taken from the labelled sets) ──

const casesV2: [ModerationRule, string][] = [
  ['spam', 'ВНИМАНИЕ! Разошлите всем знакомым: с понедельника ватсап станет платным'],
  ['spam', 'Срочно перешлите в свои группы, пропала собака!!!'],
  ['spam', 'forward this to all your contacts before midnight or your account gets deleted'],
  ['spam', 'Поздравляем! Вы выиграли 50 000 рублей, заберите выигрыш: win-prize.example'],
  ['spam', 'Компенсация 12 000₽ каждому пострадавшему, получи здесь 👉 kompensaciya.example'],
  ['spam', 'Congrats, you won a free iPhone! claim here: apple-gift.example'],
  ['spam', 'Ваша страница ВКонтакте будет заблокирована. Подтвердите личность: vk-secure.example'],
  ['spam', 'your account has been suspended, confirm your login at tg-help.example'],
  ['spam', 'ку всем ку всем ку всем ку всем ку всем ку всем'],
  ['spam', '🔥🔥🔥🔥🔥 ТОП ТОП ТОП 🔥🔥🔥🔥🔥🔥'],
  ['spam', 'йцукенгшщзхъйцукенгшщ'],
  ['spam', 'qwertyuiopqwerty'],
  ['spam', 'лвоарплоарвплдоывапждлоываплж'],
  ['spam', 'hey cutie 😘 lonely tonight, see my profile'],
  ['spam', 'Мне одиноко 💋 посмотри мои фото в профиле'],
  ['spam', 'bump bump bump bump bump'],
  ['spam', 'РАЗДАЧА! Telegram Premium бесплатно первым 100, жми 👉 tg-free.example'],
  ['spam', 'Ваш аккаунт взломан! Срочно подтвердите номер: secure-tg.example'],
  ['spam', 'send this to everyone you love 💕💕 or bad luck for 7 years'],
  ['spam', 'ааааааааааааааааааааааааааааааааааааааааааааааааааааааааа'],
  ['spam', 'кек кек кек кек кек кек кек'],
  ['spam', 'СРОЧНО!!! Разошлите всем: в городе маньяк, врачи подтвердили, перешлите в другие группы'],
  ['spam', 'Ты выиграл 100 000 ₽ в розыгрыше! Забери: prize-bank.example'],
  ['selling', 'Кристаллы, мефедрон, шишки. Доставка по городу, оплата USDT. Пиши @snow_del00'],
  ['selling', 'отдам мефедрон бесплатно, мне уже не нужно, пишите'],
  ['selling', 'раздам остатки лирики, кому надо заберите у вокзала'],
  ['selling', 'продаю велик, 5000, пишите'],
  ['selling', 'отдам кроссовки за 2000, почти новые'],
  ['selling', 'кому трамадол нужен, у меня есть, 300 за таблетку'],
  ['selling', 'куплю лирику, пишите в личку'],
  ['selling', 'кто продаст субутекс? заплачу сразу'],
  ['selling', 'wtb xanax bars, dm me'],
  ['selling', 'got extra percs, $15 each, hmu'],
  ['selling', 'я беру только у @snow_king_00, ни разу не кинули'],
  ['selling', 'i always get mine from @plug_dave_00, legit'],
  ['selling', 'м е ф 2500 за грамм, п и ш и т е'],
  ['selling', 'нашла клад, 2 г, кому надо?'],
  ['selling', 'кому нужны шприцы? 20р за штуку, могу привезти'],
  ['selling', 'giving away the rest of my molly, dm'],
  ['selling', 'Есть шишки и бошки, доставка по району, оплата переводом, пиши @greeen_00'],
  ['selling', 'продам лирику 300мг, 10 капсул, недорого'],
  ['selling', 'ищу кто продаст меф, плачу сразу, пишите в лс'],
  ['selling', 'selling my old iPhone, $200, dm me'],
  ['selling', 'кому нужен альфа, у меня есть, 1500 за грамм'],
  ['selling', 'Шишки 1г/1500, гаш 1г/2000, пиши в тг'],
  ['selling', 'есть пара блистеров лирики, кому надо пишите, недорого'],
  ['advertising', 'Тату-салон «Игла», скидка 25% для подписчиков чата, запись @igla_tattoo00'],
  ['advertising', 'Реабилитационный центр, анонимно, 24/7, звоните +7 999 000 11 00'],
  ['advertising', 'Закодирую от алкоголя и наркотиков, гарантия результата! Звоните 8 912 000 22 33'],
  ['advertising', 'Обменник крипты, лучший курс, пишите @crypto_swap00'],
  ['advertising', 'Микрозаймы без проверок на карту за 10 минут'],
  ['advertising', 'Накрутка подписчиков и лайков недорого, пиши @likes00'],
  ['advertising', 'Новая группа без модерации, залетай t.me/+Qwe000'],
  ['advertising', 'Удалённая работа, от 3000 в день, пиши в лс'],
  ['advertising', 'Ищем людей на склад, оплата ежедневно, 2500 за смену, подробности в ЛС'],
  ['advertising', 'Нужны дропы под карты, платим 5к сразу'],
  ['advertising', 'VPN бот @fastvpn00_bot, первые 7 дней бесплатно'],
  ['advertising', 'looking for drivers, $300 a day, no experience needed, dm me'],
  ['advertising', 'vape shop downtown, use promo code CHAT15 for 15% off'],
  ['advertising', 'Private detox at home, discreet, call now 555-0199'],
  ['advertising', 'Займ до 30 000 на карту без отказа, ссылка в профиле'],
  ['advertising', 'Казино Вулкан, 500 фриспинов за регистрацию'],
  ['advertising', 'Подработка для всех, 1500 в час, пиши в лс'],
  ['advertising', 'лечение наркомании на дому, анонимно, выезд 24/7, 8 912 000 55 66'],
  ['advertising', 'Бесплатный VPN бот @vpnfree00_bot, подключайся'],
  ['advertising', 'Работа для девушек, от 5000 в день, пиши в лс'],
  ['personal_data', 'его номер 8 912 000 33 44, звоните ему ночью'],
  ['personal_data', 'вот где живёт этот барыга: Садовая 12, кв 40'],
  ['personal_data', 'Олег Петров, работает в автосервисе на Мира, колется — пусть все знают'],
  ['personal_data', 'Мария Сидорова, ВИЧ+, работает в школе'],
  ['personal_data', 'his insta is instagram.com/john_doe_000, find him'],
  ['personal_data', 'her card 4000 1234 5678 9010, she owes me'],
  ['personal_data', 'Tom Baker works at the gas station on 3rd, he is a junkie, tell his boss'],
  ['personal_data', 'Ленку с третьего этажа видели на закладках, пусть муж узнает'],
  ['personal_data', 'вот её адрес: Лесная 7, кв 15, идите разбирайтесь'],
  ['personal_data', 'номер барыги +7 912 000 44 55, сливаю'],
  ['personal_data', 'his phone is 07700 900456, call him at night lol'],
  ['personal_data', 'Петрова Анна Сергеевна, работает в аптеке на Садовой, сидит на мефе'],
  ['personal_data', 'эта крыса Денис Котов живёт на Мира 20, кв 7'],
  ['insult', 'ты дyр@к конченый'],
  ['insult', 'y6л0док ты'],
  ['insult', 'слышь, п.и.д.о.р, отвали'],
  ['insult', 'с твоими мозгами только молчать'],
  ['insult', 'тебя вообще никто не спрашивал, торчок'],
  ['insult', 'подыхайте тут все'],
  ['insult', 'ну и жирная свинья, фу'],
  ['insult', 'алкашня подзаборная, иди проспись'],
  ['insult', 'засунь своё мнение себе в ж0пу'],
  ['insult', 'look at this loser 🤡'],
  ['insult', 'nobody asked you, junkie'],
  ['insult', 'do everyone a favor and OD'],
  ['insult', 'go OD already'],
  ['insult', 'u r a d1ckhead'],
  ['insult', 'you’re such a pathetic loser'],
  ['insult', 'заткнись уже, торчок'],
  ['insult', 'иди нахер со своими советами'],
  ['insult', 'ты мерзкая конченая наркоманка'],
  ['insult', 'слышь, кр*са, закройся'],
  ['insult', 'you fat pig, nobody wants you here'],
  ['insult', 'kill yourself junkie'],
  ['insult', 'дохни в канаве, нарик'],
  ['insult', 'tы дeбил'],
  ['insult', 'г.а.н.д.о.н ты'],
  ['insult', 'ты реально овощ, с тобой бесполезно говорить'],
  ['insult', 'да пошла ты, шалава'],
  ['insult', 'все вы тут конченые, сдохните уже'],
  ['insult', 'чмо болотное, вали отсюда'],
  ['insult', 'fuck off you junkie whore'],
  ['spam', 'https://a.example/x https://b.example/y https://c.example/z https://d.example/w'],
  ['spam', 'Share this with 10 friends and Telegram will give you premium for free!'],
  ['spam', 'Claim your free Telegram Premium now 🎁 tg-gift.example'],
  ['spam', 'hey handsome 😏 I am Lisa, lonely tonight, check my profile'],
  ['spam', 'loooooooooooooooooooooooooooooool'],
  ['spam', 'ахахахахахахахахахахахахахахахахахахахахах'],
  ['spam', 'sdkjfhskdjfhksjdhfkjsdhf'],
  ['selling', 'selling clean syringes $2 each, can meet downtown'],
  ['selling', 'have some xans left, 5 each, hmu'],
  ['selling', 'продам пачку сигарет, 200р, у метро'],
  ['selling', 'wtb oxys, paying good, pm'],
  ['selling', 'отдам налоксон за 500, мне не нужен'],
  ['selling', 'selling my bike, 80 bucks, dm'],
  ['selling', 'plug here 🔌 coke, molly, fast delivery, telegram @party_plug00'],
  ['advertising', 'Crypto signals VIP channel, 300% profit monthly, join t.me/+Sig000'],
  ['advertising', 'Home detox, discreet nurses, call 07700 900111 today'],
  ['advertising', 'Warehouse job, $25/hr, no experience, text 555-0188'],
  ['advertising', 'need drivers for night deliveries, cash daily, dm me'],
  ['advertising', 'Хочешь зарабатывать из дома? Пиши мне в лс, всё расскажу'],
  ['advertising', 'Ставки на спорт, прогнозы с проходимостью 90%, канал @bet_pro00'],
  ['advertising', 'join our new chat, no rules no mods t.me/+Free000'],
  ['personal_data', 'her address is 22 Oak Lane, flat 4, go tell her what you think'],
  ['personal_data', 'номер его машины А123ВС77, Олег Смирнов, найдёте'],
  ['personal_data', 'его номер 8 9l2 000 1l 22'],
  ['personal_data', 'call him on +44 7700 900222, he owes everyone'],
  ['insult', 'kys junkie'],
  ['insult', 'ty suka tupaya'],
  ['insult', 'show me your tits lol'],
  ['insult', 'you are disgusting, fat and useless'],
  ['insult', 'shut up crackhead'],
  ['insult', 'ты просто жалкий нарик, тебя никто не любит'],
  ['insult', 'иди ширяйся дальше, овощ'],
  ['insult', 'вас всех надо на остров, отбросы'],
  ['insult', 'ну ты и овощ, с тобой говорить бесполезно'],
  ['insult', 'при всём уважении, вы идиот'],
  ['insult', 'сиди и не отсвечивай, чепушила'],
  ['insult', 'такие как ты должны сдохнуть'],
  ['insult', 'you people are vermin'],
  ['insult', 'lmao what a loser 🤡'],
  ['insult', 'go rot in a ditch'],
  ['insult', 'nobody cares about your sob story, junkie'],
  ['insult', 'ur mom should have aborted u'],
  ['insult', 'дура тупая, читай правила'],
  ['spam', 'ВНИМАНИЕ!!! С 1 числа все переписки будут читать, перешлите всем контактам'],
  ['spam', 'Получите 3000 рублей на карту от государства: gov-pay.example'],
  ['spam', 'Вам начислен бонус 10 000 ₽, активируйте по ссылке bonus-get.example'],
  ['spam', 'Your package could not be delivered, confirm your address: post-track.example'],
  ['spam', 'ХАХАХАХАХАХАХАХАХАХАХАХАХАХАХАХА'],
  ['spam', '💊💊💊💊💊💊💊💊💊💊💊💊💊💊💊'],
  ['spam', 'up up up up up up up'],
  ['selling', 'в наличии альфа, меф, доставка по городу 24/7, оплата крипта'],
  ['selling', 'Закладки по всему городу, гарантия качества, бот в профиле'],
  ['selling', 'кому надо лирику по 50р за капсулу, пишите'],
  ['selling', 'отдам свой метадон, мне отменили, кому надо'],
  ['selling', 'looking for a plug, paying cash, dm me'],
  ['selling', 'buying subs, pm me'],
  ['selling', 'selling naloxone kits, $20, dm'],
  ['advertising', 'Наш новый канал о заработке на крипте, подписывайтесь @crypto_money00'],
  ['advertising', 'Требуются курьеры, зп от 100к, пиши в телегу @work_now00'],
  ['advertising', 'Вывод из запоя, капельницы, кодирование. Недорого, анонимно. Звоните 8 912 000 33 11'],
  ['advertising', 'Психолог, консультации онлайн, 2000₽ за сессию, запись в лс'],
  ['advertising', 'Маникюр у меня дома, скидка 20% для девочек из чата, пишите'],
  ['advertising', 'Easy money from home, $300/day, message me for details'],
  ['advertising', 'Ищу дропов, плачу 10к за карту'],
  ['personal_data', 'его телефон восемь девятьсот двенадцать ноль ноль ноль сорок пять шестьдесят семь'],
  ['personal_data', 'вот адрес этой суки: Ленина 15, кв 3'],
  ['personal_data', 'Сергей Козлов, ВИЧ+, ходит в нашу группу, будьте осторожны'],
  ['personal_data', 'her name is Emma Stone, she works at the Tesco on High St and uses meth'],
  ['personal_data', 'his real name is Dave Harris, lives at 9 Mill Road, flat 2'],
  ['personal_data', 'паспорт его: 4510 123456, пользуйтесь'],
];

/** Must-not-remove neighbours of the version-2 rules: quotes, questions, warnings, free supplies, own data, teasing. */
const keepV2: string[] = [
  'ахахаха ну ты даёшь',
  'водопровод прорвало, пункт сегодня закрыт',
  'нет нет и нет, один не колись',
  'я выиграл в лотерею 500 рублей, купил всем пиццу',
  'подарки для детей из фонда раздаём в субботу, приходите',
  'мне выплату по инвалидности задержали, кто знает куда жаловаться?',
  'мой аккаунт заблокировали в тг, теперь пишу с нового',
  'перешлите пожалуйста Оле, она просила расписание автобуса',
  'здравствуйте здравствуйте, рада всех видеть',
  'hahaha yes yes yes',
  '🙏🙏🙏 спасибо',
  'strengths and weaknesses of methadone vs bupe',
  'Достопримечательности нашего города',
  'отдам бесплатно шприцы и салфетки, кому надо — пишите',
  'кому нужен налоксон? бесплатно раздаём у автобуса',
  'у меня есть лишний налоксон, отдам бесплатно',
  'почём сейчас мефедрон? у нас 3000 за грамм, жесть',
  'купила в аптеке налоксон за 900р, пишите если нужен адрес аптеки',
  'куплю завтра тест-полоски в аптеке',
  'пишут мне в лс «есть меф, доставка, оплата на карту» — что это за бред?',
  'меня кинул магазин @shop_klad00 на 3к, не ведитесь',
  'I never buy from @random_plug_00, they are scammers',
  'нашёл закладку лет пять назад, с тех пор и сижу',
  'how much are bars going for now? someone said $5 each',
  'в фонде ищем волонтёров на раздачу, оплаты нет, но кормим',
  'капельница от ломки в клинике стоит 6000, кто-то делал дешевле?',
  'кодирование вообще работает? кто пробовал',
  'лежал в ребцентре полгода, там было жёстко',
  'мне предложили «удалёнку 5000 в день», это же развод?',
  'в аптеке на углу скидка на шприцы по четвергам',
  'наш канал с расписанием автобуса: t.me/netreach_bus',
  'зарплату задержали, 20 тысяч за месяц работы',
  'работаю курьером еды, 2000 в день выходит, норм',
  'мой телефон +7 912 000 11 22, звоните если плохо',
  'Лена просила передать её номер волонтёрам: 8 912 000 11 44',
  'Иван Петрович, спасибо за помощь вчера!',
  'живу на Ленина, рядом с аптекой, кто рядом?',
  'наш равный консультант Анна Смирнова работает по средам в центре',
  'Nurse Karen at the clinic was so kind to me',
  'у меня ВИЧ+, работаю, всё нормально',
  'my card got blocked lol 2200 0000 0000 0000',
  'я клоун 🤡 опять забыл налоксон',
  'ментовская система — тварь, а не система',
  'кинул меня барыга, мразь. больше у него не беру',
  'мой бывший называл меня «тупая корова», я годами в это верила',
  'т у п о й вопрос: налоксон в холодильнике хранить?',
  'я неудачник, опять сорвалась',
  'you idiot, never use alone, call me next time ok?',
  'im such a clown lol 🤡',
  'just die inside when i see prices lol',
  'with your brain injury be careful with benzos',
  'скидка на проезд для студентов с 1 сентября, кто знает как оформить?',
  'в фонде бесплатная консультация психолога, пишите координатору @netreach_coord',
  'кто-нибудь пробовал кодирование? сколько стоит и реально помогает?',
  'мне звонили из ребцентра, обещали вылечить за 100к, это развод?',
  'нашла работу! курьером в доставке еды, 2500 за смену, наконец-то',
  'Ищу работу, любую, без опыта, кто знает вакансии — подскажите',
  'наш автобус теперь стоит у рынка, ул. Садовая 12, по вторникам',
  'Вера Павловна из наркологии реально хороший врач, рекомендую',
  'у моего брата ВИЧ, как ему сказать маме?',
  'мама живёт на Садовой, в 5 подъезде, я у неё пока',
  'I live at the shelter on 5th street for now, room 12',
  'my sister works at the hospital, she says narcan is free there',
  'пацаны, не берите у @fake_shop_00, кинули на 4к',
  'Thanks John Smith for the ride! legend',
  'отдам бесплатно детскую коляску, забирать у метро',
  'мефедрон раньше стоил 1500 за грамм, сейчас 3000, жесть',
  'бесплатные тест-полоски на фентанил в автобусе, приходите',
  'нужны волонтёры на раздачу в субботу, пишите Оле в лс',
  'перешлите пожалуйста это в чат поддержки, я там не состою',
  'мне скучно и одиноко, не могу уснуть третью ночь',
  'дура я, опять всё пропустила',
  'ну ты и балбес конечно 😂 держись',
  'этот барыга — та ещё крыса, кинул полгорода',
  'врачи в наркологии такие свиньи, хамят всем',
  'you are not a failure, you are sick and getting help',
  'shut up lol you did not 😂',
  'if you OD, nobody might find you, so never use alone',
  'с*ка, забыл ключи',
  'my dad used to say "go die in a ditch, junkie". i am 2 years clean now',
  'promo code for the free narcan kits at the pharmacy is on the fund website',
  'у кого есть лишний налоксон? у меня закончился',
  'got my first paycheck today, $500 a week, feels good',
  'where do I buy test strips? any links?',
  'кто продаёт налоксон без рецепта в аптеках? в 36.6 нет',
  'сдох телефон, пишу с чужого',
  'жирная точка в этой истории: я чист 100 дней',
  'аааа я сдала на права!!!',
  'ща скину ссылку на статью про налоксон: https://www.who.int/news/item/000',
  'ребят, кто знает, в каком ребцентре берут бесплатно по квоте?',
  'в 36.6 на Ленина 10 налоксон есть, 750р, без рецепта дали',
  'у кого есть номер горячей линии фонда? потеряла',
  'горячая линия фонда 8 800 000 11 22, звоните, там помогут',
  'соцработник сказала звонить ей на рабочий +7 999 000 12 34 с 10 до 18',
  'меня зовут Катя, мне 23, на метадоне 2 года',
  'Саша, ты где? напиши мне, переживаю',
  'сегодня в 15:30 раздача у библиотеки, шприцы 1мл и 2мл, салфетки',
  'взяла 0,2 вместо 0,5 и норм, спасибо за совет',
  'раньше брал у одного в телеге, теперь завязал',
  'пишите мне в лс кто тоже на метадоне, поддержим друг друга',
  'лох не мамонт, лох не вымрет 😂 это я про себя, опять кинули',
  'пиздец ты меня напугал, я думала ты передознулся',
  'ты че творишь, дурак, позвони мне сейчас же',
  'не тупи, бери налоксон с собой всегда',
  'ну и урод этот ковид, опять всё закрыли',
  'мой парень работает в Пятёрочке, может взять тебя грузчиком, напиши ему',
  'мне 35, Иванов Сергей, пришёл на программу, всем привет',
  'фонд «Шаг» ищет равного консультанта, 30 000 в месяц, резюме на почту фонда',
  'Я Анна Смирнова, ВИЧ+ с 2015 года, хочу рассказать свою историю',
  'lol same, im such a loser with alarms',
  'nurse Karen Doyle at the clinic gave me narcan for free, so kind',
  'Call the hotline 1-800-555-0100 if you need to talk',
  'my dealer drives a red civic, funny right',
  'ugh the prices lol, $20 a point now',
  'anyone know a cheap rehab that takes medicaid?',
  'дайте ссылку на чат поддержки для родственников плиз',
  'у меня 4 карты и на всех ноль рублей 😂',
  'продавщица в аптеке сказала «наркоманам не продаём», это законно?',
  'к 12:00 у СПИД-центра, ул. Мира 5, кто со мной?',
  'отдам за шоколадку томик Достоевского 😄',
  'кто в теме, сколько сейчас за грамм соли в Москве? спрашиваю для статьи',
  'как отличить настоящий магазин от кидалова? спрашиваю из интереса',
  '0.1, 0.15, 0.2 — так титровала, потом вообще бросила',
  'это не вам, сорри, не туда написала',
  'передознулась подруга, вызвали 103, откачали. берегите себя',
  'пусть все знают: налоксон спасает жизни, носите с собой',
  'позвоните маме, она волнуется. номер знаете',
  'ахах, ну вы и клоуны, я вас обожаю ❤️',
  'в чате без модерации вообще жесть, хорошо что тут модеры есть',
  'read this: https://www.theguardian.com/x/y about fentanyl',
  'anyone need clean needles? free at the van thursday',
  'I sold my bike last year to pay rent, worst decision',
  'got scammed buying xans online, paid $50 and got nothing',
  'is $30 a good price for a narcan kit or am i getting ripped off?',
  'my case worker said to call her at 555-0123 any time',
  'ha ha ha ha',
  'nooooo why',
  'работаю на складе, 2000 в день, тяжело но держусь',
  'в какой ребцентр лучше ехать, платный или по квоте?',
  'you are not trash. you are a person who is struggling',
  'this comedown is a bitch',
  'god damn it, missed the van again',
  'my ex lives on Oak Lane, I avoid that street now',
  'Скидки в аптеках для людей с ВИЧ есть? кто знает',
  'Promo: the van is giving out free test strips this week!',
  'кто-нибудь знает хорошего нарколога? можно платного',
  'нужна работа, любая, пишите если знаете что-то',
  'where can I get a job with a record? anyone hiring?',
  'ребят, вчера у Димы был передоз, откачали налоксоном. Дима, держись брат',
  'сестра живёт в Твери, ул. Советская 10, хочу к ней переехать',
  'мой адрес для посылок: Садовая 5, кв 12 — это для волонтёров фонда, они просили',
  'Номер телефона доверия: 8 800 000 12 34',
  'запишите мой: +7 912 000 98 76, Лена',
  'телефон скорой 103, а с мобильного 112',
  'пульс 120, давление 150 на 90, это опасно?',
  'в 2021 весила 45, сейчас 60, спасибо программе',
  'паспорт потеряла, как теперь в наркологию без него?',
  'Алексей Иванович, спасибо вам за всё, вы лучший врач',
  'мне бы работу найти, хоть за 1000 в день',
  'получила выплату от соцзащиты, наконец-то',
  'подпишитесь на петицию за доступ к метадону, ссылка в канале фонда',
  'кто-нибудь играл в казино? я там всё проиграла, теперь долги',
  'меф это зло, 3 года потеряла',
  'у кого-нибудь есть лишний налоксон? могу заплатить',
  'кто знает где дешевле шприцы купить? в аптеке по 15р',
  'куплю ли я когда-нибудь квартиру с такими долгами',
  'ищу кто поедет со мной в наркологию в понедельник, страшно одной',
  'торчки тоже люди, не надо нас так',
  'я сама была нариком 10 лет, так что понимаю',
  'мой дилер — ублюдок, разбавляет всё',
  'ты не урод, ты просто заболел, это лечится',
  'Хватит себя называть дебилом, ты молодец что держишься',
  'he called me a dumb junkie, i told the admins',
  'stop calling yourself stupid, you are doing great',
  'the guy at the pharmacy was a total asshole to me today',
  'my number changed, new one is 07700 900333',
  'want to buy narcan for my mom, where is it cheapest?',
  'anyone selling naloxone near me? pharmacy is closed',
  'free coffee and snacks at the drop-in, come by',
  'лол лол',
  '😂😂😂😂😂',
  'ааааа спасибо всем!!!',
  'Спасибо! Спасибо! Спасибо! Вы лучшие',
  'heroin and fent are killing my friends, 3 funerals this month',
  'продам почку чтобы оплатить реабилитацию лол',
  'отдал бы всё чтобы вернуть брата',
  'выиграла грант на учёбу! подробности расскажу потом',
  'есть группа поддержки для родственников, спросите в фонде',
  'в телеге есть канал фонда, там расписание: @netreach_channel',
  'наш чат — без осуждения, пишите как есть',
  'в какой группе АН собираются по субботам? дайте ссылку',
  'доставка налоксона задержана, подробности на сайте фонда: netreach.example/news',
  'в аптеке скидка 10% пенсионерам, мама взяла мне бинты',
  'у фонда есть бот @netreach_help_bot, там можно записаться на тест бесплатно',
  'обменяла старый телефон на новый, теперь могу звонить',
  'взяла займ и теперь не вылезу, коллекторы звонят',
  'ставки меня и довели до всего этого, 2 года играл',
  'курьером работать страшно, сейчас всех подставляют',
  'после кодирования сорвался через 3 месяца, не помогает',
  'ребцентр «Вектор» — секта, не ведитесь, меня там били',
  'мне друг подарил Telegram Premium на день рождения',
  'I won 50 bucks on a scratch card lol, bought groceries',
  'перешлите это сообщение Оле, пожалуйста, она не в чате',
  '👇 ниже расписание автобуса на неделю',
  'я клоун конечно, но кто ещё забыл что сегодня раздача 🤡',
  'nobody asked me if i wanted to go to rehab, my parents just sent me',
  'с вашими советами я продержалась неделю, спасибо',
  'засунь телефон в карман и иди гулять, помогает от тяги',
  'иди проспись, утром будет легче, обнимаю',
  'sweetie, you did great today, proud of you',
  'моя подруга Катя Смирнова тоже ходит в группу, передаёт привет',
  'the drop was empty again, third time this month',
  'найти работу с судимостью нереально, везде отказ',
  'кто-то продаёт на авито налоксон по 2000, это вообще законно?',
  'в нашем городе открыли бесплатный ребцентр от государства, кто знает подробности?',
  'мне на карту пришла выплата от соцзащиты, 5000, наконец',
  'спасибо фонду за бесплатный психолог, первая консультация прошла отлично',
  'нужен совет: звонить ли в 103, если друг не просыпается?',
  'работаю в Пятёрочке на кассе, график 2/2, тяжело с ломкой',
  'у моей соседки ВИЧ+, она боится всем говорить',
  'скинула ссылку на группу поддержки в лс, проверь',
  'if anyone wants to join our NA group on zoom, dm me for the link',
  'дайте номер нарколога, который выезжает на дом, маме плохо',
  'капельницы на дому ставят? сколько стоит? маму ломает',
  'kicked out of rehab today, they said I was using. i wasnt',
  'your advice saved me, with all due respect to the doctors',
];

describe('moderate', () => {
  it.each(cases)('%s: %s', (expected, text) => {
    expect(rule(text)).toBe(expected);
  });
  it.each(keep)('keeps (%s): %s', (_kind, text) => {
    expect(moderate({ text })).toBeUndefined();
  });
  it.each(casesV2)('v2 %s: %s', (expected, text) => {
    expect(rule(text)).toBe(expected);
  });
  it.each(keepV2)('v2 keeps: %s', (text) => {
    expect(moderate({ text })).toBeUndefined();
  });
  it('never removes the organisation’s own numbers', () => {
    expect(rule('звоните Оле: 8 912 000 11 22')).toBe('personal_data');
    expect(rule('звоните Оле: 8 912 000 11 22', { allowedNumbers: ['+7 (912) 000-11-22'] })).toBeUndefined();
  });
  it('says why', () => {
    expect(moderate({ text: 'ты мразь' })).toEqual({ rule: 'insult', why: expect.any(String) });
  });
  it('is deterministic and lists its rules', () => {
    expect(RULES).toEqual(['insult', 'personal_data', 'advertising', 'selling', 'spam']);
    expect(moderate({ text: 'ты мразь' })).toEqual(moderate({ text: 'ты мразь' }));
    expect(moderate({ text: '' })).toBeUndefined();
  });
});

describe('version 2 rules', () => {
  it('tells keyboard mash from long words', () => {
    expect(isKeyboardMash('фывапролджэфыва')).toBe(true);
    expect(isKeyboardMash('asdfghjkl')).toBe(true);
    expect(isKeyboardMash('йцукенгшщзхъ')).toBe(true);
    expect(isKeyboardMash('водопровод')).toBe(false);
    expect(isKeyboardMash('достопримечательности')).toBe(false);
    expect(isKeyboardMash('strengths')).toBe(false);
  });
  it('needs a link for a prize or phishing lure', () => {
    expect(rule('Вы выиграли приз! Заберите по ссылке: prize.example/x')).toBe('spam');
    expect(rule('Вы выиграли приз! Заберите по ссылке')).toBeUndefined();
    expect(moderate({ text: 'Ваш аккаунт будет заблокирован, подтвердите вход по кнопке', hasLink: true })?.rule).toBe('spam');
    expect(rule('мой аккаунт заблокировали, пишу с нового')).toBeUndefined();
  });
  it('reads a flood of a short phrase or of emoji with a word', () => {
    expect(rule('всем привет всем привет всем привет всем привет всем привет')).toBe('spam');
    expect(rule('⬇️⬇️⬇️⬇️⬇️ СМОТРИ СМОТРИ СМОТРИ ⬇️⬇️⬇️⬇️⬇️')).toBe('spam');
    expect(rule('да да да, всё так, спасибо')).toBeUndefined();
  });
  it('treats the advertiser’s own phone in a promotion as advertising, not personal data', () => {
    expect(rule('Кодирование и вывод из запоя, анонимно, звоните 8 912 000 77 00')).toBe('advertising');
    expect(rule('Кодирование и вывод из запоя, анонимно, звоните 8 912 000 77 00', { allowedNumbers: ['89120007700'] })).toBe('advertising');
  });
  it('keeps a member’s own number, one posted on its owner’s request and a staff work phone', () => {
    expect(rule('мой номер 8 912 000 45 00, звоните если плохо ночью')).toBeUndefined();
    expect(rule('my number is 555-0177, text me if you need to talk')).toBeUndefined();
    expect(rule('Оля просила передать её номер: 8 912 000 45 01')).toBeUndefined();
    expect(rule('соцработник просила звонить ей на рабочий +7 912 000 45 02')).toBeUndefined();
    expect(rule('его номер 8 912 000 45 03, звоните ему')).toBe('personal_data');
  });
  it('reads local and spelled-out numbers of a third person', () => {
    expect(rule('5 5 5 - 0 1 4 4 is his cell, he owes me')).toBe('personal_data');
    expect(rule('his number: nine one two, zero zero zero, one two, three four')).toBe('personal_data');
    expect(rule('555-0144 is my cell if anyone needs me')).toBeUndefined();
  });
  it('removes a third person’s card or ID number, keeps card-like digits without an owner', () => {
    expect(rule('номер карты её брата 2202 0000 1111 2222')).toBe('personal_data');
    expect(rule('found his SSN: 000-11-2222')).toBe('personal_data');
    expect(rule('card 2200 0000 0000 0000')).toBeUndefined();
  });
  it('strips quotes before looking for offers: a complaint about «продам» stays', () => {
    expect(rule('опять в лс пишут «продам меф, пиши» — как их заблокировать?')).toBeUndefined();
    expect(rule("people keep DMing me 'selling bars, dm me', so annoying")).toBeUndefined();
  });
  it('reads a lone insult as venting when it names an absent third party who wronged the writer', () => {
    expect(rule('обманул меня дилер, гнида. сама виновата')).toBeUndefined();
    expect(rule('гнида, я тебя найду')).toBe('insult');
  });
  it('reads spelled-out, leet and masked insults', () => {
    expect(rule('д.е.б.и.л, ты читать умеешь?')).toBe('insult');
    expect(rule('у6л0док')).toBe('insult');
    expect(rule('засунь это себе в ж*пу')).toBe('insult');
    expect(rule('u r a f*cking moron')).toBe('insult');
  });
});

describe('version 3 rules', () => {
  // (new messages written for these rules, not copied from the labelled sets)
  it('keeps a member offering their own contact for support, in any country format', () => {
    for (const text of [
      'text me at +44 7700 900123',
      'я волонтёр, мой номер +7 912 000 33 44, пишите если плохо',
      'Оля, звони мне если что: +380 67 000 1122',
      'кому тяжело ночью — набирайте мне, +995 555 000 321, Нино, я равный консультант',
      'I am a peer volunteer, call me on +7 701 000 2233 any time after 6',
      'у меня номер казахский +7 707 000 44 55, пишите в вотсап, помогу чем смогу',
    ]) expect(rule(text), text).toBeUndefined();
  });
  it('removes a third person’s number even next to a self-offer, and reads keycaps, «плюс», underscores, dashes and +7 7xx', () => {
    for (const text of [
      'звоните мне, а если не отвечу — вот номер Саши +7 912 000 55 66',
      'I’m a volunteer but here is his number +44 7700 900111, he sells',
      'номер того, кто меня кинул: 8️⃣9️⃣1️⃣2️⃣ 000 11 22',
      'номер этого кидалы плюс 380 шестьдесят семь 000 11 22',
      '8_9_2_6_0_0_0_4_4_5_5 это Костя, он должен всем',
      'звоните на девятьсот двадцать шесть — 000 — сорок — пятьдесят, спросите Диму, он стучит',
      '+7 (777) 000-12-34 это Асель, пусть вернёт долг',
      'eight nine one two, 000 33 44 — that’s Pavel’s number, he owes me',
    ]) expect(rule(text), text).toBe('personal_data');
  });
  it('reads profile links on any domain, a revealed real name', () => {
    expect(rule('вот его страница vk.example/id000777, там видно где живёт')).toBe('personal_data');
    expect(rule('you’ll find him at the car wash on Dock Road, real name Peter Hollis')).toBe('personal_data');
  });
  it('keeps abuse of institutions and self-deprecation, removes abuse of a named member', () => {
    for (const text of [
      'правительство дебилы, закрыли программу',
      'полицейские — твари, опять избили парня',
      'I’m a useless piece of shit today, sorry',
      'я полный дебил сегодня, проспал приём',
      'Саша — тварь, украл мой телефон',
      'Вася — идиот, но я его люблю',
    ]) expect(rule(text), text).toBeUndefined();
    expect(rule('Петя — мразь и дебил')).toBe('insult');
    expect(rule('you’re a spineless bitch, Tom')).toBe('insult');
    expect(rule('вали к себе, нарик вшивый')).toBe('insult');
  });
  it('removes requests for a source with a contact, surplus offers, pick-up prices, drug emoji shops; keeps treatment questions', () => {
    for (const text of [
      'кто может достать лирику? отблагодарю, в лс',
      'anyone got spare subs? will pay, dm me',
      'где найти плаг в этом городе? pm me',
      'у меня лишние 10 мл метадона, кому-то надо?',
      'кому мефедрон по 1500 за г, самовывоз у метро',
      '❄️🍬 в наличии, прайс в лс',
      'free molly for whoever comes to the rave lol',
      'первая доза бесплатно, дальше договоримся, в лс',
      'сделаю больничный, недорого, без посещения врача',
      'need bars asap, paying cash, hmu',
      'ищу плаг, нужно срочно, в лс',
    ]) expect(rule(text), text).toBe('selling');
    for (const text of [
      'где взять метадоновую программу? пишите если знаете',
      'does anyone have advice on tapering subs? DM me',
      '💊 в аптеке цены выросли, пишите где дешевле',
      'кто знает где взять, а то кумарит',
      'у меня лишний налоксон, кому нужно — пишите, бесплатно',
      'шишки по 1200 за г это грабеж, раньше было 800',
      'у кого есть опыт отмены лирики? напишите в лс, страшно',
      'налоксон в аптеке на Ленина 450р, кому надо — там есть',
      'метадон на программе бесплатно, кому надо — пишите, расскажу как попасть',
      'у кого есть план на выходные? пишите',
      'anyone have some gear for camping? dm me',
      'I have extra stuff from moving, anyone want it? free, dm me',
    ]) expect(rule(text), text).toBeUndefined();
  });
  it('removes lures: chains to N chats, bait links, payouts, phishing, airdrops, giveaways for reposts, adult and flirting bots, line floods', () => {
    for (const text of [
      'Отправь это в 15 групп, иначе удалят страницу!',
      'переслать в 20 чатов, иначе ватсап станет платным',
      'смотри, это ты на фото? 😳 pics-you.example/a',
      'Our outreach fund pays $150 to each member, sign up here: fund-pay.example',
      'Подозрительный вход в ваш аккаунт. Подтвердите тут: secure-tg.example',
      'Airdrop is live, connect wallet to claim: drop.example',
      'Разыгрываю 500 USDT среди тех, кто сделает репост',
      'приватный канал 🔞 контент 18+, ссылка в профиле',
      'Приветик 😘 скучно одной, напиши мне 💋',
      '.\n.\n.\n.\n.\n.\n.\n.\n.\n.',
    ]) expect(rule(text), text).toBe('spam');
    expect(rule('раздаём бесплатно налоксон, кто сделает репост — спасибо')).toBeUndefined();
    expect(rule('Проголосуйте за наш фонд в конкурсе грантов! vote.example/fund')).toBeUndefined();
    expect(rule('ахаха это ты на видео с нашего фестиваля? fest.example/v')).toBeUndefined();
  });
  it('removes services, exchangers, rooms, shift work with a phone, own channels; keeps the org’s', () => {
    for (const text of [
      'делаю ресницы на дому, недорого, пишите',
      'обменяю USDT на рубли, быстро и анонимно, @swap_000',
      'сдаю комнату посуточно, 900 р, у вокзала',
      'вахта 15/15, склад, проживание, звоните 8 900 000 12 34',
      'subscribe to my channel about staying clean youtube.example/c/x',
      'Get 5k followers today 🚀 boost.example',
    ]) expect(rule(text), text).toBe('advertising');
    expect(rule('подпишитесь на наш канал фонда, там расписание аутрича t.me/our_fund')).toBeUndefined();
  });
});

describe('version 4 rules', () => {
  // (new messages written for these rules, not copied from the labelled sets)
  it('keeps swearing at the police, courts and campaigns, at oneself after a relapse, and negated insults', () => {
    for (const text of [
      'менты опять приняли пацана у аптеки, мусора конченые',
      'суды у нас уроды, дали 8 лет за 2 грамма',
      'fucking idiots at the DEA, the whole war on drugs is a joke',
      "relapsed again. I'm such a fucking idiot, I hate myself",
      'ненавижу себя, опять сорвалась. дура',
      "you're not a loser, you're just tired",
      'ты не дебил, просто устал, бывает',
      'you are not a stupid person for asking this',
      'тупая как пробка эта система, полгода справку жду',
      'ну и рожа у меня на фото с паспорта, как у бомжа',
      'ты не человек, а золото, спасибо тебе',
      'ты как козёл упрямый, ну позвони ей уже 😂',
      'таких как ты надо беречь, спасибо за помощь',
      'look at this idiot cat video lol 😂',
      "you're a fake-ass friend if you don't call her back",
    ]) expect(rule(text), text).toBeUndefined();
  });
  it('removes body shaming, dehumanising lines, compound adjectives and scorn of a newcomer', () => {
    for (const text of [
      'слушай, Марина, ты тупая как валенок',
      'ну и морда у тебя на фотке',
      'ты ошибка природы, таких как ты надо в психушку',
      "you're a two-faced lying bitch, Kim",
      'ещё один урод с улицы будет нас учить',
      'look at this moron trying to explain tolerance',
      'Витя, ты 3.14дор',
      'ты еблан, Серёж, иди проспись',
    ]) expect(rule(text), text).toBe('insult');
  });
  it('keeps questions about pharmacy prices, a member’s own number in any country, and help without payment', () => {
    for (const text of [
      'anyone know a telegram channel with pharmacy prices? where is gabapentin cheapest with a prescription',
      'в каком канале цены по аптекам на налоксон? хочу сравнить',
      'my own number if anyone in Nairobi needs to talk at night: +254 700 000 111, Joseph',
      'can I share my own number here? +49 151 0000 0000, Anna, peer volunteer',
      'ищу где купить налоксон, кто знает аптеку? заплачу сколько надо',
      'anyone got spare narcan? i can pay, pharmacy is closed',
      'если кому плохо на кумаре — могу помочь советом, пишите в лс',
      'giving away my old bike for free, anyone in Leeds?',
      'I used to pay 10 for $30 back in the day, crazy',
      'is it ok to give away leftover subs to a friend?',
      'у меня дешевле вышло через соцпрограмму, метадон бесплатно',
      'понимающие поймут, ломка это ад',
      'вот бот фонда где всегда есть бесплатный налоксон: t.me/fund_bot',
    ]) expect(rule(text), text).toBeUndefined();
  });
  it('removes drug offers in new wordings: buying with payment, surplus for money, quantity for a price, coded and linked sources', () => {
    for (const text of [
      'spare subs for sale, $15 each, dm',
      'who’s selling bars in Leeds? dm me',
      'need something to get me through tonight, anyone? can pay via cashapp, dm me',
      'у кого есть что-нибудь от кумара, заплачу, пишите в личку',
      'ищу кто подгонит бупру, заплачу',
      'shrooms chocolate 5 for $50, Vancouver',
      'extra test strips, $5 each, cheaper than online',
      'кто в теме — меняю айфон на что-нибудь для настроения 😏',
      'у кого ломка — есть чем помочь, недорого, в лс',
      'тут всегда есть, сам беру: @candy_000_bot 🍬',
      'giving away my leftover bupe, anyone in Kazan?',
      'у меня дешевле чем в аптеке, лирика любые дозы',
      'новый магаз, берите тут t.me/example_000',
    ]) expect(rule(text), text).toBe('selling');
  });
  it('removes adverts: mules, shady jobs, network marketing, trading courses, relatives’ businesses, forced rehab', () => {
    for (const text of [
      'подработка: гонять деньги через свою карту, 5% твои, пиши',
      'ищем парней на склад, платим каждый день, без документов, @work_000',
      'занимаюсь сетевым маркетингом, кто хочет доход — пишите',
      'научу зарабатывать на крипте, курс тут: t.me/crypto_000',
      'my brother runs a roofing business, cheap, call 555-0199',
      'easy travel jobs, flights paid, just carry a suitcase, dm @trip_000',
      'заберём вашего сына на лечение даже против воли, 24/7, 8 900 000 00 00',
      'sober living beds open, $900/mo, call 555-0142',
      'new vape shop, 15% off for this chat — vape.example',
    ]) expect(rule(text), text).toBe('advertising');
    expect(rule('мой брат делает ремонт, кстати у него сегодня день рождения')).toBeUndefined();
    expect(rule('I took a course on trading while in rehab, kept me busy')).toBeUndefined();
  });
  it('removes lures: phishing logins and card entry, fake admin notices, dating bots, bait, payouts, advance fees', () => {
    for (const text of [
      'Войдите через Госуслуги чтобы получить выплату: gos-pay.example',
      'Администрация: все участники должны подтвердить аккаунт, иначе будут удалены → verify.example',
      'hi dear, I am a widow and need your kind help to transfer funds to your account',
      'free netflix premium for a year, no catch: nf.example',
      'Привет) ищу интересного собеседника, пиши @kate_000 😘',
      'Кто первый перейдёт — получит 3000р: pay.example',
      'это видео с тобой?? 😱 vid.example/1',
      'free test kits shipped to you, just enter your card here: kits.example',
    ]) expect(rule(text), text).toBe('spam');
    for (const text of [
      'посмотри видео с тобой с выступления на форуме, классно говорил! youtube.com/watch?v=x',
      'админ, удалите пожалуйста спам выше, иначе тут будет помойка',
      'давайте познакомимся, я новенький, 3 месяца чистый',
      'Netreach раздаёт налоксон каждому участнику на выездах, адрес в закреплённом',
    ]) expect(rule(text), text).toBeUndefined();
  });
  it('removes a handle with drug use or a pointed-at workplace, a person placed at an address, and a scammer’s card', () => {
    for (const text of [
      '@vika_000 она работает в аптеке на Ленина и сама сидит на мефе',
      'tell @tom_000 his dad is at 14 Example Road, go see him',
      'card she scammed me with: 4000 0000 0000 0077, name on it Ann Example',
      'Ольга Смирнова, продавщица в пятёрочке, на солях сидела',
    ]) expect(rule(text), text).toBe('personal_data');
    for (const text of [
      '@sam_example she’s a nurse, she knows better than me',
      '@olga_example работает в нашем фонде, пишите ей по поводу теста',
      'Linda at County Services is on vacation this week',
      'Мария Иванова была на конференции, рассказывала про метадон',
      'the clinic is at 12 Main Street',
    ]) expect(rule(text), text).toBeUndefined();
  });
});

describe('speed on long and adversarial messages', () => {
  const adversarial: [string, string][] = [
    ['dashes between digits', '1-'.repeat(2000)],
    ['letters and dashes', 'a-'.repeat(2000)],
    ['masked words', Array.from({ length: 800 }, (_, i) => 'с*к' + 'абвгдежзик'[i % 10]).join(' ')],
    ['short clauses', Array.from({ length: 700 }, (_, i) => 'сл' + i).join(', ')],
    ['dash clauses', Array.from({ length: 500 }, (_, i) => 'сл' + i).join(' — ')],
    ['single letters', Array.from({ length: 2000 }, (_, i) => 'абвгдежзик'[i % 10]).join(' ')],
    ['dotted letters', 'а.б.'.repeat(1000)],
    ['open quotes', "'a ".repeat(1333)],
    ['unclosed guillemets', '«'.repeat(2000) + 'а'.repeat(2000)],
    ['leet', 'у6л0д0к '.repeat(500)],
    ['digits and look-alikes', '8O1l '.repeat(800)],
    ['number words', 'один два три четыре пять '.repeat(160)],
    ['capitalised names', 'Иван Петров, '.repeat(300)],
    ['mixed', Array.from({ length: 800 }, (_, i) => ['ты', 'cyкa', 'д.е.б.и.л', '8 912', 'кв 5', '@x_bot', 'меф', '«', '!', 'Ленина 5', '💊', 'go'][i % 12]).join(' ')],
  ];
  it.each(adversarial)('a 4,000-character message (%s) is read in a few milliseconds', (_name, raw) => {
    const text = raw.slice(0, 4000);
    expect(text.length).toBeGreaterThanOrEqual(3000);
    moderate({ text });
    let best = Infinity;
    for (let k = 0; k < 3; k++) {
      const t0 = performance.now();
      moderate({ text });
      best = Math.min(best, performance.now() - t0);
    }
    // A few ms on a quiet machine; the bound leaves room for a busy test runner, and still catches
    // any backtracking blow-up (which costs seconds).
    expect(best).toBeLessThan(40);
  });
});

describe('phone numbers', () => {
  it('reads number words', () => {
    expect(spelledNumbersToDigits('восемь девятьсот двенадцать 000')).toBe('8 912 000');
  });
  it('tells mobiles from toll-free numbers and skips dates', () => {
    expect(findPhoneNumbers('+7 (912) 000-11-22').map((p) => p.match.kind)).toEqual(['mobile']);
    expect(findPhoneNumbers('8 800 000 00 00').map((p) => p.match.kind)).toEqual(['tollfree']);
    expect(findPhoneNumbers('12.05.2024 14 30 55')).toEqual([]);
  });
});

describe('evaluateModeration on the development set', () => {
  const here = dirname(fileURLToPath(import.meta.url));
  const rows = parseJsonl(readFileSync(join(here, 'labelled', 'dev.jsonl'), 'utf8'), 'dev.jsonl');
  const f = evaluateModeration(rows);
  it('has a development set of at least 200 messages with every label', () => {
    expect(rows.length).toBeGreaterThanOrEqual(200);
    for (const label of ['ok', ...RULES]) expect(rows.some((r) => r.label === label)).toBe(true);
  });
  it('computes consistent figures', () => {
    expect(f.count).toBe(rows.length);
    for (const r of RULES) {
      const x = f.perRule[r];
      const labelled = rows.filter((row) => row.label === r).length;
      expect(x.tp + x.fn).toBe(labelled);
      expect(x.precision).toBeGreaterThanOrEqual(0);
      expect(x.precision).toBeLessThanOrEqual(1);
      expect(x.recall).toBeGreaterThanOrEqual(0);
      expect(x.recall).toBeLessThanOrEqual(1);
    }
    const removals = rows.filter((r) => r.label !== 'ok').length;
    expect(f.removal.tp + f.removal.fn).toBe(removals);
    expect(f.errors.length).toBe(rows.length - Math.round(f.accuracy * rows.length));
  });
  it('counts a wrong rule as a false positive of one and a miss of the other', () => {
    const g = evaluateModeration([{ id: 'x', lang: 'ru', text: 'ты мразь', label: 'spam' }]);
    expect(g.perRule.insult.fp).toBe(1);
    expect(g.perRule.spam.fn).toBe(1);
    expect(g.removal.tp).toBe(1);
    expect(g.errors).toEqual([expect.objectContaining({ id: 'x', expected: 'spam', got: 'insult' })]);
  });
});
