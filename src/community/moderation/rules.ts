/**
 * Moderation rules for the community Telegram chat: what a message is removed for, if anything.
 * Pure, deterministic, no I/O.
 *
 * Precision comes first (a wrongly removed message drives a member away): every rule needs a
 * shape that is hard to meet by accident, and when unsure it does not remove. Talk about drugs,
 * doses, use, withdrawal and overdose is what the chat is for: drug slang is never abuse, swearing
 * that is not aimed at someone stays, and an insult quoted to complain about it stays.
 *
 * The rules, in the order they are checked (the first that applies names the removal):
 *   (version 3 added: requests for a source with a contact, surplus offers, pick-up prices, drug emoji
 *   shops, vouched sources, forged papers; bait links, payouts, airdrops, repost giveaways, adult and
 *   flirting lures, line floods; services, exchangers, rooms, shift work, own channels; a member's own
 *   number offered for support kept in any country format; abuse of institutions kept.)
 *   (version 4 added: buying with payment, surplus for money, a quantity for a price, «у меня дешевле», coded
 *   offers («понимающие поймут»), withdrawal «help» for money, sources pointed at by link, «магаз»; money mules
 *   through one's card, shady shift work, network marketing, trading courses, relatives' businesses, forced
 *   rehab and sober living; login/card phishing, fake admin notices, dating lures, payouts «получит …р»,
 *   bait «фото с тобой??», advance fees; a handle with drug use or a pointed-at workplace, a person placed at
 *   an address, a scammer's card; body shaming and dehumanising lines when someone is addressed. Kept: swearing
 *   at police slang («мусора»), courts and campaigns, at oneself («I hate myself… fucking idiot»), negations a
 *   few words back ("you're not a loser"), pharmacy-price questions, «my own number» said anywhere.)
 *   spam          floods (a character, emoji, a word or a short phrase repeated), keyboard mash,
 *                 link floods, chain messages («перешлите во все чаты»), prize/payout lures and
 *                 phishing with a link, dating-bot lures, all-caps promotions
 *   selling       offers of drugs or goods for money (a shop: drugs + payment/delivery + contact;
 *                 a price with an offer; «отдам … за …»; «торг»), drugs given away even for free,
 *                 buy orders asking sellers to write, a found stash on offer, a member pointing to a
 *                 source («беру только у @…»)
 *   advertising   businesses with commercial terms and a contact (discounts, promo codes, trials,
 *                 prices), paid rehab/«кодирование»/home detox, loans and exchangers, SMM, bots,
 *                 other chats and channels, casinos and betting, earnings, recruitment, money mules
 *                 (the advertiser's own phone in a promotion is part of the advert)
 *   personal_data someone's phone number (not the member's own, one posted at its owner's request,
 *                 or a work phone), home address or described home, card/ID numbers of a third
 *                 person, social profiles pointed at, a full name with workplace/health/drug use/
 *                 home, outing («пусть все знают») with identifying details
 *   insult        insults, harassment, threats and death wishes aimed at a person, polite-seeming
 *                 contempt («с вашими мозгами…», "nobody asked you"), mockery with 🤡
 *
 * Quoted passages are reported speech, not said: selling, advertising and insult read the text
 * without them. Every pattern is linear (no nested unbounded repeats), compiled once, and the
 * costly steps are bounded per message (masked-word search, clauses read): a 4,000-character
 * message takes a few milliseconds.
 *
 * Text is read through `views` (normalize.ts): folded (look-alikes, leetspeak, masks, spelled-out
 * letters, repeated letters collapsed) — so every word pattern below is collapsed too (`squeeze`, in
 * `W`, `any` and `wordSet`: "kill" is matched as "kil") and sits between spaces (`W`), not `\b`,
 * which knows no Cyrillic.
 */
import { squeeze, URL, views, type UnmaskBudget, type Views } from './normalize.ts';

export type ModerationRule = 'insult' | 'personal_data' | 'advertising' | 'selling' | 'spam';
export const RULES: readonly ModerationRule[] = ['insult', 'personal_data', 'advertising', 'selling', 'spam'];

export interface ModerationInput {
  text: string;
  /** The message has a link (an entity or a button), whether or not it is in the text. */
  hasLink?: boolean;
  /** The message was forwarded from a channel or another chat. */
  forwardedFromChat?: boolean;
  /** The organisation's own numbers (hotline, outreach phone): never personal data. Any format. */
  allowedNumbers?: string[];
}

export interface ModerationVerdict {
  rule: ModerationRule;
  /** Which pattern decided, for the moderators' log. */
  why: string;
}

/** A pattern between word boundaries (the views are words separated by single spaces). */
const compiled = new Map<string, RegExp>();
function W(src: string): RegExp {
  // Compiled once per pattern: rules build some patterns from parts at the call site.
  let re = compiled.get(src);
  if (!re) {
    // (views are words between single spaces: a leading space or the start is a word boundary, and one
    // the engine can scan for quickly, unlike a lookbehind tried at every position)
    re = new RegExp(`(?:^| )(?:${squeeze(src)})(?![\\p{L}\\p{N}*])`, 'u');
    compiled.set(src, re);
  }
  return re;
}
/** A pattern in either view (the Russian reading and the plain fold), each read once. */
const both = (re: RegExp, v: Views): boolean => re.test(v.ru) || (v.folded !== v.ru && re.test(v.folded));
const any = (list: string[]): string => squeeze(list.join('|'));
const wordSet = (words: string[]): Set<string> => new Set(words.map(squeeze));

// ───────────────────────────── vocabulary ─────────────────────────────

/** Russian abuse aimed at a person: stems with their endings, written collapsed. */
const RU_STRONG = [
  'мраз(?:ь|и|ью|ей|ота)', 'твар(?:ь|и|ью|ей|ям|ями|ина)', 'гнид(?:а|ы|е|у|ой|ам)?', 'убл[юуо]д(?:ок|ка|ки|ку|ком|ков|очн\\p{L}*)',
  'выродо?к(?:а|и|ов)?', 'урод(?:а|ы|у|ом|ов|ина|ище|ск\\p{L}*)?', 'дебил(?:а|ы|у|ом|ов|ка|ки|ьн\\p{L}*|оид)?', 'идиот(?:а|ы|у|ом|ов|ка|ки|ина)?',
  'кретин(?:а|ы|у|ом|ов|ка)?', 'придур(?:ок|ка|ки|ку|ком|ков|оч\\p{L}*)', 'дегенерат(?:а|ы|у|ом|ов|ка)?', 'даун(?:а|ы|у|ом|ов|яра)?',
  'туп(?:ой|ая|ое|ые|ого|ую|ым|ица|орыл\\p{L}*|ня)', 'шлюх(?:а|и|е|у|ой)?', 'шалав(?:а|ы|е|у|ой)', 'чмо', 'чмошник(?:а|и)?', 'чмыр(?:ь|я)',
  'пидор(?:ас|асы|аса|асина|ы|а|у|ок|ила)?', 'пидр(?:ила|ы|а)?', 'педик(?:а|и)?', 'хуесос(?:ы|а|ина|ка)?', 'хуйло', 'пиздабол\\p{L}*',
  'долб[оа]еб(?:ы|а|ина|ка)?', 'уеб(?:ок|ка|ки|ан|ище|ищ\\p{L}*)', 'ебан(?:ат|ашка|ько|ут\\p{L}*|ый|ая|ые)', 'ебло', 'еблан(?:а|ы|у|ом|ов|ище)?', 'мудак(?:и|а|у|ом)?', 'мудил[аы]',
  'падл(?:а|ы|е|у|ой)', 'сволоч(?:ь|и|ью)', 'скотин(?:а|ы|у)', 'ничтожеств(?:о|а)', 'отброс(?:ы|ов)?', 'конче?н(?:ый|ая|ые|ого|ую|ой)',
  'крыс(?:а|ы|ятина)', 'петух', 'обсос(?:ы)?', 'говноед\\p{L}*', 'говнюк\\p{L}*', 'днище', 'нарколыг\\p{L}*', 'быдл(?:о|а)',
  'недочеловек\\p{L}*', 'паразит(?:ы)?', 'гадин(?:а|ы)', 'гад(?:ина)?', 'сук(?:а|и|е|у|ой)', 'сучар(?:а|ы)', 'сучк(?:а|и|у)',
  'шныр(?:ь|я|и|ей)', 'ушлеп(?:ок|ка|ки|ков)', 'чепушил(?:а|ы)', 'лошпед\\p{L}*', 'мудозвон\\p{L}*', 'долбоящер\\p{L}*', 'подстилк(?:а|и)', 'неудачни(?:к|ца|ки|ков|чка)', 'жирдя(?:й|и|йка)', 'позорищ(?:е|а)', 'жиробас\\p{L}*', 'жиртрест\\p{L}*', 'чушпан\\p{L}*', 'терпил(?:а|ы)',
];
/** Also used as interjections («сука, как кумарит», «блядь, опять»): only with an explicit target. */
const RU_INTERJECTION = wordSet(['сука', 'суки', 'суке', 'суку', 'сукой', 'блядь', 'бля', 'бляди', 'блять', 'пиздец', 'хуй', 'говно', 'гад']);
/** Mild words, often friendly («ну ты и дурак» with a smile): only with a target and no friendly sign. */
const RU_MILD = ['мерзк(?:ий|ая|ие)', 'отвратительн(?:ый|ая|ые)', 'жалк(?:ий|ая|ие)', 'никчемн(?:ый|ая|ые)', 'дур(?:ак|ака|аки|ачок|а|ой|ы|еха|очка|ында)', 'глуп(?:ый|ая|ые)', 'лох(?:и|а|у)?', 'лошар(?:а|ы)', 'коз[её]л', 'козлин[аы]', 'клоун(?:ы)?'];
/** Dehumanising words that are also ordinary words (мусор = police; овощ; гондон = condom):
 *  only right after «ты», or as a lone address after an order («торчи дальше, мусор»). */
const RU_WEAK = ['мусор', 'овощ', 'овощь', 'г[ао]ндон', 'отребье', 'скот', 'животное', 'торчок', 'наркоман', 'нарик', 'наркоша',
  'алкаш(?:и|ка|ки|ня)?', 'алкоголичк[аи]', 'корова', 'свинья', 'свинота', 'туша', 'чучело', 'пугало'];
/** Words for people who use drugs: the chat's own words, an insult only with contempt around them. */
const USER_WORDS = wordSet(['торчок', 'наркоман', 'нарик', 'наркоша', 'junkie', 'junkies', 'crackhead', 'crackheads', 'addict', 'addicts', 'tweaker', 'tweakers', 'fiend']);
/** Adjectives that make an insult of what follows («тупая сука», «конченая тварь»). */
const RU_INSULT_ADJ = 'жирн(?:ый|ая|ые)|подзаборн\\p{L}*|никчемн\\p{L}*|убог(?:ий|ая|ие)|жалк(?:ий|ая|ие)|тупорыл\\p{L}*|туп(?:ой|ая|ые)|конче?н(?:ый|ая|ые)|еба?н(?:ый|ая|ые|ут\\p{L}*)|грязн(?:ый|ая|ые)|вонюч(?:ий|ая|ие)|ничтожн\\p{L}*|наркоманск\\p{L}*|вшив(?:ый|ая|ые)|ходяч(?:ий|ая|ее|ие)|паршив(?:ый|ая|ые)|последн(?:ий|я|ие)|сран(?:ый|ая|ые)';

const EN_STRONG = [
  'idiots?', 'morons?', 'moronic', 'imbeciles?', 'retards?', 'retarded', 'bitch(?:es)?', 'cunts?', 'asholes?', 'dickheads?', 'pricks?',
  'losers?', 'scum(?:bags?)?', 'trash', 'garbage', 'whores?', 'sluts?', 'fagots?', 'fags?', 'dumbas(?:es)?', 'worthles',
  'degenerates?', 'subhuman', 'vermin', 'parasites?', 'twats?', 'wankers?', 'shitheads?', 'dipshits?', 'pos', 'rat',
];
const EN_INTERJECTION = wordSet(['bitch', 'shit', 'fuck', 'damn']);
const EN_MILD = ['silly', 'dork', 'nerd', 'goof', 'dummy', 'jerks?', 'clowns?', 'fool', 'dumb', 'stupid', 'pathetic', 'disgusting', 'useles', 'brainles', 'braindead', 'gross'];
const EN_WEAK = ['junkie', 'junkies', 'crackhead', 'crackheads', 'addict', 'addicts', 'animal', 'animals', 'tweaker', 'tweakers', 'fiend', 'pigs?', 'cows?', 'swine', 'slob'];
const EN_INSULT_ADJ = 'spineles|gutles|toothles|clueles|shameles|stupid|dumb|worthles|pathetic|fucking|filthy|dirty|useles|ugly|disgusting|braindead|brainles|fat';

const STRONG_RE = new RegExp(`^(?:${any(RU_STRONG)}|${any(EN_STRONG)})$`, 'u');
const STRONG_ANYWHERE = new RegExp(`(?:${any(RU_STRONG)}|${any(EN_STRONG)})`, 'u');
const MILD_RE = new RegExp(`^(?:${any(RU_MILD)}|${any(EN_MILD)})$`, 'u');
const WEAK_RE = new RegExp(`^(?:${any(RU_WEAK)}|${any(EN_WEAK)})$`, 'u');
const ADJ_RE = new RegExp(`^(?:${squeeze(RU_INSULT_ADJ + '|' + EN_INSULT_ADJ)})$`, 'u');
const isInterjection = (w: string) => RU_INTERJECTION.has(w) || EN_INTERJECTION.has(w);

/** Words of the chat's own subject that never count as abuse on their own (slang for drugs, use and
 *  the people who use them). Checked before any abuse word. */
const HARM_REDUCTION_WORDS = wordSet((
  'кумар кумарит кумара ломка ломает ширка ширево ширяться соль соли меф мефедрон фен амф метадон гер героин мет закладка закладки ' +
  'клад вмазаться вмазался бахнуться бахнулся передоз передоза трип торчу торчим торчки торчат упоротый обдолбаный укуреный ' +
  'крокодил кислота шишки план спайс налоксон наркан шприц шприцы баян баяны гондоны презервативы ' +
  'junkie junkies addict addicts high stoned fent fentanyl dope narcan naloxone withdrawal dopesick'
).split(' '));

/** Every word a masked spelling may resolve to («с*ка» → «сука», "f*ck" → "fuck"). */
const PROFANITY_RE = /^(?:бля|блядь|блять|хуй|нахуй|похуй|пиздец|пизда|ебать|жоп(?:а|у|е|ой)|задниц(?:а|у|е)|fuck|fucking|fucker|shit|bitch|продам|закладки|меф|соль|фен|пиши)$/u;
function isModerationWord(w: string): boolean {
  return STRONG_RE.test(w) || MILD_RE.test(w) || PROFANITY_RE.test(w);
}

// ───────────────────────────── insult ─────────────────────────────

/** Second-person address: the insult is aimed at the reader. */
const TARGET_2 = wordSet(['ты', 'тебя', 'тебе', 'тобой', 'вы', 'вас', 'тя', 'ти', 'you', 'u', 'ya', 'ur', 'ura', 'youre', 'yal', 'yall', 'y', '@user']);
/** Third-person subject directly before an insult noun («она шлюха», "she is a whore"). */
const TARGET_3 = wordSet(['он', 'она', 'этот', 'эта', 'he', 'she', 'hes', 'shes']);
const FILLERS = wordSet(['же', 'вообще', 'просто', 'реально', 'тупо', 'ещ', 'еще', 'и', 'такой', 'такая', 'такие', 'как', 'is', 'are', 'was', 'a', 'an', 'such', 'so', 'r', 'are', 'just', 'a', 'total', 'real', 'fucking', 'ну', 'ваще', 'полный', 'полная', 'последний', 'последня']);
const NEGATIONS = wordSet(['не', 'ни', 'нет', 'not', 'never', 'no', 'isnt', 'arent', 'aint', 'dont', 'nor']);

/** Reporting someone else's words: quoting an insult to complain about it is not an insult. */
const COMPLAINT = [
  W('назвал\\p{L}*|назвали|обозвал\\p{L}*|обзыва\\p{L}*|оскорб\\p{L}*|жалоб\\p{L}*|пожаловат\\p{L}*|разберитесь|админ\\p{L}*|модер\\p{L}*'),
  W('(?:написал\\p{L}*|пишет|пишут|сказал\\p{L}*|говорит|говорят|прислал\\p{L}*|нахамил\\p{L}*) (?:мне|нам|ей|ему)'),
  W('мне (?:в личку |в лс )?(?:написал\\p{L}*|пишут|пишет|сказал\\p{L}*|прислал\\p{L}*)'),
  W('(?:caled|cals|calling|told|dmed|dm d|mesaged|texted|wrote|said to) (?:me|us|her|him)|report(?:ed|ing)?|mods?|admins?'),
];
/** Friendly teasing or worry, which makes a mild word («дурак», "stupid") friendly: «ты чё, дурак,
 *  одному колоться? позвони». */
const FRIENDLY = /[)]{1,}\s*$|😂|😄|😅|😁|🤣|😆|😉|😜|❤|🙂|😊|\b(?:lol|lmao|jk|haha|call me|take care|be safe|never use alone|careful)\b|шучу|любя|ахах|хаха|хехе|береги|пожалуйста|обнимаю|позвони|звони|держись|осторожн|не коли|одному|одной|один не|в одиночку/iu;

/** Affection, which makes even a strong word banter. */
const LOVE = /люблю|обожаю|love (?:you|ya|u|him|her)|❤|😘|🥰/iu;
/** Worry for the reader's safety, which makes a scolding word caring («идиот, в следующий раз звони мне»,
 *  "you're an idiot for using alone, call me"). */
const CARE = /call me|text me|next time|be safe|take care|using alone|use alone|worried about (?:you|u)|звони мне|позвони мне|пиши мне|в следующий раз|береги себя|переживаю за тебя|волнуюсь за тебя|(?:один|одна|одному|одной) (?:колоться|колешься|не коли|употреблять)|не коли(?:сь|тесь)? (?:один|одна|одному|одной)/iu;
/** Mockery emoji: a mild word with them is not teasing («клоун 🤡🤡»). */
const MOCKERY = /🤡|🖕|💩/u;
/** A third party outside the chat (the dealer who cheated, a rude guard): a lone insult word in a message
 *  about them is venting, not an address («кинул меня барыга, тварь»). */
const ABSENT_PARTY = W('барыг\\p{L}*|дилер\\p{L}*|продав\\p{L}*|магаз\\p{L}*|кладмен\\p{L}*|мент\\p{L}*|мусор(?:а|ов|ам)|полиц\\p{L}*|врач\\p{L}*|охранник\\p{L}*|сосед\\p{L}*|бывш\\p{L}*|начальни\\p{L}*|dealer|plug|cops?|police|doctor|nurse|guard|landlord|boss|ex');
const ABSENT_DEED = W('кинул\\p{L}*|обманул\\p{L}*|развел\\p{L}*|нагрел\\p{L}*|обокрал\\p{L}*|украл\\p{L}*|наорал\\p{L}*|орал\\p{L}*|побил\\p{L}*|приняли|задержали|ripped|scamed|robed|stole|yeled|beat');
/** Words that stay abuse whatever the mood. */
const VERY_STRONG = new RegExp(`^(?:${any(['сук\\p{L}*', 'шлюх\\p{L}*', 'шалав\\p{L}*', 'мраз\\p{L}*', 'твар\\p{L}*', 'пидо?р\\p{L}*', 'хуесос\\p{L}*', 'cunts?', 'whores?', 'sluts?', 'fagots?', 'retards?', 'bitch(?:es)?'])})$`, 'u');

/** Threats, death wishes, "go to hell": aimed by their grammar (imperatives, «тебя», "you"). */
const THREATS_RU: [RegExp, string][] = [
  // («хоть сдохни» is an idiom: "no matter what")
  [W('(?<!хоть )(?:сдохни|сдохните|подохни|подохните|подыхай|подыхайте|издохни|издохните|дохни|дохните|сдыхай|сдыхайте|убейся|убейтесь|удавись|удавитесь|повесься|повесьтесь|вскройся|вскройтесь|сгний|сгнии|сгнийте|передознись|передознитесь)'), 'death wish (imperative)'],
  [W('(?:ты|вы|такие как ты|таким как ты|такие как вы|тебе|вам|тебя|вас) (?:\\p{L}+ ){0,1}(?:должны|должен|должна|надо|нужно|пора|лучше бы|лучше) (?:уже |просто )?(?:сдохнуть|подохнуть|сгнить|передознуться|удавиться|повеситься)|(?:тебя|вас) (?:надо|нужно) было (?:абортировать|утопить)'), 'death wish'],
  [W('(?:никто|всем|мир\\p{L}*) (?:\\p{L}+ ){0,2}(?:не (?:будет |станет )?(?:скучать|заплачет|вспомнит|пожалеет)|(?:будет|станет) (?:только )?лучше) (?:по |о |без )?(?:тебе|тебя|вас|вам)'), 'death wish'],
  [W('(?:чтоб(?:ы)?|хоть бы|лишь бы|да чтоб) (?:ты|вы|он|она|ты уже|вы все|вы уже) (?:уже )?(?:сдох\\p{L}*|подох\\p{L}*|сгнил\\p{L}*|передознул\\p{L}*)'), 'death wish'],
  [W('(?:тебя|вас|тя) (?:найду|убью|урою|зарежу|порежу|закопаю|прибью|грохну|уебу|въебу|отпизжу|придушу|задушу|замочу)'), 'threat'],
  [W('(?:найду|убью|урою|зарежу|порежу|закопаю|прибью|грохну|уебу|въебу|отпизжу|придушу|задушу|замочу) (?:тебя|вас|тя)'), 'threat'],
  [W('(?:ноги|руки|башку|голову|ебало|морду|зубы|лицо) (?:тебе |вам )?(?:переломаю|сломаю|оторву|проломлю|разобью|начищу|выбью)'), 'threat'],
  [W('(?:тебе|вам) (?:конец|хана|не жить)'), 'threat'],
  // («пошел на хер этот метадон» sends a thing, not a person)
  [W('(?:иди|идите|пошел|пошла|пошли|вали|валите|катись|катитесь|ступай) (?:ка |ты |вы |бы )?(?:на ?ху[йиея]|на ?хер|в жопу|в пизду|к черту|нафиг)(?! (?:этот|эта|это|эти|такой|такая|такие|все это|эту|эти))'), 'go to hell'],
  [W('(?:заткнись|заткнитесь|закройся|закройтесь|завали еблище|завали ебало|завали хлебало|закрой ебало|закрой рот|завались)'), 'shut up'],
  [W('(?:покажи|покажите|скинь|скиньте|пришли) (?:мне )?(?:свои |свою |свое )?(?:сиськи|сиси|грудь|жопу|попу|писю|член|нюдсы|нюдесы|голые фот\\p{L}*|интим\\p{L}* фот\\p{L}*)|(?:отсоси|отсосешь|соси)'), 'sexual harassment'],
  [W('(?:засунь|засуньте|запихни|запихай) (?:\\p{L}+ ){0,3}(?:себе )?(?:в (?:жопу|задницу|очко)|куда подальше)'), 'go to hell'],
  // Polite-seeming contempt: «с вашими мозгами лучше молчать», «тебя никто не спрашивал».
  // «ещё одна шлюха с вокзала будет нас учить»: a newcomer or member scorned.
  [W('(?:еще|очередн\\p{L}*) (?:один|одна|одно|\\p{L}+ая|\\p{L}+ый)? ?(?:шлюх\\p{L}*|шалав\\p{L}*|нарколыг\\p{L}*|дебил\\p{L}*|идиот\\p{L}*|урод\\p{L}*|овц\\p{L}*) (?:\\p{L}+ ){0,2}(?:будет|пришел|пришла|лезет|учит)'), 'contempt'],
  [W('(?:с|при) (?:твоими|вашими|такими) (?:куриными )?(?:мозгами|извилинами)|с (?:твоим|вашим) (?:умом|интеллектом|iq|айкью)|(?:тебя|вас) (?:вообще |тут |здесь )?никто (?:вообще |тут |здесь )?не (?:спрашивал|звал)|никто (?:тебя|вас) (?:вообще |тут |здесь )?не (?:спрашивал|звал)|твое мнение (?:тут |здесь )?никого не|никто (?:тебя|вас) (?:тут |здесь )?не (?:ждет|ждал|хочет|любит)|(?:тебе|вам) (?:тут|здесь) не рады'), 'contempt'],
];
/** Body shaming and dehumanising lines, when someone is addressed: «ну и рожа у тебя», «ты тупая как пробка», «ты ошибка природы». */
const SCORN_RU = W('ну и (?:рожа|морда|харя|рыло)|(?:рожа|морда|харя|рыло) (?:у тебя|у вас|твоя|ваша)|(?:туп\\p{L}*|глуп\\p{L}*) как (?:пробк\\p{L}*|вален\\p{L}*|бревн\\p{L}*|дерев\\p{L}*|овц\\p{L}*|баран\\p{L}*)|ошибк\\p{L}* природы|(?:таких|таким) как (?:ты|вы) (?:\\p{L}+ )?(?:надо|нужно|место) (?:в|на) (?:колони\\p{L}*|тюрьм\\p{L}*|лагер\\p{L}*|остров\\p{L}*|психушк\\p{L}*|газовую)|(?:таких|таким) как (?:ты|вы) (?:\\p{L}+ )?(?:надо|нужно) (?:изолир\\p{L}*|сажать|стрелять|убивать|усыплять)');
const ADDRESSED_RU = /(?:^| )(?:ты|вы|тебя|тебе|вас|вам|твоя|твой|ваша|ваш)(?: |$)/u;
const THREATS_EN: [RegExp, string][] = [
  [W('kys|(?:kil|hang|shoot|end) (?:your ?self|urself|yourselves)'), 'self-harm incitement'],
  [/^(?:just|go) (?:and )?die(?! hard| inside| laughing| of)(?![\p{L}])|(?<![\p{L}])(?:go|pls|please) (?:(?:overdose|od|rot) )?(?:and )?die(?![\p{L}])|(?<![\p{L}])die already(?![\p{L}])/u, 'death wish'],
  [W('(?:you|u|ya) (?:should|must|can|need to|deserve to|ought to) (?:just )?(?:die|od|overdose|rot)'), 'death wish'],
  [W('hope (?:you|u|ya) (?:die|od|overdose|rot|choke)'), 'death wish'],
  [W('(?:i|il|i wil|im gona|im going to|ima|gona) (?:find|kil|hurt|beat|stab|shoot|end|smash) (?:you|u|ya)'), 'threat'],
  [W('fuck (?:you|u|ya|of|yourself|urself)(?! (?:withdrawal|dope|fent|fentanyl|meth|heroin|adiction|cravings|this|that|drugs?|pils|relapse))|stfu|gtfo|shut up (?:you|u|bitch)'), 'aimed swearing'],
  [W('(?:piece of shit|waste of (?:space|oxygen|air|skin|life))'), 'dehumanising'],
  [W('(?:show|send) (?:me |us )?(?:your|ur|some|them) (?:tits|titties|boobs|ass|dick|cock|pusy|nudes|nude pics)|send (?:me )?nudes|suck my (?:dick|cock)'), 'sexual harassment'],
  [W('go (?:rot|die) in (?:a|the|hel|your)|rot in (?:hel|a ditch|jail)|should have (?:aborted|drowned) (?:you|u|ya)|go (?:od|overdose)(?: already| and| pls| please|$)|(?:od|overdose) already|nobody (?:will|would|gonna) miss (?:you|u|ya)|(?:world|everyone|we) (?:would be|will be|is|are|d be) better (?:of )?without (?:you|u|ya)|do (?:us|everyone) a favou?r and (?:die|od|overdose|leave)'), 'death wish'],
  [W('look at (?:this|that) (?:\\p{L}+ )?(?:retard|idiot|moron|clown|loser|imbecile|dumbas|junkie|crackhead|cunt|bitch)(?: (?:trying|thinking|talking|acting|explaining|who|here|lol|lmao)|$)'), 'mockery'],
  [W('(?:nobody|no one) (?:wants|likes|needs) (?:you|u|ya) (?:here|around)|(?:nobody|no one) cares (?:about|what) (?:your|ur|you|u)|nobody (?:asked|cares what) (?:you|u|ya|for your|a|an|the|what you)|no one asked (?:you|u|ya|for your|a|an)|(?:someone|people|anyone) with (?:your|ur) (?:iq|brains?|intelligence)|with (?:your|ur) iq|go back to (?:your|ur) (?:gutter|hole|trailer|trap house|cave|sewer|crack ?den|crack ?house|drug den)'), 'contempt'],
];

/** The text without quoted passages («…», "…", “…”), for the insult rule: a quoted insult is reported, not said. */
function withoutQuotes(text: string): string {
  const stripped = text.replace(/«[^»]*»|"[^"]*"|“[^”]*”|„[^“”]*[“”]|(?<![\p{L}\p{N}])['‘][^'‘’\n]{2,80}['’](?![\p{L}\p{N}])/gu, ' ');
  return stripped.replace(/[^\p{L}]/gu, '').length >= 2 ? stripped : text;
}

const MAX_CLAUSES = 24;
/** Institutions and authorities: abuse of them is venting about the system. */
const INSTITUTION = W('минздрав\\p{L}*|правительств\\p{L}*|дум\\p{L}*|депутат\\p{L}*|чиновни\\p{L}*|власт\\p{L}*|систем\\p{L}*|мент\\p{L}*|ментовк\\p{L}*|полици\\p{L}*|мвд|фскн|госдум\\p{L}*|министерств\\p{L}*|прокуратур\\p{L}*|наркоконтрол\\p{L}*|мусора|мусоров|мусорам|мусарн\\p{L}*|менты|суд|суды|судь\\p{L}*|кампани\\p{L}*|пропаганд\\p{L}*|government|campaigns?|officials|authorities|feds|courts?|judges?|propaganda|ministry|politicians?|the system|cops|police|dea|nhs|congres|parliament');
const SELF_TALK = wordSet(['себя', 'себе', 'самого', 'саму', 'называть', 'называй', 'обзывать', 'yourself', 'myself', 'urself', 'calling', 'cal']);
const ORDER_WORDS = wordSet(['заткнись', 'закройся', 'вали', 'отвали', 'свали', 'отсюда', 'проваливай', 'shut', 'up', 'stfu', 'gtfo', 'get', 'lost', 'out']);
const RU_ADJ_ENDING = /^[а-я]{3,}(?:ый|ий|ой|ая|яя|ое|ее|ые|ие)$/u;

/** First person: a word said of oneself («я клоун 🤡», "im such a clown"). */
const SELF = wordSet(['я', 'меня', 'мне', 'сам', 'сама', 'i', 'im', 'me', 'myself']);

/** Imperatives of contempt that make a lone noun after them an address («торчи дальше, мусор»). */
const CONTEMPT_ORDER = W('торчи|сдохни|вали|отвали|заткнись|закройся|иди|пошел|пошла|проваливай|подыхай|гний|колись|ширяйся|нюхай|умри|сиди|проспись|die|shut up|get lost');
/** "nobody cares, just die": a death wish as a clause of its own. */
const DIE_CLAUSE = /^(?:just |go |pls |please |so )*(?:and )?die(?: already| pls| please| now)?$/u;

type WordKind = 'strong' | 'interjection' | 'mild' | 'weak' | undefined;
/** Words already classified (bounded): a long message repeats its words. */
const classified = new Map<string, WordKind>();
function classify(word: string): WordKind {
  if (classified.has(word)) return classified.get(word);
  if (classified.size > 20000) classified.clear();
  const kind = classifyWord(word);
  classified.set(word, kind);
  return kind;
}
function classifyWord(word: string): WordKind {
  if (isInterjection(word)) return 'interjection';
  if (STRONG_RE.test(word)) return HARM_REDUCTION_WORDS.has(word) ? undefined : 'strong';
  if (WEAK_RE.test(word)) return 'weak';
  if (MILD_RE.test(word)) return 'mild';
  return undefined;
}

function insultIn(text: string, v: Views, isWordFn: (w: string) => boolean, budget: UnmaskBudget): string | undefined {
  const complaint = COMPLAINT.some((re) => both(re, v));
  if (complaint) return undefined;
  for (const [re, why] of THREATS_RU) if (re.test(v.ru)) return why;
  if (SCORN_RU.test(v.ru) && ADDRESSED_RU.test(v.ru)) return 'contempt (body shaming, dehumanising)';
  for (const [re, why] of THREATS_EN) {
    if (!re.test(v.folded)) continue;
    // "I'm a useless piece of shit today": said of oneself.
    if (why === 'dehumanising' && W('(?:im|i am|i m|i feel like|feel like|i was|i fel|made me feel like)(?: \\p{L}+){0,3} (?:piece of shit|waste of)').test(v.folded)) continue;
    return why;
  }

  // Mockery emoji make no teasing of a mild word; worry for the reader makes a scolding strong word caring.
  const mockery = MOCKERY.test(text);
  const friendly = FRIENDLY.test(text) && !mockery;
  // Affection around a strong word makes it banter («он урод, но я его люблю», "you idiot, love you 😂").
  const affection = LOVE.test(text) || CARE.test(text);
  // "look at this clown 🤡🤡": a word for a person with mockery emoji, unless said of oneself.
  if (mockery) {
    const words = v.ru.split(' ');
    for (let i = 0; i < words.length; i++) {
      const kind = classify(words[i]!);
      if (!kind || kind === 'interjection') continue;
      const before = words.slice(Math.max(0, i - 3), i);
      if (before.some((b) => NEGATIONS.has(b) || SELF.has(b))) continue;
      return `mockery: «${words[i]}» with 🤡`;
    }
  }
  for (const view of [v.ru, v.folded]) {
    const words = view.split(' ');
    for (let i = 0; i < words.length; i++) {
      const kind = classify(words[i]!);
      if (!kind) continue;
      if ((kind === 'mild' && friendly) || (kind === 'strong' && affection && !VERY_STRONG.test(words[i]!))) continue;
      const prev = words[i - 1];
      const next = words[i + 1];
      if (prev && NEGATIONS.has(prev)) continue;
      // "you're not a loser", «ты не такой дебил»: a negation a few fillers or adjectives back.
      if ([2, 3].some((k) => NEGATIONS.has(words[i - k] ?? '') && words.slice(i - k + 1, i).every((b) => FILLERS.has(b) || ADJ_RE.test(b) || ['a', 'an', 'такой', 'такая', 'such'].includes(b)))) continue;
      // «хватит себя называть дебилом», "stop calling yourself stupid": talk about self-talk.
      if (words.slice(Math.max(0, i - 3), i).some((w) => SELF_TALK.has(w))) continue;
      // «ты сука», «ты конченая тварь», "you are a idiot", "@user ты дебил": a second-person word up
      // to three words before (only adjectives/fillers between for interjections and weak words).
      // Up to three words back whatever they are (strong and mild words), up to five when only
      // fillers and insulting adjectives stand between ("you are such a stupid cunt").
      for (let back = 1; back <= 5 && i - back >= 0; back++) {
        const t = words[i - back]!;
        if (NEGATIONS.has(t)) break;
        if (TARGET_2.has(t)) {
          const between = words.slice(i - back + 1, i);
          const tight = between.every((b) => ADJ_RE.test(b) || FILLERS.has(b));
          // «ты наркоман?» may be a plain question here: words for people who use drugs need an
          // insulting adjective with them («ты вонючий нарик»).
          const userWord = USER_WORDS.has(words[i]!);
          if (userWord && !between.some((b) => ADJ_RE.test(b)) && !ADJ_RE.test(next ?? '') && classify(next ?? '') !== 'strong') break;
          if (tight || (back <= 3 && (kind === 'strong' || kind === 'mild'))) return `${kind} insult aimed at «${t}»: «${words[i]}»`;
        }
      }
      // «сука ты», «пидорас ты», «мразота же ты», "idiot you are": the address right after, ending
      // the phrase — «сука ты не представляешь…» is an interjection before a sentence.
      const after = next && FILLERS.has(next) && TARGET_2.has(words[i + 2] ?? '') ? i + 2 : i + 1;
      const addr = words[after];
      if (addr && TARGET_2.has(addr) && addr !== 'u' && addr !== 'y' && kind !== 'mild') {
        const rest = words[after + 1];
        const ends = rest === undefined || ['а', 'же', 'такой', 'такая', 'are', 'r'].includes(rest) || ADJ_RE.test(rest) || classify(rest) !== undefined;
        if (kind !== 'interjection' || ends) return `insult + «${addr}»: «${words[i]}»`;
      }
      // «она шлюха», «он гнида», "she is a whore".
      if (kind === 'strong') {
        let j = i - 1;
        while (j >= 0 && (FILLERS.has(words[j]!) || ADJ_RE.test(words[j]!)) && i - j <= 3) j--;
        if (j >= 0 && TARGET_3.has(words[j]!)) return `insult aimed at «${words[j]}»: «${words[i]}»`;
      }
      // «тупая сука», "stupid bitch": an insulting adjective makes the interjection a noun for someone.
      if (kind === 'interjection' && prev && ADJ_RE.test(prev) && !NEGATIONS.has(words[i - 2] ?? '')) return `«${prev} ${words[i]}»`;
    }
  }
  // "you're a fake-ass holier-than-thou bitch": hyphenated compounds as adjectives before the word.
  if (/(?<![\p{L}])(?:you'?re|you are|ur|u r) (?:such )?(?:a |an )?(?:[\p{L}]+ )?(?:[\p{L}]+(?:-[\p{L}]+)+ )(?:[\p{L}-]+ ){0,2}(?:bitch|whore|cunt|slut|retard|idiot|moron)(?![\p{L}])/iu.test(text)) return 'insult with compound adjectives';
  // «ты 3.14дор»: digits of pi for «пи».
  if (/(?<![\d])3[.,]14\s?(?:д[оа]р|др)/iu.test(text)) return 'leetspeak insult («3.14дор»)';
  // Lone address in its own clause: «заткнись, дегенерат», «ублюдок, я знаю…», «торчи дальше, мусор».
  // (a dot splits clauses only before a space or the end: «д.е.б.и.л» is one word)
  // «система — тварь»: a clause after a dash whose subject is a third party says what it is, not whom it addresses.
  // Only short clauses can be a lone address, and at most MAX_CLAUSES of them are read (each is folded anew).
  const parts = text.split(/([,.!?;:…]+(?=\s|$)|[,!?;:\n—–]+|\s-\s)/u);
  const clauses: (Views & { predicate: boolean; afterName: boolean })[] = [];
  for (let k = 0; k < parts.length && clauses.length < MAX_CLAUSES; k += 2) {
    const chunks = parts[k]!.trim().split(/\s+/u).length;
    if (!/\p{L}/u.test(parts[k]!) || chunks > 8) continue;
    const prev = k >= 2 ? parts[k - 2]! : '';
    const dash = k >= 1 && /[—–]|\s-\s/u.test(parts[k - 1]!);
    const predicate = dash && /\p{L}/u.test(prev) && !/(?<![\p{L}])(?:ты|вы|you|u|ur|you'?re)(?![\p{L}])/iu.test(prev);
    const afterName = predicate && /^\s*\p{Lu}\p{Ll}{2,}\s*$/u.test(prev) && !INSTITUTION.test(prev.toLowerCase());
    clauses.push({ ...views(parts[k]!, isWordFn, budget), predicate, afterName });
  }
  const second = /(?:^| )(?:ты|вы|тебя|вас|you|u|ur|youre)(?: |$)/u.test(v.ru);
  const orderGiven = both(CONTEMPT_ORDER, v) || /(?:^| )(?:ты|you|u)(?: |$)/u.test(v.ru);
  const venting = !second && !orderGiven && ABSENT_PARTY.test(v.ru) && ABSENT_DEED.test(v.ru);
  // «дебилы, блин, в минздраве сидят», "idiots in the ministry": abuse of an institution, not of a person here.
  const institution = !second && both(INSTITUTION, v);
  // "I hate myself… fucking idiot", «ненавижу себя, дебил»: said of oneself after a relapse, nobody addressed.
  const selfBlame = !second && /(?:^| )(?:myself|себя|i hate me|сам виноват|сама виновата)(?: |$)/u.test(v.ru + ' ' + v.folded);
  for (const c of clauses) {
    if (DIE_CLAUSE.test(c.folded)) return 'death wish';
    // «Гена — гнида и крыса»: a dash after a person's name says what the person is.
    // (not when the writer was wronged by them: «Саша — тварь, украл мой телефон» is venting)
    const named = c.predicate && c.afterName && !ABSENT_DEED.test(v.ru);
    if (c.predicate && !named) continue;
    if (institution || selfBlame) continue;
    for (const view of c.folded === c.ru ? [c.ru] : [c.ru, c.folded]) {
    // (an order of contempt before the address goes too: «заткнись, торчок», "shut up crackhead")
    const words = view.split(' ').filter((w) => w && !['ну', 'и', 'же', 'эй', 'слышь', 'слыш', 'hey', 'oi', 'ты', 'you', 'u', '@user', 'оба', 'обе', 'both', 'and'].includes(w) && !ORDER_WORDS.has(w));
    if (named && !(affection && !words.some((w) => VERY_STRONG.test(w))) && words.length >= 1 && words.length <= 3 && words.every((w) => classify(w) === 'strong' || ADJ_RE.test(w)) && words.some((w) => classify(w) === 'strong')) return `said of a named person: «${words.join(' ')}»`;
    if (named) continue;
    if (words.length === 0 || words.length > 3) continue;
    // «шнырь подзаборный»: the noun may come first.
    // «чмо болотное»: a strong noun then any adjective.
    const nounFirst = words.length === 2 && ((classify(words[0]!) === 'strong' && RU_ADJ_ENDING.test(words[1]!)) || (classify(words[0]!) === 'mild' && ADJ_RE.test(words[1]!)));
    if (nounFirst) words.reverse();
    if (words.length >= 2 && ADJ_RE.test(words[words.length - 1]!) && classify(words[0]!)) words.push(words.shift()!);
    const last = words[words.length - 1]!;
    const kind = classify(last);
    const adjsOnly = nounFirst || words.slice(0, -1).every((w) => ADJ_RE.test(w));
    if (!adjsOnly) continue;
    if (venting) continue;
    if (kind === 'strong' && affection && !VERY_STRONG.test(last)) continue;
    if (kind === 'strong' && !/^(?:trash|garbage|dumb|stupid|pathetic|rat)$/.test(last)) return `addressed as «${last}»`;
    const contempt = USER_WORDS.has(last) ? both(CONTEMPT_ORDER, v) : orderGiven;
    if (kind === 'weak' && contempt && !HARM_REDUCTION_WORDS.has(last)) return `addressed as «${last}» after an order`;
    if (kind === 'weak' && words.length >= 2) return `addressed as «${words.join(' ')}»`;
    // «дура тупая», «тупой дурак» as an address (not in teasing).
    if (kind === 'mild' && words.length >= 2 && words.slice(0, -1).some((w) => ADJ_RE.test(w)) && !friendly) return `addressed as «${words.join(' ')}»`;
    // "junkie trash", «нарик мусор»: a weak word made an insult by what follows.
    if (words.length === 2 && classify(words[0]!) === 'weak' && (kind === 'strong' || kind === 'weak')) return `addressed as «${words.join(' ')}»`;
    }
  }
  // Spelled out letter by letter to get past a filter: «т у п о й», "r e t a r d".
  // (each distinct word once, in order of first appearance: a repeated word decides the same way; and
  // whether the message addresses someone is read from the whole text once, not once per word)
  let addressed: boolean | undefined;
  for (const s of new Set(v.spelledOut)) {
    if (STRONG_ANYWHERE.test(s) && !isInterjection(s) && s.length >= 4) {
      addressed ??= /(?:^| )(?:ты|you|u|ur|youre|@user|он|она)(?: |$)|\p{L}{2}(?:ешь|ишь)(?: |$)/u.test(v.ru + ' ' + v.folded);
      const aimed = addressed || /^(?:ur|uare|youare|ura|tы)/u.test(s) || s.length > 6;
      if (aimed) return `spelled-out insult «${s}»`;
    }
  }
  return undefined;
}

// ───────────────────────────── spam ─────────────────────────────

const URL_RAW = URL;

/** Keyboard rows: a long word typed along one row is mash («фывапролдж», "asdfghjkl"). */
const KEY_ROWS = ['йцукенгшщзхъ', 'фывапролджэ', 'ячсмитьбю', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm'].map((r) => new Set(r));
const VOWELS = new Set('аеёиоуыэюяaeiouy');

/** A word no one writes on purpose: typed along one keyboard row, or a long run of consonants. */
export function isKeyboardMash(word: string): boolean {
  if (word.length < 8) return false;
  const letters = [...word.toLowerCase()].filter((c) => /\p{L}/u.test(c));
  if (letters.length < 8) return false;
  const vowels = letters.filter((c) => VOWELS.has(c)).length;
  const oneRow = KEY_ROWS.some((row) => letters.every((c) => row.has(c)));
  if (oneRow && (letters.length >= 12 || (letters.length >= 8 && vowels / letters.length < 0.35))) return true;
  let run = 0;
  let longest = 0;
  for (const c of letters) {
    run = VOWELS.has(c) || c === 'ь' || c === 'ъ' ? 0 : run + 1;
    longest = Math.max(longest, run);
  }
  return longest >= 6 || (letters.length >= 10 && vowels / letters.length < 0.12);
}

/** Units of a message for flood detection: words, and each emoji on its own. */
function floodUnits(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[\uFE0F\u200D]/gu, '')
    .replace(/(\p{Extended_Pictographic})/gu, ' $1 ')
    .split(/[\s,.!?;:()]+/u)
    .filter(Boolean);
}

/** Lures: fake prizes and payouts, phishing, free premium, dating bots. */
const PRIZE = W('начислен\\p{L}*|зачислен\\p{L}*|от государства|от госуслуг\\p{L}*|(?:получи|получите|получит|получить|получишь|забери|заберите) (?:(?:\\p{L}+ |\\d+ ?\\p{L}* ){0,3}(?:руб\\p{L}*|денег|деньги|бонус\\p{L}*|на карту)|\\d+ ?(?:р|₽|usdt|\\$))|(?:раздает|раздают|раздаем|gives|giving) (?:\\p{L}+ )?\\$?\\d+ ?(?:руб\\p{L}*|р|₽|\\$|usdt|dollars)? (?:\\p{L}+ ){0,2}(?:каждому|всем|every|each|to every|to each|to al)|(?:вы|ты) (?:выиграли|выиграл|выиграла|получили|стали победител\\p{L}*)|розыгрыш\\p{L}*|приз\\p{L}*|подар(?:ок|ки|ком)|выплат\\p{L}*|компенсаци\\p{L}*|пособи\\p{L}*|бесплатн\\p{L}* (?:telegram |телеграм )?(?:premium|премиум)|(?:telegram |телеграм )?(?:premium|премиум) бесплатн\\p{L}*|раздач\\p{L}* (?:premium|премиум|денег|iphone|айфон\\p{L}*)|(?:you ?ve|you have|you) won|winner|prize|gift ?cards?|giveaway|claim (?:your|now|here|it)|free (?:\\p{L}+ )?premium|fre ?(?:iphone|robux|nitro)|airdrop\\p{L}*|аирдроп\\p{L}*|free tokens|connect (?:your )?wallet|\\d+ (?:руб\\p{L}*|р|₽|usdt|долл\\p{L}*|бакс\\p{L}*) просто так|деньги просто так|free money|(?:gives?|giving|pays?|paying|sends?|выплачивает|выплачиваем|платит|платим) \\$?\\d+ ?\\$? (?:\\p{L}+ ){0,2}(?:to every|to each|to al|every|each|каждому|всем)');
const PHISH = W('войди\\p{L}* через|войти через|вход через госуслуг\\p{L}*|log ?in (?:with|via) (?:your )?(?:bank|google|facebook)|enter (?:your )?card|введи\\p{L}* (?:данные )?карт\\p{L}*|re ?verify|переподтверд\\p{L}*|unusual (?:login|activity|sign ?in)|suspicious (?:login|activity|sign ?in)|подозрительн\\p{L}* (?:вход\\p{L}*|активност\\p{L}*)|secure (?:it|your account) now|для разблокировки|(?:аккаунт|акаунт|учетн\\p{L}* запис\\p{L}*|страниц\\p{L}*|профиль|карт[аы]|account|card) (?:\\p{L}+ ){0,3}(?:будет |был |может быть )?(?:заблокирован\\p{L}*|удален\\p{L}*|блокир\\p{L}*|deleted|suspended|locked|blocked|disabled|banned)|(?:подтвердите|подтверди|verify|confirm|update) (?:вход|аккаунт|личность|номер|данные|адрес доставки|оплату|your (?:account|identity|login|address|details|card|payment|data)|here|now|login)');
/** A parcel that "could not be delivered" with a request to confirm or pay: a phishing lure. */
const PARCEL = W('(?:package|parcel|delivery|посылк\\p{L}*|доставк\\p{L}*) (?:\\p{L}+ ){0,4}(?:not (?:be )?delivered|could not|failed|не доставлен\\p{L}*|не удалось|задержан\\p{L}*)');
const PARCEL_ACTION = W('confirm|verify|pay|update|подтвердите|подтверди|оплатите|оплати|укажите');
const LURE_ACTION = W('url|по сылке|получить|жми|переходи\\p{L}*|забери\\p{L}*|заберите|получи|получите|активир\\p{L}*|claim|click|tap|verify|confirm|here');
const DATING = W('(?:загляни|заглядывай|зайди|заходи|посмотри|смотри|check|see|visit) (?:в |на )?(?:мой|мои|мою|my|ко мне в) (?:профиль|профил|страничку|фото|фотки|profile|page|pics|photos|bio)|(?:фото|фотки|pics|photos) (?:в|на|in|on) (?:моем |my )?(?:профиле|профил|странице|profile|bio)');
const DATING_SIGN = /😘|💋|🔞|😏|🍑|💦|скучно|одинок|одиноко|познаком|bored|lonely|horny|hot|18\+|интим|hiii/iu;
const CHAIN = W('(?:перешли|перешлите|разошли|разошлите|отправь|отправьте|поделись|поделитесь|скинь|скиньте|репостни\\p{L}*|share|forward|send|repost)(?: это| этот| эту| this| it)?(?: сообщение| смс| пост| message| post)? (?:во все|в другие|по всем|всем|в свои|in all|to all|in every|to every|with all|in your|to your) (?:\\p{L}+ )?(?:чаты|группы|контакты|друзьям|знакомым|чатах|группах|groups|chats|contacts|friends)');

/** Harm-reduction supplies: a giveaway of them for a repost is not a lure. */
const HARM_GIVEAWAY = W('налоксон\\p{L}*|наркан|шприц\\p{L}*|игл\\p{L}*|презерватив\\p{L}*|тест\\p{L}*|naloxone|narcan|needles?|syringes?|condoms?|test strips?');

function spamIn(text: string, v: Views, input: ModerationInput): string | undefined {
  // A flood of near-empty lines: «.\n.\n.\n…».
  const lines = text.split('\n');
  if (lines.length >= 8 && lines.filter((l) => l.trim().length <= 3).length >= lines.length * 0.9 && text.replace(/\s/g, '').length <= lines.length * 3) return 'line flood';
  const compact = text.replace(/[\s\uFE0F\u200D]+/gu, '');
  // (the majority character by a single vote pass, then counted: a flood's character is the majority)
  let length = 0;
  let candidate = '';
  let votes = 0;
  for (const ch of compact) {
    length++;
    if (votes === 0) candidate = ch;
    votes += ch === candidate ? 1 : -1;
  }
  if (length >= 12) {
    let top = 0;
    for (const ch of compact) if (ch === candidate) top++;
    if (top >= 15 && top / length >= 0.85 && !/\d/.test(candidate)) return 'one character repeated';
    const emoji = compact.match(/\p{Extended_Pictographic}/gu)?.length ?? 0;
    if (emoji >= 12 && emoji / length >= 0.8) return 'emoji flood';
  }
  const tokens = text.toLowerCase().split(/[\s,.!]+/u).filter(Boolean);
  if (tokens.length >= 5) {
    const counts = new Map<string, number>();
    for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
    const top = Math.max(...counts.values());
    if (top >= 5 && top / tokens.length >= 0.6) return 'one word repeated';
  }
  // «привет всем привет всем …», "⬆️⬆️ АП АП ⬆️⬆️": many units, hardly any different ones.
  const units = floodUnits(text);
  const distinct = new Set(units).size;
  if (units.length >= 10 && distinct <= 4 && distinct <= units.length / 4) return 'phrase repeated';
  // Keyboard mash: most of the letters are in words no one writes.
  const letterWords = text.split(/[^\p{L}]+/u).filter(Boolean);
  const mashLetters = letterWords.filter(isKeyboardMash).join('').length;
  const allLetters = letterWords.join('').length;
  if (allLetters >= 8 && mashLetters / allLetters >= 0.6) return 'keyboard mash';
  // "хахахаха…": a short unit repeated within one long word.
  const unit = /^(\p{L}{1,4})\1{11,}$/u.exec(compact.toLowerCase());
  if (unit) return 'one syllable repeated';
  const links = text.match(URL_RAW) ?? [];
  if (links.length >= 3) return 'link flood';
  const chain =
    W('(?:перешли|перешлите|разошли|разошлите|отправь|отправьте|поделись|поделитесь|скинь|скиньте|перешли это|разошли это)(?: это| этот| эту)?(?: сообщение| смс| пост)? (?:\\d+|всем|десяти|пяти|друзьям|контактам|всему)') ;
  if (chain.test(v.ru)) return 'chain message';
  if (both(CHAIN, v)) return 'chain message';
  // «перешли это сообщение в 10 чатов», "forward this to 10 groups".
  if (both(W('(?:перешли|перешлите|переслать|разошли|разошлите|разослать|отправь|отправьте|отправить|поделись|поделитесь|forward|send|share)(?: \\p{L}+){0,3} (?:в|to|with|in) (?:\\d+|десять|пять|двадцать|ten|five|twenty) (?:\\p{L}+ )?(?:чат\\p{L}*|групп\\p{L}*|контакт\\p{L}*|друз\\p{L}*|chats?|groups?|contacts?|friends|people)'), v)) return 'chain message';
  const link = /(?:^| )url(?: |$)/u.test(v.folded);
  // Bait with a link: «это ты на видео?? …», "is this you in this video?", «проголосуйте за …».
  if ((link || input.hasLink) && !both(ORG_OWN, v) && !both(W('наш\\p{L}*|our'), v) && both(W('(?:это|тут|там) ты (?:на|в) (?:видео|фото\\p{L}*|ролик\\p{L}*)|(?:is|was) (?:this|that) you (?:in|on) (?:this|the|that) (?:video|vid|pic|photo)|проголосуй\\p{L}*|голосуйте|vote for (?:my|our)|please vote'), v)) return 'bait link';
  // Bait with a link: «ты видел это фото с тобой??», «мне дали твой контакт, важное предложение, открой документ».
  if ((link || input.hasLink) && /[?😳😱😮]/u.test(text.replace(URL_RAW, ' ')) && !both(ORG_OWN, v) && both(W('(?:фото|видео|ролик) с тобой|(?:photo|video|pics?|vid) (?:of|with) you'), v)) return 'bait link';
  if ((link || input.hasLink) && !both(ORG_OWN, v) && both(W('мне дали (?:твой|ваш) (?:контакт|номер)|got your (?:contact|number) from|важное предложение|important (?:ofer|proposal|document)|открой\\p{L}* (?:этот )?(?:документ|файл)|open (?:the|this) (?:document|file|doc)'), v)) return 'bait link';
  // A fake admin notice: «Администрация переносит группу, вступайте по ссылке, иначе будете удалены», "re-verify or be removed".
  if ((link || input.hasLink) && both(W('администрац\\p{L}*|админ\\p{L}*|admins?|administration|moderators?|модератор\\p{L}*'), v) && both(W('(?:будете|будут|будешь) (?:удален\\p{L}*|исключен\\p{L}*|заблокирован\\p{L}*)|(?:be|get) (?:removed|deleted|banned|kicked)|иначе|or else'), v)) return 'fake admin notice';
  // Dating lures with a link or handle: «ищу интересного собеседника, напиши мне ❤️ @…», «давай познакомимся ближе? пиши сюда 👉 …».
  if ((link || input.hasLink || /(?:^| )@user(?: |$)/u.test(v.folded)) && both(W('ищу (?:\\p{L}+ )?(?:собеседник\\p{L}*|парн\\p{L}*|мужчин\\p{L}*|спутник\\p{L}*)|давай\\p{L}* познаком\\p{L}*|познакомимся|(?:милый|милая|красив\\p{L}*) на аватарк\\p{L}*|looking for (?:a |an )?(?:nice |interesting |real )?(?:man|guy|gentleman|companion)|get to know (?:you|each other)|you look (?:cute|hot) in your'), v) &&
      both(W('напиши\\p{L}*|пиши\\p{L}*|write|text|dm|message|сюда|here'), v)) return 'dating-bot lure';
  // Advance-fee fraud: "you are a beneficiary of $2.5M, reply with your details".
  if (both(W('widow of|late husband|transfer (?:the |these |my |of )?funds|перевести (?:эти )?средства'), v) && both(W('dear|kind help|assist\\p{L}*|kindly|дорог\\p{L}*|помощ\\p{L}*'), v)) return 'advance-fee fraud';
  if (both(W('beneficiary|inheritance|next of kin|unclaimed (?:funds|prize)|наследств\\p{L}*|вы (?:стали )?(?:получател\\p{L}*|наследник\\p{L}*)'), v) && (/[$€£]\s?\d|\d\s?(?:[$€£]|usd|m\b|млн)/iu.test(text) || both(W('reply with|send (?:your|me your) (?:details|info|bank)|пришлите (?:ваши )?данные'), v))) return 'advance-fee fraud';
  // Giveaway for reposts: «Раздаю 1000 USDT первым 50, кто подпишется и сделает репост».
  if (both(W('раздаю|раздам|разыгрыва\\p{L}*|розыгрыш\\p{L}*|giving away|giveaway'), v) && /\d/.test(text) && both(W('подпиш\\p{L}*|подпис\\p{L}*|репост\\p{L}*|retweet|repost|follow|share|лайк\\p{L}*'), v) && !HARM_GIVEAWAY.test(v.ru + ' ' + v.folded)) return 'giveaway for reposts';
  // Adult-content lure: "join my private group, free 18+ content, link in bio 🔞".
  if ((/🔞/u.test(text) || both(W('18 ?\\+? (?:content|контент\\p{L}*)|nudes|интим\\p{L}*|эротик\\p{L}*'), v) || /18\+\s*(?:content|контент)/iu.test(text)) && (link || input.hasLink || both(W('join|bio|профил\\p{L}*|в лс|напиши\\p{L}*|dm|пиши|заходи|вступай|link'), v))) return 'adult-content lure';
  // Flirting bot: «Привет 😘 я Алина, скучно одной, напиши мне в лс 💋».
  if (/😘|💋|🍑|💦|😏/u.test(text) && (text.match(/😘|💋|🔞|😏|🍑|💦|скучн|одинок|познаком|bored|lonely|horny|интим/giu)?.length ?? 0) >= 3 && both(W('напиши (?:мне)?|пиши мне|в лс|в личку|write me|text me|dm me|message me'), v)) return 'dating-bot lure';
  if (both(PRIZE, v)) {
    if ((link || input.hasLink) && (both(LURE_ACTION, v) || /[:👉👇]/u.test(text))) return 'prize/payout lure';
  }
  if (both(PHISH, v) && (link || input.hasLink)) return 'phishing';
  if (both(PARCEL, v) && both(PARCEL_ACTION, v) && (link || input.hasLink)) return 'phishing (parcel)';
  if ((both(DATING, v)) && DATING_SIGN.test(text)) return 'dating-bot lure';
  if (W('(?:станет|будет|станут) платн\\p{L}*').test(v.ru) && W('разошл\\p{L}*|перешл\\p{L}*|пересл\\p{L}*|отправ\\p{L}*').test(v.ru)) return 'chain message';
  if (W('(?:forward|send|share) this(?: message| post| msg)? (?:to|with) (?:\\d+|ten|five|everyone|al|your contacts|everybody)|or you wil have bad luck|bad luck for \\d+ years').test(v.folded)) return 'chain message';
  // All caps with promotion (counted only when there is a run of capitals at all).
  const letters = /\p{Lu}{4}/u.test(text) ? text.replace(/[^\p{L}]/gu, '') : '';
  const upper = letters ? letters.replace(/[^\p{Lu}]/gu, '').length : 0;
  if (letters.length >= 12 && upper / letters.length >= 0.85) {
    const promo = W('заработ\\p{L}*|жми|заходи|переходи|сылк\\p{L}*|бесплатн\\p{L}*|подпис\\p{L}*|бонус\\p{L}*|выигр\\p{L}*|fre|click|money|ofer|limited|win|bonus|subscribe|join|cash|earn');
    if (promo.test(v.ru) || promo.test(v.folded)) return 'all-caps promotion';
  }
  return undefined;
}

// ───────────────────────────── selling ─────────────────────────────

const DRUGS_RU = 'бупрен\\p{L}*|с[уа]бутекс\\p{L}*|сабик\\p{L}*|габапентин\\p{L}*|мяу|субоксон\\p{L}*|тропик\\p{L}*|тропикамид\\p{L}*|прегабалин\\p{L}*|кетамин\\p{L}*|ксанакс\\p{L}*|альпразолам\\p{L}*|меф\\p{L}*|мефедрон\\p{L}*|сол[ьи]|скорост\\p{L}*|сол|альфа|фен|фена|амф\\p{L}*|гер|гера|героин\\p{L}*|гаш\\p{L}*|шиш\\p{L}*|бошк\\p{L}*|план|трав\\p{L}*|спайс\\p{L}*|микс\\p{L}*|кокс\\p{L}*|кокаин\\p{L}*|экстази|мдма|марк[иа]|лсд|кристал\\p{L}*|метадон\\p{L}*|мет|лирик\\p{L}*|трамадол\\p{L}*|трамал\\p{L}*|феназепам\\p{L}*|оксикодон\\p{L}*|стаф|снег|снежок|табл\\p{L}*|колес\\p{L}*|кислот\\p{L}*|гриб\\p{L}*|стим\\p{L}*|вещества|вещ|товар\\p{L}*|позици\\p{L}*';
const DRUGS_EN = 'gabas|gabs|gummies|edibles|gabbies|gabapentin|gabas|lyrica|pregabalin|xans|xanies|zans|blues|roxys?|adys|molys|bupe|subs|suboxone|subutex|buprenorphine|methadone|percocet|adderal|kpins?|klonopin|valium|lean|codeine|xanax|bars|oxy|oxys|percs|perc|molly|mdma|coke|crack|meth|ice|tina|dope|fent|fentanyl|weed|carts|pils|acid|tabs|shrooms|ket|ketamine|heroin|benzos|aderal|pres|shit|stuf|gear';
const CONTACT = 'в лс|в личку|в личные|в директ|в тг|в телег\\p{L}*|телеграм\\p{L}*|пиши|пишите|писать|обращаться|звони|звоните|@user|url|бот\\p{L}*|dm|dm me|hit (?:me )?up|hmu|message (?:me|for)|text me|telegram|wickr|signal';
const PER_UNIT = '(?:за|за один|за одну|per|a|an|each|for a|for one) (?:г|гр|грам\\p{L}*|шт\\p{L}*|таб\\p{L}*|колес\\p{L}*|пластин\\p{L}*|блистер\\p{L}*|упаков\\p{L}*|пачк\\p{L}*|мл|кубик\\p{L}*|точк\\p{L}*|g|gs|gram|grams|strip|strips|pil|pils|tab|tabs|bar|bars|point|bag|bags|piece)';
const PRICE = '\\d+ ?(?:р|руб\\p{L}*|к|т|тыс|тр|грн|usd|eur|bucks)|\\d+ ?' + PER_UNIT + '|\\d+ ?[₽$€]|[$€] ?\\d+|цена\\p{L}*|прайс\\p{L}*|недорого|дешево|скидк\\p{L}*|опт|розниц\\p{L}*|торг|each|prices?|cheap|deal';

/** Drugs in the narrow sense, for giveaways (not «товар», «позиции», which are also ordinary words). */
const DRUGS_STRICT = 'бупр\\p{L}*|габа|габы|габу|крис|кристы|кристал\\p{L}*|меф\\p{L}*|мефедрон\\p{L}*|сол[ьи]?|скорост\\p{L}*|альф\\p{L}*|фен|фена|амф\\p{L}*|гер|геры|гера|героин\\p{L}*|гаш\\p{L}*|шиш(?:ки|ек|ками)|бошк\\p{L}*|спайс\\p{L}*|кокс\\p{L}*|кокаин\\p{L}*|экстази|мдма|марк[иа]|лсд|метадон\\p{L}*|мет|мета|лирик\\p{L}*|трамадол\\p{L}*|трамал\\p{L}*|бупрен\\p{L}*|с[уа]бутекс\\p{L}*|феназепам\\p{L}*|габапентин\\p{L}*|чего покрепче|тропикамид\\p{L}*|кетамин\\p{L}*|ксанакс\\p{L}*|' +
  'something stronger|gabas|gabs|gabbies|gummies|edibles|gabapentin|lyrica|pregabalin|xanax|bars|oxy|oxys|percs|molly|mdma|coke|meth|dope|fent|fentanyl|weed|carts|acid|shrooms|ket|ketamine|heroin|benzos|bupe|subs|suboxone|methadone';
/** Harm-reduction supplies: free giveaways of them are what the chat is for; for money they are sold. */
const SUPPLIES = 'игл\\p{L}*|шприц\\p{L}*|инсулинк\\p{L}*|баян\\p{L}*|налоксон\\p{L}*|наркан\\p{L}*|презерватив\\p{L}*|тест\\p{L}*|needles?|syringes?|rigs?|narcan|naloxone|condoms?|test strips?|kits?';
/** Ordinary goods between members. */
const GOODS = 'айфон\\p{L}*|iphone\\p{L}*|телефон\\p{L}*|смартфон\\p{L}*|ноутбук\\p{L}*|ноут|велик\\p{L}*|велосипед\\p{L}*|кроссовк\\p{L}*|куртк\\p{L}*|сигарет\\p{L}*|блок\\p{L}*|самокат\\p{L}*|приставк\\p{L}*|часы|наушник\\p{L}*|phone|laptop|bike|sneakers|cigarettes|smokes|ps\\d|xbox';
/** An offer in the first person or to whoever wants it. */
const OFFER = 'кому (?:\\p{L}+ )?(?:надо|нужно|нужен|нужна|нужны)|у меня есть|есть у меня|имеется|могу (?:отдать|продать|скинуть|привезти|подогнать|достать|поделиться)|подгоню|достану|отдам|отдаю|anyone (?:ned|neds|want|wants)|who (?:neds|wants)|got (?:extra|some|spare)|have (?:extra|spare|some)|can (?:drop of|deliver|meet)|hmu|hit me up';
/** Money in the raw text: «800 за таблетку», «8к», «1500₽», "$10", "5 bucks". */
const MONEY_RAW = /\d\s?(?:г|гр|g|шт)\s?[/=:—–-]\s?\d{3,}|\d\s?(?:₽|руб|р(?![\p{L}])|к(?![\p{L}])|тыс|\$|€|usd|bucks|quid)|[$€£]\s?\d|\d+\s?(?:за|per|a|each)\s(?:г(?![\p{L}])|мл|гр|грам|шт|таб|колес|пластин|strip|pill|tab|bar|gram|g\b|point|bag)|\d\s?(?:each|ea)\b/iu;
/** A report of being scammed or a warning: a shop named in it is not advertised. */
const SCAM_REPORT = W('кинул\\p{L}*|кинули|обманул\\p{L}*|развел\\p{L}*|развели|кидал\\p{L}*|кидалово|мошенни\\p{L}*|не ведитесь|осторожн\\p{L}*|scam\\p{L}*|ripped|beware|dont trust|careful');

/** Treatment, pharmacies, advice: asking about them is not asking for a source. */
const TREATMENT_TALK = 'аптек\\p{L}*|pharmacy|pharmacies|чек\\p{L}*|тест\\p{L}*|программ\\p{L}*|терапи\\p{L}*|лечени\\p{L}*|врач\\p{L}*|нарколог\\p{L}*|клиник\\p{L}*|диспансер\\p{L}*|совет\\p{L}*|дозиров\\p{L}*|рецепт\\p{L}*|program\\p{L}*|treatment|clinic|doctor|gp|prescription|script|advice|tips|taper\\p{L}*|dose|dosing|опыт\\p{L}*|experience|отмен\\p{L}*|слез\\p{L}*|withdrawal|info|информаци\\p{L}*';

/** Whether a giveaway verb sits in a sentence that is a question («можно ли отдать…?», "should I give away…?"), not an offer followed by "anyone in Leeds?". */
function giveawayAsked(text: string): boolean {
  if (!text.includes('?')) return false;
  for (const sentence of text.split(/(?<=[,;.!?\n—–])/u).slice(0, 48)) {
    if (sentence.trim().endsWith('?') && /(?:отда|разда|подел|угощ|подар|скин|отсып|give|giving)/iu.test(sentence)) return true;
  }
  return false;
}

/** Paying for drugs: "will pay", «заплачу», "I can venmo". */
const PAYS = 'will pay|wil pay|can pay|i ?l pay|paying|can venmo|venmo|cashapp|cash app|paypal|заплачу|оплачу|плачу|переведу|скину на карту|отблагодарю';

function sellingIn(text: string, v: Views, full: { text: string; v: Views }): string | undefined {
  const ru = v.ru;
  const en = v.folded;
  const has = (src: string) => both(W(src), v);
  const question = /\?\s*$/.test(text);
  const money = MONEY_RAW.test(text) || has(PRICE);
  // «я беру только у @…», "I only use @…": a member pointing to a source.
  if ((W('(?<!не )(?<!никогда не )(?:беру|покупаю|закупаюсь|заказываю|брал|брала|берем|беру всегда) (?:\\p{L}+ ){0,2}(?:у|через) @user').test(ru) ||
      W('(?:i|we) (?:only |always )?(?:use|buy from|get (?:mine|it|my \\p{L}+|everything) from|cop from|order from|go to|trust) @user').test(en)) && !W('(?:не|never|not|dont|do not|no longer|больше не|никогда не) (?:\\p{L}+ )?(?:беру|покупаю|заказываю|use|buy|get|cop|order|trust) (?:\\p{L}+ ){0,2}@user').test(ru + ' ' + en)) return 'points to a source (@handle)';
  // A shop: drugs with payment or delivery and a contact.
  if (has(DRUGS_RU + '|' + DRUGS_EN) && has('оплат\\p{L}*|доставк\\p{L}*|доставим|достав\\p{L}* за|крипт\\p{L}*|btc|usdt|на карту|payment|pay (?:in|with|by)|delivery|deliver|ships?|shipping|crypto') && has(CONTACT) && !SCAM_REPORT.test(ru) && !question) return 'drugs with payment/delivery and a contact';
  // «отдам остатки мефа бесплатно»: supplying drugs, even for free.
  if (has('(?:отдам|отдаю|раздам|раздаю|поделюсь|угощу|подарю|скину|отсыплю|give away|giving away|giving out|free to (?:anyone|whoever|a good home))') && has(DRUGS_STRICT) && !giveawayAsked(text) && !W('не (?:отдам|отдаю|раздам)').test(ru)) return 'drugs given away';
  // «отдам айфон 11 за 8к, торг»: goods for money.
  if (W('(?:отдам|отдаю|уступлю|продам|solding?) (?:\\p{L}+ |\\d+ ){0,4}за \\d+').test(ru) && (MONEY_RAW.test(text.replace(/за\s/giu, ' ')) || /за\s?\d{3,}/u.test(text))) return 'offer for money («отдам … за …»)';
  if (W('торг|торг уместен|obo|or best offer').test(ru + ' ' + en) && MONEY_RAW.test(text) && !question) return 'offer with price, bargaining';
  // Buy orders asking a seller to get in touch: «куплю тропик, пишите в лс», "wtb subs, pm me".
  const wantToBuy = W('куплю|покупаю|ищу кто продаст|ищу где купить|кто продаст|кто продает|who s seling|whos seling|who is seling|anyone seling|wtb|want to buy|looking to buy|buying|looking for (?:a )?(?:plug|conect|hookup)');
  if ((wantToBuy.test(ru) || wantToBuy.test(en)) && !W('не (?:куплю|покупаю|buying)|not buying|dont buy').test(ru + ' ' + en) && has('в лс|в личку|в личные|пишите|пиши|напишите|писать|@user|заплачу|плачу сразу|оплачу|pm|dm|pm me|dm me|paying|pay cash|cash|hmu|hit me up') && !has(SUPPLIES + '|аптек\\p{L}*|pharmacy')) return 'buy order asking sellers to write';
  // «кому бупрен надо, 800 за таблетку», "anyone need clean needles? $1 each": an offer with a price.
  // (a price seen at a pharmacy is news, not an offer: «налоксон в аптеке 450р, кому надо — там есть»)
  if (has(OFFER) && has(DRUGS_RU + '|' + DRUGS_EN + '|' + SUPPLIES + '|' + GOODS) && money && !W('почем|сколько стоит|how much').test(ru + ' ' + en) && !/\?\s*$/.test(text) && !has('(?:в|на|at|in) (?:\\p{L}+ )?(?:аптек\\p{L}*|pharmacy|программ\\p{L}*|program)')) return 'offer with a price';
  // Requests for a source with a contact: «ищу где взять соль … в лс», «у кого есть сабутекс, продайте, пишите в личку»,
  // "does anyone have spare gabbies? will pay, DM me", "where do I find a plug? PM me" (a plea with no contact stays).
  // (drugs in the narrow sense: «план», «товар», "gear" are also ordinary words)
  const source = DRUGS_STRICT + '|колес\\p{L}*|колёс\\p{L}*|plug|plugs|плаг\\p{L}*|барыг\\p{L}*|кладмен\\p{L}*';
  const request = W('ищу (?:где|кто|у кого)|ищу (?:\\p{L}+ )?(?:' + source + ')|(?:нужен|нужна|нужно|нужны|срочно нужен|срочно нужна|need|needing) (?:\\p{L}+ )?(?:' + DRUGS_STRICT + ')|у кого (?:можно )?(?:есть|взять|купить|достать|найдется)|кто (?:может )?(?:продаст|продать|достать|достанет|подогнать|подгонит)|продайте|продай|где (?:можно )?(?:взять|достать|купить|найти)|(?:does )?any ?(?:one|body) (?:have|got|has)|(?:where|how) (?:do|can|could) (?:i|we) (?:find|get|buy|score)|looking for|need (?:a )?plug|will pay|can pay');
  const reply = 'в лс|в личку|в личные|в директ|напишите|пишите|пиши|отпишите|отблагодарю|плачу|заплачу|оплачу|@user|pm|dm|pm me|dm me|message me|hmu|hit me up|will pay|paying';
  if ((request.test(ru) || request.test(en)) && has(source) && has(reply) && !has(SUPPLIES + '|' + TREATMENT_TALK) && !SCAM_REPORT.test(ru) && !SCAM_REPORT.test(en)) return 'asks for a source, with a contact';
  // Buying drugs for money, even as a question: "anyone got spare gabas? will pay", «ищу кто достанет бупру, заплачу хорошо»,
  // "if anyone has a couple of anything pm me, I can venmo". (a plea with no payment or contact stays)
  if ((request.test(ru) || request.test(en) || has('if any ?(?:one|body) (?:has|have|got)|кто (?:может )?(?:достать|достанет|подогнать|подгонит)')) && has(PAYS) &&
      (has(source) || has('(?:spare|extra|лишн\\p{L}*) \\p{L}+|pm me|dm me|в лс|в личку')) && !has(SUPPLIES) && !SCAM_REPORT.test(ru) && !SCAM_REPORT.test(en)) return 'asks to buy drugs, will pay';
  // A member's surplus on offer, even as a question: «у меня 20 мл лишних, кому-то нужно?», "extra subs, anyone need them? DM me".
  if (has(DRUGS_STRICT) && has('лишн\\p{L}*|остатк\\p{L}*|излишк\\p{L}*|extra|spare|leftover\\p{L}*') &&
      has('кому (?:\\p{L}+ )?(?:надо|нужно|нужен|нужна|нужны)|кому то (?:надо|нужно)|если кому|if any ?one\\p{L}*|if any ?bodys?|отдал бы|отдам|продал бы|за \\d+\\p{L}*|anyone (?:ned|neds|want|wants)|any ?one ned|who (?:neds|wants)|dm|dm me|pm me|в лс|в личку') && !W('не (?:отдам|продам|отдал бы)').test(ru)) return 'surplus drugs on offer';
  // Surplus supplies or drugs for money: "extra narcan kits, $20 each, cheaper than the pharmacy".
  if (has(DRUGS_STRICT + '|' + SUPPLIES) && has('лишн\\p{L}*|остатк\\p{L}*|излишк\\p{L}*|extra|spare|leftover\\p{L}*') && MONEY_RAW.test(text) && !question && !W('почем|сколько стоит|how much').test(ru + ' ' + en) && !SCAM_REPORT.test(en) && !SCAM_REPORT.test(ru)) return 'surplus for money';
  // A quantity for a price: "weed gummies homemade, 10 for $30", «5 шт за 1000».
  if (has(DRUGS_STRICT + '|' + DRUGS_RU + '|' + DRUGS_EN) && /(?<![\d.,])\d{1,3}\s?(?:шт\.?|pcs|g|г|гр)?\s?(?:for|за)\s?[$€£]?\s?\d+/iu.test(text) && !question &&
      !has('paid|payed|bought|got (?:them|it)|used to|заплатил\\p{L}*|брал\\p{L}*|купил\\p{L}*|отдал\\p{L}*|было|were|was|раньше|почем|how much|сколько') && !SCAM_REPORT.test(ru) && !SCAM_REPORT.test(en)) return 'drugs: a quantity for a price';
  // Cheaper than the pharmacy: «зачем вам аптека, у меня дешевле 😉 габапентин любые дозы».
  if (has('у меня (?:\\p{L}+ )?(?:дешевле|дешево|недорого)|(?:cheaper|cheap) (?:from|with|through) me|i (?:do|sel|have) (?:it )?cheaper|любые дозы|любой вес|any amount') && has(DRUGS_STRICT + '|' + DRUGS_RU + '|' + DRUGS_EN) && !question && !has('вышло|выходит|получилось|обошлось|было|программ\\p{L}*|соцпрограмм\\p{L}*|бесплатно|по рецепту|worked out|was|program\\p{L}*|free')) return 'drugs offered cheaper';
  // Coded offers: «меняю PS4 на что-нибудь для души 😏 понимающие поймут», "iykyk".
  if (has('понимающие поймут|кто понял тот понял|знающие поймут|кто в теме|кто шарит|if you know you know|iykyk') && has('меняю|обменяю|отдам|продам|есть|могу|trade|swap|got|have|selling|for sale|dm|pm|в лс|пиши\\p{L}*') && !question) return 'coded offer';
  // Withdrawal «help» for money: «у кого кумар — могу помочь, есть чем, пишите, денег много не возьму».
  if (has('кумар\\p{L}*|ломк\\p{L}*|ломает|кумарит|dopesick|sick|hurting|withdrawal') && has('могу помочь|помогу|есть чем|есть что|can help|got you|got something|have something') &&
      has('денег|деньг\\p{L}*|возьму|недорого|дешево|за копейки|cheap|\\$|bucks|pay') && has(CONTACT) && !question) return 'withdrawal help for money';
  // A source pointed at with a link: «вот бот где всегда есть … (я сам там беру)», "this bot always has it, I get mine there".
  if ((has('url|@user|бот\\p{L}*|bot') || /t\.me\/|https?:\/\//iu.test(full.text)) && has('(?:я )?(?:сам|сама) (?:там |тут |у них )?(?:беру|брал\\p{L}*|покупаю|заказываю)|всегда есть|всегда в наличии|i get (?:mine|it|my stuf) (?:there|here|from)|always (?:has|have) (?:it|stuf|the good)') &&
      !has(SUPPLIES + '|аптек\\p{L}*|pharmacy|фонд\\p{L}*') && !SCAM_REPORT.test(ru) && !SCAM_REPORT.test(en)) return 'points to a source (link)';
  // «старый магаз всё, теперь берите тут → …»: «магаз» is a drug shop.
  if (W('магаз|магаза|магазе|магазы|магазов').test(full.v.ru) && (has('url|@user|бот\\p{L}*|берите|заказывайте|промокод\\p{L}*') || /@\w|t\.me\//iu.test(full.text))) return 'drug shop («магаз»)';
  // Drugs with a price and pick-up or a drop: «кому метадон по 500 за мл, самовывоз», «шишки по 1200 за г, самовывоз или клад».
  if (has(DRUGS_STRICT + '|' + DRUGS_RU + '|' + DRUGS_EN) && MONEY_RAW.test(text) && has('самовывоз\\p{L}*|клад|кладом|закладк\\p{L}*|кому|в наличи\\p{L}*|pick ?up|drop of|in stock') && !question && !SCAM_REPORT.test(ru) && !W('почем|сколько стоит|how much').test(ru + ' ' + en)) return 'drugs with a price and pick-up';
  // «гашик есть, кто в центре», «ест сол, качество топ, пиши в личку».
  if (has('(?:' + DRUGS_STRICT + ')(?: и \\p{L}+)? есть') && has('кто (?:в|на|рядом|из)|кому|пиши|пишите|в лс|в личку|лс') && !question) return 'drugs available («… есть, кто рядом»)';
  if (has('ест (?:' + DRUGS_STRICT + ')') && has(CONTACT + '|' + PRICE + '|качеств\\p{L}*')) return 'drugs available («ест …»)';
  // Free for starters: «первая бесплатно, дальше договоримся, в лс», "first one's free".
  if (has('перв\\p{L}* (?:(?:доз|пробн|закладк|грам)\\p{L}* |раз )?(?:бесплатно|даром|в подарок|за мой счет)|first (?:one|hit|taste|bag|try)(?: s| is)? (?:free|on me)') && has(CONTACT + '|договоримся|попробовать')) return 'first dose free';
  if (has('free (?:' + DRUGS_STRICT + ')(?: for| to| at)') ) return 'drugs given away';
  // Drug-shaped emoji with stock, prices or shipping and a contact: «❄️💊🍬 в наличии, цены в лс», "🍄 bars, shipping EU, link in bio".
  const drugEmoji = text.match(/[❄💊🍬🍄🌿🍁💉🧪💎]/gu)?.length ?? 0;
  if (drugEmoji > 0 && (drugEmoji >= 2 || has('в наличи\\p{L}*|in stock|shipping|ships|доставк\\p{L}*|delivery')) && !has(TREATMENT_TALK) && has('в наличи\\p{L}*|in stock|цен\\p{L}*|прайс\\p{L}*|prices?|menu|меню|shipping|ships|доставк\\p{L}*|delivery|bars|шоколадк\\p{L}*') && has(CONTACT + '|link in bio|сылка в профиле|в шапке|в профиле')) return 'drug emoji with stock and a contact';
  // A source vouched for: «в канале … самые чистые вещества, сам проверял».
  if (has('url|@user') && has('веществ\\p{L}*|стаф|товар\\p{L}*|stuf|product|' + DRUGS_STRICT) && has('самы\\p{L}* (?:чист|лучш|качествен)\\p{L}*|чистейш\\p{L}*|лучш\\p{L}* (?:товар|качеств)\\p{L}*|сам проверял|сам беру|cleanest|purest|best quality|legit plug') && !SCAM_REPORT.test(ru) && !SCAM_REPORT.test(en)) return 'source vouched for';
  // Forged papers: «сделаю справку от нарколога, недорого, без посещения».
  if (W('(?:сделаю|сделаем|нарисую|оформлю|оформим|продам|делаю|делаем) (?:\\p{L}+ ){0,2}(?:справк\\p{L}*|рецепт\\p{L}*|больничн\\p{L}*|диплом\\p{L}*|права|медкнижк\\p{L}*|документ\\p{L}*)').test(ru) && has(PRICE + '|' + CONTACT + '|без посещени\\p{L}*|без (?:врача|анализов)')) return 'forged papers';
  // «нашёл клад, кому надо», "found a stash, 3g, cheap, anyone?".
  if (W('(?:нашел|нашла|нашли|found) (?:\\p{L}+ ){0,2}(?:клад|закладк\\p{L}*|stash|bag|drop|пакет\\p{L}*)').test(ru + ' ' + en) && has('кому (?:надо|нужно)|кому|anyone|who wants|cheap|недорого|дешево|отдам|за \\d+|\\d+ ?g|\\d+ ?г|\\d+ ?гр')) return 'found stash on offer';
  if (W('(?<!не )(?:продам|продаю|продаем|продается|продаются|реализую|реализуем|сбываю|толкаю)(?! душу| почку| жизнь| родину)').test(ru) && !/\?\s*$/.test(text)) return 'offer to sell («продам»)';
  if (W('отдам за \\d+\\p{L}*').test(ru)) return 'offer for money («отдам за …»)';
  if (W('(?:for sale|(?:^|im |i am |we are|were )seling|sel(?:ing)? (?:my )?(?:' + DRUGS_EN + '))').test(en) || /^seling /u.test(en)) return 'offer to sell ("selling")';
  if (has('(?:есть|имеется|имеются|got|have) (?:в наличи )?(?:\\p{L}+ )?(?:' + DRUGS_RU + '|' + DRUGS_EN + ')') && has(PRICE + '|' + CONTACT)) {
    if (!/\?\s*$/.test(text) && !W('у кого|кто|где|anyone|who|where').test(ru)) return 'drugs on offer with price or contact';
  }
  if (has('в наличи|in stock') && has(DRUGS_RU + '|' + DRUGS_EN) && has(CONTACT + '|доставк\\p{L}*|delivery')) return 'in stock, with contact';
  if (W('(?:закладк\\p{L}*|клад\\p{L}*) в (?:твоем|вашем|любом) район\\p{L}*').test(ru) || W('fast drops|same day delivery|delivery citywide').test(en)) return 'drops/delivery on offer';
  if (W('(?:закладк\\p{L}*|клад\\p{L}*|drops?) (?:по (?:всему )?город\\p{L}*|круглосуточно|в течени\\p{L}*|за \\d+ мин\\p{L}*)').test(ru) && has(CONTACT + '|' + PRICE + '|оплат\\p{L}*|доставк\\p{L}*')) return 'drops/delivery on offer';
  if (W('доставк\\p{L}* по город\\p{L}*').test(ru) && has('оплат\\p{L}*|крипт\\p{L}*|' + DRUGS_RU)) return 'delivery on offer';
  if (W('кому (?:надо|нужно|нужен|нужна|нужны)').test(ru) && has(CONTACT) && (has(DRUGS_RU) || MONEY_RAW.test(text)) && !has('(?:в|на|at|in) (?:\\p{L}+ )?(?:аптек\\p{L}*|pharmacy|программ\\p{L}*|program)|' + 'программ\\p{L}*|терапи\\p{L}*|лечени\\p{L}*')) return '«кому надо — в лс»';
  if (W('магазин\\p{L}*').test(ru) && !W('работает (?:\\p{L}+ )?(?:в|на|у|кассир\\p{L}*|продав\\p{L}*)').test(ru) && W('работает|новые позиции|ассортимент\\p{L}*|скидки постоянным|открылись|открылся|прайс').test(ru)) return 'shop announcement';
  if (has(DRUGS_RU + '|' + DRUGS_EN) && money && has(CONTACT) && !/\?\s*$/.test(text) && !(text.includes('?') && has('аптек\\p{L}*|pharmac\\p{L}*|рецепт\\p{L}*|prescription\\p{L}*'))) return 'price list with contact';
  // A shop handle with drugs: "@kladmen24_bot", "@party_shop", "@plug_bot".
  // (quoted names count here: Магазин «Кристалл» @…_shop_bot)
  const shopHandle = /@\w*(?:shop|store|klad|market|plug|magaz|narko|drug|mef|weed|snow|stuff)\w*/i.test(full.text);
  const hasFull = (src: string) => W(src).test(full.v.ru) || W(src).test(full.v.folded);
  if (shopHandle && hasFull(DRUGS_RU + '|' + DRUGS_EN + '|закладк\\p{L}*|клад\\p{L}*')) return 'shop handle with drugs';
  if (shopHandle && hasFull('delivery|deliver\\p{L}*|доставк\\p{L}*|is back|вернул\\p{L}*|снова (?:на связи|работа\\p{L}*)|в наличи\\p{L}*|in stock|menu|меню')) return 'shop handle with delivery';
  if (shopHandle && hasFull('магазин\\p{L}*|магаз|shop|store') && hasFull('у нас|наш\\p{L}*|мы|our|we|проверен\\p{L}*|verified|trusted')) return 'shop handle promoted';
  return undefined;
}

// ───────────────────────────── advertising ─────────────────────────────

const HR_CONTEXT = W('налоксон\\p{L}*|наркан|снижени\\p{L}* вреда|фонд\\p{L}*|вич|спид|тестировани\\p{L}*|реабилит\\p{L}*|поддержк\\p{L}*|naloxone|narcan|harm reduction|recovery|support group|na (?:group|meeting)s?|aa (?:group|meeting)s?|групп\\p{L}* (?:ан|аа|анонимн\\p{L}*)|12 шагов|12 steps');
const EARN = W('заработ\\p{L}*|зарабат\\p{L}*|доход\\p{L}*|пассивн\\p{L}* доход\\p{L}*|оплата (?:ежедневн\\p{L}*|сразу|каждый день)|зп|зарплат\\p{L}*|выплат\\p{L}*|earn|earnings|income|easy (?:money|cash)|make money|pasive|\\$\\d+ (?:a|per) day');

/** The organisation's own channel, vacancy or service: never advertising. */
const ORG_OWN = W('(?:наш|нашего|нашем|наша|нашу) (?:фонд\\p{L}*|организаци\\p{L}*|проект\\p{L}*|команд\\p{L}*)|в фонде|фонд\\p{L}*|координатор\\p{L}*|резюме|our (?:org|organi[sz]ation|charity|project|team|program)|coordinator|send (?:your|a) (?:cv|resume)');
/** Contact of the advertiser: a handle, a link, a phone, «пишите в лс», "call today". */
const AD_CONTACT = W('@user|url|приходите|заходите|prihodite|zahodite|come (?:by|visit)|в лс|в личку|в личные|в директ|в direct|пишите|пиши|напишите|звоните|звони|обращайтесь|записывайтесь|запись по|подробности|инста|insta|instagram|dm|dm me|pm me|message me|text me|call (?:now|today|us)|book now|whatsapp|ватсап|вайбер');
/** Commercial terms: discounts, promo codes, trials, guarantees, prices. */
const COMMERCIAL = W('skidk\\p{L}*|promokod\\p{L}*|скидк\\p{L}*|акци[яи]|промокод\\p{L}*|промо ?код\\p{L}*|купон\\p{L}*|гаранти\\p{L}*|недорого|дешево|выгодн\\p{L}*|бесплатн\\p{L}* (?:консультаци\\p{L}*|пробн\\p{L}*|первы\\p{L}*)|перв\\p{L}* (?:\\d+ )?(?:дн\\p{L}*|день|недел\\p{L}*|месяц\\p{L}*|консультаци\\p{L}*|заняти\\p{L}*|сеанс\\p{L}*)|пробн\\p{L}*|discount|promo ?codes?|coupon|\\d+ ?% off|off for|free trial|first (?:\\d+ )?(?:days?|weeks?|month|session|consultation)|guarante\\p{L}*|cheap|afordable|best (?:price|rate)s?|лучш\\p{L}* (?:курс|цен\\p{L}*)|для своих|для наших|for anyone from this|for members|рассрочк\\p{L}*|installments?|payment plans?');
/** Services and businesses advertised in chats like this one. */
const BUSINESS = W('кофейн\\p{L}*|кафе|kofeyn\\p{L}*|kofein\\p{L}*|cafe|coffee shop|cbd|потолк\\p{L}*|тату\\p{L}*|салон\\p{L}*|студи\\p{L}*|шоп|магазин\\p{L}*|вейп\\p{L}*|вейпшоп|жиж\\p{L}*|под(?:ы|ик\\p{L}*)|психолог\\p{L}*|коуч\\p{L}*|консультаци\\p{L}*|юрист\\p{L}*|адвокат\\p{L}*|услуг\\p{L}*|ремонт\\p{L}*|курс(?:ы|ов)|обучени\\p{L}*|таро|гадани\\p{L}*|впн|vpn|прокси|proxy|обмен\\p{L}*|обменник\\p{L}*|usdt|btc|биткоин\\p{L}*|крипт\\p{L}*|займ\\p{L}*|заем|кредит\\p{L}*|микрозайм\\p{L}*|раскрутк\\p{L}*|продвижени\\p{L}*|подписчик\\p{L}*|накрутк\\p{L}*|лайк(?:и|ов)|smm|таргет\\p{L}*|маникюр\\p{L}*|педикюр\\p{L}*|ресниц\\p{L}*|брови|массаж\\p{L}*|стрижк\\p{L}*|парикмахер\\p{L}*|сайт(?:ы|ов)?|дизайн\\p{L}*|логотип\\p{L}*|web ?design|websites?|portfolio|logos?|nails|lashes|massage|tatoos?|tatoo|studio|salon|shop|store|vape|juice|therapist|coaching|coach|lawyer|services?|loans?|lender|exchange|crypto|followers|likes|promo|rehab|detox|clinic');
/** Paid treatment: rehab centres, «кодирование», home detox. On-topic, and still advertising when promoted. */
const PAID_TREATMENT = W('заберем (?:\\p{L}+ ){0,2}(?:родственник\\p{L}*|близк\\p{L}*|сын\\p{L}*|муж\\p{L}*|зависим\\p{L}*)|против воли|принудительн\\p{L}* (?:лечени|госпитализ|вывоз)\\p{L}*|sober living|sober house|ребцентр\\p{L}*|реабилитационн\\p{L}* центр\\p{L}*|рехаб\\p{L}*|кодировани\\p{L}*|закодир\\p{L}*|кодируем|вывод из запоя|выведем из запоя|капельниц\\p{L}* на дому|детокс на дому|нарколог на дом|выезд нарколог\\p{L}*|вытащим из зависимост\\p{L}*|лечени\\p{L}* (?:от )?(?:наркомани\\p{L}*|алкоголизм\\p{L}*|зависимост\\p{L}*)|rehab|detox (?:at home|center|centre|program)|home detox|treatment center|treatment centre');
const PROMO_SIGN = W('гаранти\\p{L}*|\\d+ ?%|скидк\\p{L}*|акци[яи]|24 ?7|круглосуточно|выезд\\p{L}*|анонимно|недорого|звоните|звони|обращайтесь|записывайтесь|пишите|call (?:now|today|us)|insurance|acepted|luxury|program|guarante\\p{L}*|@user|url');

function advertisingIn(text: string, v: Views, input: ModerationInput): string | undefined {
  const ru = v.ru;
  const en = v.folded;
  const has = (re: RegExp) => both(re, v);
  const earn = has(EARN);
  const question = /\?\s*$/.test(text);
  const orgOwn = has(ORG_OWN);
  const phone = findPhoneNumbers(text).some((p) => !(input.allowedNumbers ?? []).some((n) => numberKey(digitsOf(n)) === numberKey(p.match.digits)));
  // Paid treatment promoted with a guarantee, a discount, a phone, «24/7»: «Кодирование, гарантия 100%».
  if (has(PAID_TREATMENT) && !orgOwn && !question && (phone || PROMO_SIGN.test(ru) || PROMO_SIGN.test(en))) {
    const signs = [phone, PROMO_SIGN.test(ru) || PROMO_SIGN.test(en), /!/.test(text), MONEY_RAW.test(text), has(W('недорого|анонимно|конфиденциально|24 ?7|гаранти\\p{L}*|скидк\\p{L}*|\\d+ ?%|рассрочк\\p{L}*|insurance|luxury|call today|discret|confidential|anonymous|discount'))].filter(Boolean).length;
    if (signs >= 2) return 'paid treatment promoted';
  }
  // Money mules: «нужны дропы, карта на твоё имя».
  if (W('(?:через|на) (?:свою|твою|вашу|свои|твои) карт\\p{L}* (?:\\p{L}+ )?(?:гонять|прогонять|принимать|переводить|\\d+)|гонять деньги|прогонять деньги|прогон\\p{L}* (?:денег|средств)|дроп(?:ы|ов|ам|а|ом)|дропов\\p{L}*|карт\\p{L}* на (?:твое|свое|ваше|своё|твоё) имя|(?:сдай|сдать|продай|продать|оформи|оформить) (?:свою |твою |вашу )?(?:карт\\p{L}*|кошел\\p{L}*|аккаунт\\p{L}*)|обнал\\p{L}*').test(ru) ||
      W('money mules?|rent (?:out )?your (?:bank )?(?:acount|card)|use your (?:bank )?(?:acount|card) for|cash out (?:jobs?|work)').test(en)) {
    if (!question && !SCAM_REPORT.test(ru) && !SCAM_REPORT.test(en)) return 'money-mule recruitment';
  }
  // A business with commercial terms and a contact: the tattoo studio «скидка для своих 30%, инста @…»,
  // "cheap VPN, 3 days free trial, @…_bot", «Психолог онлайн, первая консультация 1500₽, пишите в лс».
  const percentOff = /\d\s?%\s?(?:off|скидк)|(?:скидк\p{L}*|skidk\p{L}*)\s?\d+\s?%/iu.test(text);
  if (!orgOwn && !question && !SCAM_REPORT.test(ru) && (has(COMMERCIAL) || MONEY_RAW.test(text) || percentOff) && has(AD_CONTACT) && (has(BUSINESS) || has(COMMERCIAL))) {
    if (has(BUSINESS) || percentOff || has(W('промокод\\p{L}*|promo ?codes?|скидк\\p{L}*|discount|\\d+ ?% off'))) return 'business promoted with terms and a contact';
  }
  // A relative's or friend's business with terms: «мой брат делает натяжные потолки, недорого, сайт …», "my cousin's company, cheap, call …".
  if (!orgOwn && !question && has(W('(?:мой|моя|мои|my) (?:\\p{L}+ )?(?:брат\\p{L}*|сестр\\p{L}*|друг|подруг\\p{L}*|муж|жена|кум\\p{L}*|cousin\\p{L}*|brother\\p{L}*|sister\\p{L}*|friend\\p{L}*|uncle\\p{L}*|wife\\p{L}*|husband\\p{L}*|company|business) (?:\\p{L}+ )?(?:делает|делают|занимается|держит|открыл\\p{L}*|company|business|shop|store|runs|owns|does|is hiring|needs)')) &&
      (has(COMMERCIAL) || MONEY_RAW.test(text) || percentOff) && (has(AD_CONTACT) || phone)) return 'business of a relative promoted';
  // Network marketing: «занимаюсь сетевым бизнесом — витамины и БАДы … в лс, расскажу и про доход».
  if (has(W('сетев\\p{L}* (?:бизнес\\p{L}*|маркетинг\\p{L}*)|млм|mlm|network marketing|гербалайф\\p{L}*|herbalife|орифлейм\\p{L}*|oriflame|amway|эйвон')) && (has(AD_CONTACT) || earn) && !question) return 'network marketing';
  // Trading courses: «крипта растёт, кто хочет научу, курс тут: …».
  if (has(W('крипт\\p{L}*|crypto|трейдинг\\p{L}*|trading|форекс|forex|инвестиц\\p{L}*|investing')) && has(W('курс|курсы|научу|обучу|обучени\\p{L}*|course|teach you|mentor\\p{L}*|signals|сигнал\\p{L}*')) && (has(W('url|@user')) || input.hasLink) && !question && !orgOwn) return 'trading course';
  // Couriers for bags abroad: "easy travel jobs, flights paid, just carry a bag", «отвезти посылку, перелёт оплачен».
  if (has(W('carry (?:a |the )?(?:bag|package|suitcase|parcel)|travel jobs?|flights? paid|перевез\\p{L}* (?:посылк|сумк|чемодан)\\p{L}*|отвез\\p{L}* (?:посылк|сумк|чемодан)\\p{L}*|перелет\\p{L}* оплач\\p{L}*')) && (has(AD_CONTACT) || phone) && !question && !SCAM_REPORT.test(en) && !SCAM_REPORT.test(ru)) return 'courier recruitment';
  if (has(W('промокод\\p{L}*|промо ?код\\p{L}*|promo ?codes?|coupon code|use code')) && !question && !orgOwn && !HR_CONTEXT.test(ru + ' ' + en)) return 'promo code';
  // Loans and exchangers: «Займы без отказа», «USDT обмен по лучшему курсу», "payday loans no credit check".
  if (has(W('займ\\p{L}*|заем|микрозайм\\p{L}*|кредит\\p{L}*|loans?|payday|обмен\\p{L}*|обменник\\p{L}*|обменяю|меняю|меняем|exchange\\p{L}*|swap\\p{L}*')) &&
      has(W('без отказ\\p{L}*|быстро и анонимно|анонимно|lowest fees?|low fees?|instantly|без проверок|без справок|плох\\p{L}* (?:ки|кредитн\\p{L}*)|на карту за|за \\d+ минут\\p{L}*|лучш\\p{L}* курс\\p{L}*|по курсу|наличн\\p{L}*|no credit|bad credit|cash in|instant|same day|best rate|usdt|btc|крипт\\p{L}*')) && !question && !SCAM_REPORT.test(ru)) return 'loans/exchange';
  // SMM: «Раскрутка каналов, живые подписчики, недорого».
  if (has(W('раскрутк\\p{L}*|накрутк\\p{L}*|продвижени\\p{L}*|живые подписчик\\p{L}*|подписчик\\p{L}* (?:от|за|недорого)|buy followers|real followers|(?:get|buy) (?:\\d+k? )?(?:real |live )?(?:followers|likes|subscribers)|\\d+k? (?:followers|subscribers|подписчик\\p{L}*)|smm')) && (has(AD_CONTACT) || has(COMMERCIAL))) return 'SMM services';
  // VPN and other bots and trials: "cheap VPN, 3 days free trial", «@…_bot первые 3 дня бесплатно».
  if (/@\w+_?bot\b/i.test(text) && !orgOwn && !HR_CONTEXT.test(ru + ' ' + en) && has(W('бесплатн\\p{L}*|free|trial|пробн\\p{L}*|скидк\\p{L}*|бонус\\p{L}*|дарит|cheap|недорого|впн|vpn')) && !SCAM_REPORT.test(ru)) return 'bot promoted';
  // Another chat or channel: «новый чат без модерации t.me/…», "betting tips channel, 95% win rate".
  if (has(W('чат\\p{L}*|канал\\p{L}*|групп\\p{L}*|паблик\\p{L}*|chat|channel|group|server')) && (has(W('url|@user')) || input.hasLink) &&
      has(W('без модерации|без цензуры|без правил|без банов|можно все|для своих|новый|новая|свой|мой|uncensored|no rules|no mods|no moderation|new|my|win rate|tips|сигнал\\p{L}*|прогноз\\p{L}*|ставк\\p{L}*')) && !orgOwn && !HR_CONTEXT.test(ru + ' ' + en)) return 'chat/channel promoted';
  if (has(W('betting|bets|ставк\\p{L}* на спорт|прогноз\\p{L}* на (?:спорт|матч\\p{L}*)|каппер\\p{L}*|проходимост\\p{L}*|win rate')) && (has(W('url|@user|channel|канал\\p{L}*|\\d+ ?%')) || input.hasLink)) return 'betting promotion';
  if (W('(?:заработ|зарабат)\\p{L}* (?:от|до|в день|в месяц|в неделю|без вложени\\p{L}*|на крипт\\p{L}*|онлайн|на дому|из дома|не выходя из дома|удален\\p{L}*)|заработок \\d').test(ru) && (has(AD_CONTACT) || !question) && !SCAM_REPORT.test(ru)) return 'earnings promotion';
  if (W('(?:работа|подработк\\p{L}*|удален\\p{L}*|удаленк\\p{L}*)').test(ru) && W('от \\d+ ?к? (?:руб\\p{L}* |р |₽ )?(?:в|за) (?:день|неделю|месяц|час)').test(ru)) return 'job with pay per day';
  if (W('пассивн\\p{L}* доход\\p{L}*|доход (?:от|до) \\d+|высок\\p{L}* доход\\p{L}*').test(ru) && !HR_CONTEXT.test(ru)) return 'earnings promotion';
  if (W('earn \\$?\\d+|make (?:easy )?money|easy (?:money|cash)|pasive income|\\$\\d+ (?:a|per) (?:day|week)|from home').test(en) && (earn || has(W('dm|message|link|join|details')))) return 'earnings promotion';
  // Recruitment.
  const hire = W('требу[юе]тся|нужны|нужен|ищем|ищу|набираем|набор|ваканси\\p{L}*|работа|работу|подработк\\p{L}*|looking for|hiring|recruiting|we need|need|needs|job');
  const role = W('курьер\\p{L}*|кладмен\\p{L}*|кладмэн\\p{L}*|закладчик\\p{L}*|водител\\p{L}*|люди|людей|человек\\p{L}*|ребят|сотрудник\\p{L}*|партнер\\p{L}*|помощник\\p{L}*|промоутер\\p{L}*|грузчик\\p{L}*|парн\\p{L}*|мужчин\\p{L}*|couriers?|drivers?|runers?|workers?|people|staf|helpers?|guys|agents?|reps?');
  const terms = W('доход\\p{L}*|оплат\\p{L}*|зп|зарплат\\p{L}*|\\d+ ?к|в лс|в личку|пиши\\p{L}*|@user|в день|график\\p{L}*|без опыта|обучени\\p{L}*|удаленк\\p{L}*|high pay|pay|paid|\\$|dm|pm|pm me|text|message me|no experience|cash in hand|comision\\p{L}*|комисси\\p{L}*');
  if (has(hire) && has(role) && has(terms) && !/\?\s*$/.test(text) && !orgOwn) return 'recruitment';
  // A job with pay per day or hour and a contact: «подработка на выходные, 2000 за день, пиши».
  const job = W('склад\\p{L}*|ночн\\p{L}* смен\\p{L}*|работа|работу|подработк\\p{L}*|ваканси\\p{L}*|удаленк\\p{L}*|удален\\p{L}* работ\\p{L}*|халтур\\p{L}*|job|gig|side hustle|work from home|remote work');
  const payPer = W('\\d+ ?(?:к|р|руб\\p{L}*|тыс\\p{L}*|usd|bucks)? (?:в|за|per|a|an|/) ?(?:день|ден|час|смен\\p{L}*|недел\\p{L}*|day|hour|hr|shift|week)|оплата (?:ежедневн\\p{L}*|сразу|каждый день|в конце дня)|платим (?:каждый день|ежедневно|сразу|в конце смены)|pay(?:ing)? daily|ежедневн\\p{L}* оплат\\p{L}*|paid daily|daily pay|same day pay');
  const offered = has(AD_CONTACT) || phone || has(W('требу[юе]тся|нужны|ищем|набираем|набор|приглашаем|hiring|apply|wanted|for al|для всех|всем желающим'));
  const payRaw = /[$€£]\s?\d+\s?\/\s?(?:hr|hour|h|day|shift)\b|\d+\s?(?:₽|р|руб|к|\$)?\s?\/\s?(?:час|ч|день|смен\p{L}*|hr|hour|day|shift)(?![\p{L}])/iu.test(text);
  if (has(job) && (has(payPer) || payRaw) && offered && !question && !orgOwn && !HR_CONTEXT.test(ru)) return 'job with pay per day';
  if (has(W('ищу|ищем|нужны|нужен|набираю|набираем|требуются|looking for|hiring')) && has(role) && has(payPer) && has(AD_CONTACT) && !question && !orgOwn) return 'recruitment';
  if (W('кладмен\\p{L}*|закладчик\\p{L}*|кладмэн\\p{L}*').test(ru) && has(W('работа|ваканси\\p{L}*|требу\\p{L}*|доход\\p{L}*|зп|оплат\\p{L}*'))) return 'drop-man recruitment';
  // Shift work with board, a contact or a phone: «вахта 30/30, склад, жильё и питание, звоните 8 900 …».
  if (has(W('вахт\\p{L}*|ваканси\\p{L}*|требу[юе]тся|набираем|берем (?:\\p{L}+ ){0,2}(?:без|с судимост\\p{L}*|всех)|hiring|now hiring')) && (phone || has(AD_CONTACT)) &&
      has(W('жиль\\p{L}*|проживани\\p{L}*|питани\\p{L}*|склад\\p{L}*|смен\\p{L}*|график\\p{L}*|оплат\\p{L}*|зп|зарплат\\p{L}*|без опыта|судимост\\p{L}*|\\d+ ?к|shifts?|pay|paid|no experience')) && !question && !orgOwn) return 'recruitment';
  // Easy money with a job and a contact: «кто хочет легко поднять денег пишите, работа простая, отнести-забрать».
  if (has(W('подн\\p{L}* (?:денег|бабла|бабок|деньжат)|легк\\p{L}* (?:деньг\\p{L}*|заработ\\p{L}*|денег)|отнести (?:и )?забрать|забрать (?:и )?отнести|easy (?:money|cash)|quick cash')) &&
      has(W('работ\\p{L}*|подработк\\p{L}*|job|gig|work')) && has(AD_CONTACT) && !question && !orgOwn && !SCAM_REPORT.test(ru)) return 'easy-money job';
  // Rooms to let: «сдаю комнату посуточно, 800 р».
  if (W('(?:сдаю|сдам|сдается|сдаются|сдаем) (?:\\p{L}+ ){0,2}(?:комнат\\p{L}*|квартир\\p{L}*|койк\\p{L}*|койко ?мест\\p{L}*|жиль\\p{L}*|хат\\p{L}*|дом|студи\\p{L}*)').test(ru) && (MONEY_RAW.test(text) || W('посуточно|почасово|недорого').test(ru)) && !question) return 'room to let';
  // A paid service in installments: «наш центр набирает, 45к в месяц, можно в рассрочку, ссылка …».
  if (has(W('рассрочк\\p{L}*|installments?|payment plans?')) && (MONEY_RAW.test(text) || has(W('url|@user'))) && has(AD_CONTACT) && !question) return 'paid service in installments';
  // Casino, bets, crypto.
  if (W('казино|casino').test(ru + ' ' + en) && has(W('бонус\\p{L}*|фриспин\\p{L}*|депозит\\p{L}*|лучш\\p{L}*|заходи\\p{L}*|регистр\\p{L}*|url|@user|free spins|bonus|best|link|join'))) return 'casino';
  if (has(W('фриспин\\p{L}*|free spins|ставки на спорт|крипто ?сигнал\\p{L}*|crypto signals|бонус \\d+ ?%|\\d+% (?:на )?(?:первый )?депозит|vip канал|vip channel'))) return 'bets/crypto promotion';
  // Channel, chat, bot promotion.
  const join = W('подписывайтесь|подпишись|подписывайся|подпишитесь|залетайте|залетай|заходите|заходи|вступай\\p{L}*|переходи\\p{L}*|присоединяйтесь|join|subscribe|check out|folow');
  const place = W('канал\\p{L}*|чат\\p{L}*|бот\\p{L}*|паблик\\p{L}*|групп\\p{L}*|блог\\p{L}*|ютуб\\p{L}*|тг|т г|телег\\p{L}*|@user|url|channel|group|chat|bot|youtube|blog|tiktok|podcast');
  if (has(join) && has(place) && (earn || !HR_CONTEXT.test(ru + ' ' + en))) return 'channel/chat promotion';
  // The member's own channel, on topic or not: "subscribe to my YouTube about my recovery …".
  if (has(join) && has(W('(?:мой|мою|мое|моем|my|our own) (?:\\p{L}+ )?(?:канал\\p{L}*|блог\\p{L}*|ютуб\\p{L}*|тг|паблик\\p{L}*|channel|youtube|blog|tiktok|podcast|page)')) && (has(W('url|@user')) || input.hasLink) && !orgOwn) return 'own channel promoted';
  if (W('бот\\p{L}*|канал\\p{L}*').test(ru) && W('дарит|раздает|халява|бесплатно').test(ru) && W('\\d+ ?(?:руб\\p{L}*|р|₽)').test(ru)) return 'giveaway bot';
  if (has(W('подробности в профиле|сылка в профиле|link in bio|в шапке профиля'))) return 'link in profile';
  if (input.forwardedFromChat && (/@\w{3,}|t\.me\//i.test(text) || input.hasLink) && (earn || has(join))) return 'forwarded promotion';
  return undefined;
}

// ───────────────────────────── personal data ─────────────────────────────

const RU_NUMBER_WORDS: Record<string, number> = {
  ноль: 0, нуль: 0, один: 1, одна: 1, два: 2, две: 2, три: 3, четыре: 4, пять: 5, шесть: 6, семь: 7, восемь: 8, девять: 9,
  десять: 10, одиннадцать: 11, двенадцать: 12, тринадцать: 13, четырнадцать: 14, пятнадцать: 15, шестнадцать: 16,
  семнадцать: 17, восемнадцать: 18, девятнадцать: 19, двадцать: 20, тридцать: 30, сорок: 40, пятьдесят: 50, шестьдесят: 60,
  семьдесят: 70, восемьдесят: 80, девяносто: 90, сто: 100, двести: 200, триста: 300, четыреста: 400, пятьсот: 500,
  шестьсот: 600, семьсот: 700, восемьсот: 800, девятьсот: 900,
  zero: 0, oh: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9,
};

/** Number words to digits, adding up a group as long as its place values fall («девятьсот двенадцать» → 912). */
const HAS_NUMBER_WORD = new RegExp(`(?<![\\p{L}])(?:${Object.keys(RU_NUMBER_WORDS).join('|')})(?![\\p{L}])`, 'iu');
export function spelledNumbersToDigits(text: string): string {
  if (!HAS_NUMBER_WORD.test(text.replace(/ё/gu, 'е'))) return text;
  return text.replace(/[\p{L}]+(?:[\s-]+[\p{L}]+)*/gu, (phrase) => {
    const words = phrase.split(/([\s-]+)/);
    const out: string[] = [];
    let group: number | undefined;
    let lastPlace = Infinity;
    const flush = () => {
      if (group !== undefined) out.push(String(group));
      group = undefined;
      lastPlace = Infinity;
    };
    for (const part of words) {
      if (/^[\s-]+$/.test(part)) {
        if (group === undefined) out.push(part);
        continue;
      }
      const n = RU_NUMBER_WORDS[part.toLowerCase().replace(/ё/g, 'е')];
      if (n === undefined) {
        if (group !== undefined) {
          flush();
          out.push(' ');
        }
        out.push(part);
        continue;
      }
      const place = n >= 100 ? 100 : n >= 20 ? 10 : 1;
      if (group !== undefined && place < lastPlace && !(n >= 10 && n < 20 && lastPlace === 10)) {
        group += n;
        lastPlace = place;
      } else {
        if (group !== undefined) {
          flush();
          out.push(' ');
        }
        group = n;
        lastPlace = n >= 10 && n < 20 ? 1 : place;
      }
    }
    flush();
    return out.join('');
  });
}

function digitsOf(s: string): string {
  return s.replace(/\D/g, '');
}

/** The last ten digits: +7 912…, 8 912… and 912… are one number. */
function numberKey(digits: string): string {
  return digits.length > 10 ? digits.slice(-10) : digits;
}

const ORG_CONTEXT = /наш\p{L}* (?:аутрич\p{L}*|сотрудни\p{L}*|работни\p{L}*|волонт\p{L}*|соцработ\p{L}*|консультант\p{L}*|равн\p{L}* консульт\p{L}*)|аутрич-?работни\p{L}*|соцработни\p{L}*|outreach worker|горяч\p{L}*|лини[яию]|довери\p{L}*|фонд\p{L}*|центр\p{L}*|регистратур\p{L}*|клиник\p{L}*|аптек\p{L}*|поликлиник\p{L}*|диспансер\p{L}*|справочн\p{L}*|больниц\p{L}*|скор\p{L}+ помощ\p{L}*|наш (?:номер|телефон)|hotline|helpline|clinic|hospital|pharmacy|office|our (?:number|phone)|crisis line/iu;
const PERSON_CONTEXT = /(?<![\p{L}])(?:его|ее|её|ей|ему|него|нему|ней|нее|неё|этой|этого|барыги|мой|моя|мне|лично|him|her|his|my|me|he|she|snitch|стукач\p{L}*|крыс\p{L}*|owes|должен|должна|spread it|распространите|that'?s (?:the|his|her))(?![\p{L}])/iu;
const WORK_PHONE = /рабоч\p{L}*(?: номер| телефон| мобильн\p{L}*)?|work (?:phone|number|cell|mobile)|office (?:phone|number)|(?:my|our|мой|моя|наш\p{L}*) (?:case ?worker|social worker|counsel+or|соцработни\p{L}*|консультант\p{L}*|куратор\p{L}*)/iu;
/** The member's own number, or one posted at its owner's request: «мой номер …, звоните», «Маша просила передать её номер». */
const OWN_NUMBER = /(?<![\p{L}])(?:мой|мой личный|мой собственный|свой|my|my personal|my own) (?:номер|телефон|тел|мобильный|cell|number|phone)(?![\p{L}])/iu;
const OWN_NUMBER_JUST_BEFORE = /(?<![\p{L}])(?:мой|my|mine)(?: личный| personal| new| новый)?(?: (?:номер|телефон|тел|мобильный|мобила|cell|number|phone|one))?(?: is| это)?\s*[:—–-]?\s*$/iu;
const CONSENT = /просил\p{L}* (?:передать|выложить|скинуть|оставить|дать|написать)|попросил\p{L}* (?:передать|выложить|скинуть|оставить|дать)|с (?:ее|её|его|их) (?:разрешения|согласия)|asked me to (?:share|post|pass on|give out)|with (?:her|his|their) (?:permission|consent)/iu;
const THIRD_PERSON = /(?<![\p{L}])(?:его|ее|её|ей|ему|него|нему|ней|их|этого|этой|барыги|him|her|his|their|this guy|that guy|the guy|the dude)(?![\p{L}])/iu;
/** A number said to be someone's by name: «… это Айдар», "that's Arman's number", «номер Толика». */
const NAMED_OWNER = /(?<![\p{L}])(?:это|that'?s|thats|it'?s|спросите|ask for|зовут|номер|number of)\s+[A-ZА-ЯЁ][a-zа-яё]+|(?<![\p{L}])[A-Z][a-z]+'s (?:number|phone|cell)/u;
/** A member offering their own contact for support: «пишите или звоните мне», «я волонтёр», "text me", "I'm a peer volunteer". */
const SELF_OFFER = /(?<![\p{L}])(?:(?:пишите|пиши|звоните|звони|напишите|позвоните|набирайте)(?: или (?:пишите|пиши|звоните|звони|напишите|позвоните))? мне|мне (?:можно )?(?:пишите|звоните|писать|звонить)|у меня (?:номер|телефон)|мой (?:номер|телефон|вайбер|вотсап|ватсап)|я (?:\p{L}+ )?(?:волонт[её]р\p{L}*|равн\p{L}* консультант\p{L}*|консультант\p{L}*)|(?:text|call|message|ring|whatsapp) me|my (?:number|phone|cell|mobile)|i'?m (?:a |one of the )?(?:\p{L}+ )?(?:volunteers?|peer supporters?|peer workers?)|i am (?:a |one of the )?(?:\p{L}+ )?(?:volunteers?|peer supporters?))(?![\p{L}])/iu;

export interface PhoneMatch {
  digits: string;
  kind: 'mobile' | 'international' | 'landline' | 'tollfree' | 'local';
}

/** Phone-number-shaped digit runs in a text: separators (spaces, dots, dashes, brackets), «о»/"o"
 *  for 0 and "I"/"l" for 1 between digits, number words («восемь девятьсот двенадцать»). */
export function findPhoneNumbers(text: string): PhoneFound[] {
  // The last text's numbers are kept: advertising and personal data both look for them in the same
  // message (the search is pure; callers only read the result).
  if (lastPhoneSearch?.text !== text) lastPhoneSearch = { text, found: findPhoneNumbersUncached(text) };
  return lastPhoneSearch.found;
}
type PhoneFound = { match: PhoneMatch; start: number; end: number; source: string };
let lastPhoneSearch: { text: string; found: PhoneFound[] } | undefined;
function findPhoneNumbersUncached(text: string): PhoneFound[] {
  // (keycap digits «7️⃣» are a digit, a variation selector and a keycap mark)
  const nfkc = text.normalize('NFKC').replace(/[\uFE0F\u20E3]/gu, '');
  let s = spelledNumbersToDigits(nfkc);
  // «плюс 375 …», "plus nine nine five …"
  if (/плюс|plus/iu.test(s)) s = s.replace(/(?<![\p{L}])(?:плюс|plus)\s*(?=\d)/giu, '+');
  // Spelled-out digits grouped with commas: "nine one two, zero zero zero, four five" → one number.
  // («seven seven 0 one, 000 44 55»: groups of spelled and written digits, too)
  if (s !== nfkc) s = s.replace(/(?<=(?:^|[^\d])\d(?: \d)*),\s*(?=\d(?:\s|,|$))/gu, ' ').replace(/(?<=(?:^|[^\d,])\d(?: \d)+),\s*(?=\d)|(?<=\d),\s*(?=\d(?: \d)+(?:\s|,|$))/gu, ' ');
  // Look-alike letters between digits: "0OO", «ооо», "9I2".
  for (let k = 0; k < 3 && /\d[\s().-]?[oOоОIl|]|[oOоОIl|][\s().-]?\d/u.test(s); k++) {
    s = s.replace(/(?<=\d[\s().-]?)[oOоОIl|](?=[\s().-]?[\doOоОIl|])|(?<=[\doOоОIl|][\s().-]?)[oOоОIl|](?=[\s().-]?\d)/gu, (ch) => (/[oOоО]/u.test(ch) ? '0' : '1'));
  }
  const out: { match: PhoneMatch; start: number; end: number; source: string }[] = [];
  const RUN = /(?<![\d\p{L}])\+?\(?\d[\d\s().\-_—–]{5,}\d(?![\d\p{L}])/gu;
  for (const m of s.matchAll(RUN)) {
    const source = m[0];
    // Dates and times inside: "12.05.2024 14" is a date and an hour.
    if (/(?<![\d.])(?:0?[1-9]|[12]\d|3[01])[./](?:0?[1-9]|1[0-2])[./](?:19|20)?\d{2}(?!\d)/.test(source)) continue;
    // Separators: runs of two or more spaces split numbers.
    const digits = digitsOf(source);
    const plus = source.trimStart().startsWith('+');
    const after = s.slice(m.index + source.length, m.index + source.length + 8);
    if (/^\s?(?:мг|мл|мкг|г|гр|кг|руб|р\b|₽|\$|€|шт|лет|раз|mg|ml|usd|rub)/iu.test(after)) continue;
    let kind: PhoneMatch['kind'] | undefined;
    if (plus && digits.startsWith('7') && digits.length === 11) kind = digits.startsWith('7800') ? 'tollfree' : digits[1] === '9' || digits[1] === '7' ? 'mobile' : 'landline';
    else if (plus && digits.length >= 10 && digits.length <= 15) kind = /^(?:1800|1888|1877|1866|44800|44808)/.test(digits) ? 'tollfree' : 'international';
    else if (!plus && digits.length === 11 && /^[78]/.test(digits)) kind = digits.slice(1, 4) === '800' ? 'tollfree' : digits[1] === '9' || digits[1] === '7' ? 'mobile' : 'landline';
    else if (!plus && digits.length === 11 && /^1(?:800|888|877|866)/.test(digits)) kind = 'tollfree';
    else if (!plus && digits.length === 10 && digits[0] === '9') kind = 'mobile';
    else if (!plus && digits.length === 11 && digits.startsWith('07')) kind = 'mobile';
    else if (!plus && digits.length === 10) kind = 'landline';
    // A local number with its dash: "555-0173", «5 5 5 - 0 1 7 3».
    else if (!plus && digits.length === 7 && /^\d{3}[-.]\d{4}$/.test(source.replace(/\s/g, ''))) kind = 'local';
    if (!kind) continue;
    out.push({ match: { digits, kind }, start: m.index, end: m.index + source.length, source: s });
  }
  return out;
}

function phoneIn(text: string, input: ModerationInput): string | undefined {
  const allowed = new Set((input.allowedNumbers ?? []).map((n) => numberKey(digitsOf(spelledNumbersToDigits(n)))));
  for (const { match, start, end, source } of findPhoneNumbers(text)) {
    if (match.kind === 'tollfree') continue;
    // A staff member's work phone, said to be one: «звонить ей на рабочий …».
    if (WORK_PHONE.test(source.slice(Math.max(0, start - 40), start))) continue;
    if (allowed.has(numberKey(match.digits))) continue;
    const before = source.slice(Math.max(0, start - 60), start);
    const around = source.slice(Math.max(0, start - 60), Math.min(source.length, end + 40));
    const person = PERSON_CONTEXT.test(around);
    if (ORG_CONTEXT.test(around) && !PERSON_CONTEXT.test(before)) continue;
    if ((match.kind === 'landline' || match.kind === 'local') && !person) continue;
    // Own number: «мой номер 8 912…, звоните» (unless it is someone else's: «его номер»).
    if ((OWN_NUMBER.test(source.slice(Math.max(0, start - 40), start)) || OWN_NUMBER_JUST_BEFORE.test(source.slice(Math.max(0, start - 40), start))) && !THIRD_PERSON.test(before)) continue;
    if (match.kind === 'local' && /(?<![\p{L}])(?:my|мой|мне|me)(?![\p{L}])/iu.test(around) && !THIRD_PERSON.test(around)) continue;
    if (CONSENT.test(text)) continue;
    // "can I post my own number for people in Lagos…? +234 …, Tunde": the member's own number, said anywhere.
    if (OWN_NUMBER.test(text) && !THIRD_PERSON.test(text)) continue;
    // A member offering their own contact for support, anywhere in the message, when nothing points to
    // someone else: «пишите или звоните мне, 8 912 …, Лена, я равный консультант», "text me, +44 …, I'm a peer volunteer".
    if (SELF_OFFER.test(text) && !THIRD_PERSON.test(text) && !NAMED_OWNER.test(text) && !/(?<![\p{L}])(?:он|она|they|he|she)(?![\p{L}])/iu.test(text)) continue;
    return `${match.kind} phone number`;
  }
  return undefined;
}

const LIVES = W('живет|живут|проживает|прописан\\p{L}*|обитает|его адрес|ее адрес|их адрес|адрес (?:его|ее|этого|этой|этих|барыги|урода|суки|крысы|твари|мрази)|хата (?:его|ее)|(?:его|ее) хата|lives (?:at|on|in)|his (?:home )?adres|her (?:home )?adres|their (?:home )?adres|home adres');
const STREET_NUMBER = /(?<![\p{L}])(?:ул\.?|улиц[аеы]|пр-?т|проспект\p{L}*|пер\.?|переул\p{L}*|бульвар\p{L}*|шоссе|д\.?|дом\p{L}*|кв\.?|квартир\p{L}*|подъезд\p{L}*|корп\.?|корпус)\s*\d|[А-ЯЁ][а-яё]{2,},?\s+(?:д\.?\s*)?\d{1,3}(?![\d.,]\d)|\d{1,4}\s+[A-Z][a-z]+\s+(?:street|st|avenue|ave|road|rd|lane|ln|drive|dr|blvd|row|way|close|court|ct|place|pl|terrace|crescent|square|sq|hill)\b|(?:apt|apartment|flat)\.?\s*\d/u;
const FLAT = /(?<![\p{L}])(?:кв\.?|квартир\p{L}*)\s*\d|(?:apt|apartment|flat)\.?\s*#?\d/iu;
const DOXX = W('(?:вот|держите|сливаю|слил\\p{L}*|палю|публикую|выкладываю|here is|heres|here s|leaking|droping|posting) (?:\\p{L}+ ){0,2}(?:его|ее|этой|этого|этого урода|this guys|his|her|their) (?:\\p{L}+ ){0,1}(?:фото\\p{L}*|фотк\\p{L}*|паспорт\\p{L}*|адрес\\p{L}*|данные|номер\\p{L}*|телефон\\p{L}*|фамили\\p{L}*|фио|passport|adres|photos?|pics?|id|number|details|info)|деанон\\p{L}*|докс\\p{L}*|dox\\p{L}*');
const MISSING = W('пропал\\p{L}*|ищем|ищу|видел\\p{L}*|потерял\\p{L}*|missing|seen|lost');

/** Someone's home, described: the entrance, the floor, the flat («второй подъезд, квартира слева на 4 этаже»). */
const HOME_DETAIL = /(?<![\p{L}])(?:подъезд\p{L}*|этаж\p{L}*|квартир\p{L}*|кв\.?\s*\d|домофон\p{L}*|apt\.?\s*#?\d|apartment|flat\s*#?\d|floor|above the|next door to|upstairs from|basement of)(?![\p{L}])/iu;
const LIVES_EN = /\b(?:he|she|they|who|where [a-z]+|[A-Z][a-z]+) lives\b|\blives (?:at|on|in|above|below|next|near|behind|with|by)\b/u;
/** A full name: «Наталья Кузнецова», «Смирнов Андрей», "Karen Doyle". */
const RU_FULL_NAME = /(?<![\p{L}])(?:[А-ЯЁ][а-яё]{2,} [А-ЯЁ][а-яё]*(?:ов|ова|ев|ева|ёв|ёва|ин|ина|ын|ына|ский|ская|цкий|цкая|енко|ко|ук|юк|чук|ич|вич|вна|ян|дзе|швили|их|ых)|[А-ЯЁ][а-яё]*(?:ов|ова|ев|ева|ин|ина|ский|ская|енко|ук|юк) [А-ЯЁ][а-яё]{2,})(?![\p{L}])/u;
const EN_NAME_STOP = new Set(('st saint mary marys street road avenue main market pine elm oak harbor the this that these those my our your his her their a an ' +
  'monday tuesday wednesday thursday friday saturday sunday january february march april may june july august september october november december ' +
  'good free mobile luxury new old north south east west hi hey hello thanks thank happy merry day week aids hiv na aa cvs walgreens who un').split(' '));
function enFullName(text: string): boolean {
  for (const m of text.matchAll(/\b([A-Z][a-z]+) ([A-Z][a-z]{2,})\b/gu)) {
    if (!EN_NAME_STOP.has(m[1]!.toLowerCase()) && !EN_NAME_STOP.has(m[2]!.toLowerCase())) return true;
  }
  return false;
}
const WORKPLACE = W('работает|работал\\p{L}*|трудится|устроил\\p{L}* (?:в|на)|works (?:at|in|as|for)|worked at|nurse at|teacher at|employed (?:at|by)|cashier at');
const BIRTH = /\d{4}\s?г\.?\s?р|\bborn in \d{4}|дата рождения|\bDOB\b|\bд\.р\./iu;
const PLATE = /(?<![\p{L}])(?:plate|номер машины|госномер|гос\.?\s?номер|номера машины)(?![\p{L}])|(?<![\p{L}\d])[АВЕКМНОРСТУХ]\s?\d{3}\s?[АВЕКМНОРСТУХ]{2}\s?\d{2,3}(?![\p{L}\d])/u;
const HEALTH_STATUS = /(?:ВИЧ|HIV)\s?\+|ВИЧ-?положительн|вич-инфицирован|HIV[- ]positive|(?:has|have) (?:HIV|AIDS|hep c)|у (?:нее|неё|него) (?:ВИЧ|СПИД|гепатит)/iu;
const USE_OUTING = W('на (?:метадон|меф|сол|герыч|героин|субоксон|бупрен|винт|фен)\\p{L}* (?:был\\p{L}*|сидел\\p{L}*)|(?:был\\p{L}*|сидел\\p{L}*) на (?:метадон|меф|сол|герыч|героин|субоксон|бупрен|винт|фен)\\p{L}*|(?:is|s|was) on (?:suboxone|methadone|subs|bupe|meth|heroin|fent\\p{L}*)|сидит на (?:\\p{L}+ )?\\p{L}+|торчит|колется|употребляет|бахается|видели на закладк\\p{L}*|ходит по закладк\\p{L}*|закладчи\\p{L}*|барыжит|наркоман\\p{L}*|(?:is|s) (?:a )?(?:junkie|addict|dealer|user)|uses|is using|deals|dealing|on meth|on heroin|on fent');
const EXPOSURE = W('пусть (?:\\p{L}+ ){0,3}(?:знают|знает|узнают|узнает)|опек\\p{L}*|сообщите (?:на работу|работодател\\p{L}*|в опеку)|на работу (?:ей|ему) (?:сообщить|написать)|(?:deserve|deserves|should|needs? to) (?:to )?know|spread (?:it|the word)|let everyone know|tell (?:her|his|their) (?:boss|employer|school)|распространите|чтоб(?:ы)? все знали');
/** A link to someone's social profile: vk.com/…, facebook.com/profile… */
const PROFILE_LINK = /(?<![\p{L}\d.-])(?:vk|vkontakte|facebook|fb|instagram|ok|twitter|x|tiktok|linkedin)\.[a-z]{2,10}\/\S+/iu;
const PROFILE_POINTER = /(?<![\p{L}])(?:его|ее|её|их|этого|этой|him|her|his|their|this guy|that guy|адрес\p{L}*|address|найти|найдете|find (?:him|her)|вот он|вот она|here he is|here she is|идите|go get)(?![\p{L}])/iu;
const CARD = /(?<!\d)\d{4}[ -]?\d{4}[ -]?\d{4}[ -]?\d{4}(?!\d)/u;
const ID_NUMBER = /(?:\bSSN\b|social security|СНИЛС|ИНН|паспорт\p{L}*|passport|driver'?s licen[cs]e)[^\d\n]{0,40}\d[\d\s-]{5,}\d|\b\d{3}-\d{2}-\d{4}\b[^\n]{0,40}(?:SSN|social security)|(?:SSN|social security)[^\n]{0,60}\b\d{3}-\d{2}-\d{4}\b/iu;

function addressIn(text: string, v: Views): string | undefined {
  const ru = v.ru;
  const en = v.folded;
  // («мама живёт на Садовой, в 5 подъезде, я у неё пока»: the member's own family home)
  const ownHome = /(?<![\p{L}])(?:я живу|мы живем|мы живём|живу|мама|мать|папа|отец|бабушк\p{L}*|дедушк\p{L}*|сестр\p{L}*|брат|сын|доч\p{L}*|муж|жена|мой адрес|моя квартира|мой дом|i live|we live|my (?:mom|mum|dad|mother|father|family|gran\p{L}*|sister|brother|son|daughter|wife|husband|address|place|flat|apartment))(?![\p{L}])/iu.test(text);
  const lives = (LIVES.test(ru) || LIVES.test(en) || LIVES_EN.test(text)) && !ownHome;
  if (lives) {
    if (STREET_NUMBER.test(text)) return 'home address of a person';
    if (HOME_DETAIL.test(text)) return 'home location of a person';
  }
  // Someone's card or ID number («номер карты его мамы 2202 …», "found his SSN: …").
  const longDigits = /\d{3}/u.test(text);
  if (longDigits && CARD.test(text) && (THIRD_PERSON.test(text) || /(?<![\p{L}])(?:he|she|он|она|scammer\p{L}*|мошенник\p{L}*)(?![\p{L}])|name on (?:it|the card)|на имя/iu.test(text))) return 'card number of a third person';
  if (longDigits && ID_NUMBER.test(text) && !/(?<![\p{L}])(?:мой|моя|мои|my)(?![\p{L}])/iu.test(text)) return 'ID number';
  if (text.includes('/') && PROFILE_LINK.test(text) && PROFILE_POINTER.test(text)) return 'social profile of a person';
  // Someone placed at an address: "tell @lisa her mum is at 7 Example Close".
  if (/(?<![\p{L}])(?:he|she|they|(?:his|her|their) \p{L}+|@\w+) (?:is|are|stays?|staying) (?:at|on) \d{1,4}[a-z]? [A-Z][a-z]+ (?:[Ss]treet|St|[Aa]venue|Ave|[Rr]oad|Rd|[Ll]ane|[Dd]rive|[Cc]lose|[Cc]ourt|[Ww]ay|[Pp]lace|[Tt]errace|[Cc]rescent|[Rr]ow)(?![\p{L}])/u.test(text) && !ownHome) return 'home address of a person';
  // A handle with a workplace or drug use, pointed at: «вот телега той медсестры: @…, работает в 3-й горбольнице, пишите ей».
  const pointedAt = /пишите (?:ей|ему)|напишите (?:ей|ему)|вс[её] что думаете|кто знает (?:эту|этого)|хамил\p{L}*|tell (?:her|him) what|write to (?:her|him)|go (?:get|tell) (?:her|him)|who knows (?:this|her|him)/iu.test(text);
  if (/@\w{3,}/u.test(text) && (USE_OUTING.test(ru) || USE_OUTING.test(en) || (pointedAt && (WORKPLACE.test(ru) || WORKPLACE.test(en) || /(?<![\p{L}])(?:кассир\p{L}*|медсестр\p{L}*|учительниц\p{L}*|воспитательниц\p{L}*|продавщиц\p{L}*|nurse|teacher|cashier)(?![\p{L}])/iu.test(text)))) &&
      /(?<![\p{L}])(?:она|он|ей|ему|её|ее|его|she|he|her|him)(?![\p{L}])/iu.test(text) && !/(?<![\p{L}])(?:мой|моя|my|наш\p{L}*|our|фонд\p{L}*)(?![\p{L}])/iu.test(text)) return 'handle with identifying details';
  // Unmasking: "real name Michael Grady", «настоящее имя — Олег Петров».
  if (/real name|настоящ\p{L}* (?:имя|фамили\p{L}*|фио)|по паспорту/iu.test(text) && (RU_FULL_NAME.test(text) || enFullName(text))) return 'real name revealed';
  // A named person with what identifies, locates or outs them.
  // («Я Анна Смирнова, ВИЧ+ …»: a member introducing themself)
  const intro = /(?<![\p{L}])(?:я|меня зовут|мое имя|моё имя|i'?m|i am|my name is|my name's)\s+(\p{L})/iu.exec(text);
  const selfIntro = !!intro && /\p{Lu}/u.test(intro[1]!);
  const fullName = (RU_FULL_NAME.test(text) || enFullName(text) || W('зовут [а-я]+ [а-я]+').test(ru)) && !selfIntro;
  const exposure = both(EXPOSURE, v);
  if (fullName || exposure) {
    const home = STREET_NUMBER.test(text) || HOME_DETAIL.test(text);
    const details = {
      workplace: WORKPLACE.test(ru) || WORKPLACE.test(en),
      birth: BIRTH.test(text),
      plate: PLATE.test(text),
      health: HEALTH_STATUS.test(text),
      use: USE_OUTING.test(ru) || USE_OUTING.test(en),
      home: home || lives,
      exposure,
    };
    const staff = /(?<![\p{L}])(?:наш\p{L}*|соцработни\p{L}*|консультант\p{L}*|аутрич\p{L}*|фонд\p{L}*|координатор\p{L}*|врач\p{L}* центра|our|outreach|staff|coordinator|volunteer)(?![\p{L}])/iu.test(text);
    const found = Object.entries(details).filter(([, on]) => on).map(([k]) => k);
    if (fullName && found.length >= 1 && (!staff || details.exposure || details.health || details.use)) return `full name with ${found.join(', ')}`;
    // Outing without a full name: «Свету с 5-го подъезда на Школьной 11 видели на закладках, пусть соседи знают».
    if (details.exposure && [details.workplace, details.birth, details.plate, details.health, details.use, home].filter(Boolean).length >= 2) return `outing: ${found.join(', ')}`;
  }
  if (FLAT.test(text) && STREET_NUMBER.test(text.replace(FLAT, ' ')) && !ownHome && !CONSENT.test(text) && !/(?:они|волонт\p{L}*|фонд\p{L}*) просил/iu.test(text)) return 'home address with a flat number';
  if ((DOXX.test(ru) || DOXX.test(en)) && !MISSING.test(ru) && !MISSING.test(en)) return 'doxxing';
  if (W('(?:сливаю|слил\\p{L}*|вот) (?:\\p{L}+ ){0,2}паспорт\\p{L}*').test(ru) && !MISSING.test(ru)) return 'doxxing (passport)';
  return undefined;
}

// ───────────────────────────── moderate ─────────────────────────────

/**
 * Whether a chat message is removed and under which rule; `undefined` keeps it. Pure and
 * deterministic. The first rule that applies, in the order spam, selling, advertising,
 * personal_data, insult (an all-caps advert is spam; a seller's phone number is selling).
 */
export function moderate(input: ModerationInput): ModerationVerdict | undefined {
  const text = input.text ?? '';
  if (!text.trim()) return undefined;
  // One budget of masked-word searches for the whole message, whatever is folded again.
  const budget: UnmaskBudget = { left: 8 };
  const v = views(text, isModerationWord, budget);
  const spam = spamIn(text, v, input);
  if (spam) return { rule: 'spam', why: spam };
  // Quoted passages are reported, not said: «зачем мне пишут "продам"», a warning quoting a job ad.
  const quoteless = withoutQuotes(text);
  const qv = quoteless === text ? v : views(quoteless, isModerationWord, budget);
  const sell = sellingIn(quoteless, qv, { text, v });
  if (sell) return { rule: 'selling', why: sell };
  const ad = advertisingIn(quoteless, qv, input);
  if (ad) return { rule: 'advertising', why: ad };
  const phone = phoneIn(text, input);
  if (phone) return { rule: 'personal_data', why: phone };
  const address = addressIn(text, v);
  if (address) return { rule: 'personal_data', why: address };
  const insult = insultIn(quoteless, qv, isModerationWord, budget);
  if (insult) return { rule: 'insult', why: insult };
  return undefined;
}
