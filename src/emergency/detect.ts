/**
 * Overdose-emergency detection for a client's free-text message (Russian and English).
 *
 * Pure, synchronous, no I/O: a handful of regular expressions over a normalised copy of the
 * text, well under a millisecond per message. The caller answers with life-saving steps when
 * `emergency` is true, before anything else happens to the message.
 *
 * How a decision is made (see `detectEmergency` at the bottom):
 *   1. The text is normalised (`normalizeForMatching`, soft and hard signs dropped as translit drops
 *      them) and, for Russian written in Latin letters ("ne dyshit", "on ne di6it", "ploxo"), also
 *      transliterated to Cyrillic so the Russian rules see it too. Latin words that are English are
 *      not (`russianReading`): "my son is not breathing" must not meet the Russian rules as «сон».
 *   2. SIGNAL rules fire: physical signs (not breathing, blue lips, won't wake up, seizures,
 *      chest pain…), mentions (overdose words, "took too much"), actions (revive, call an
 *      ambulance, give naloxone). Each has a weight; most symptoms weigh 2 = enough on their own.
 *      Weak signs (weight 1: "heart pounding", "seizures", "passed out") need a booster: a drug
 *      named or use described ("after meph"), or a cry for help ("помогите", "what do i do").
 *   3. BLOCKER rules recognise the near misses: prevention/education questions, statistics and
 *      news, past events, hypotheticals ("what if…"), dose-threshold questions, jokes and figurative
 *      speech, naloxone logistics, legal worries, and situations that are over ("he's fine now").
 *      Principle: a blocker may silence the bare overdose word or weak signals, never a physical
 *      sign that is happening now. Context blockers (education, past, hypothetical, statistics…)
 *      are therefore judged CLAUSE BY CLAUSE: "I turned blue once when I was 19, clean now" stays
 *      quiet (the sign shares its clause with "once"), but "если вызову скорую, меня посадят? она
 *      не дышит" fires (the sign's clause is clean). A sign in a clause that says now/still/already
 *      is present even next to a blocker word. Legal worry silences only mentions and actions.
 *      Alarm words (срочно/SOS) override context blockers; ALL CAPS and "!!!" only add urgency
 *      ("HOW DO I AVOID OD" stays a prevention question). Laughter is never overridden.
 *   4. Emergency = score ≥ 2 and not blocked.
 *   5. When the rules did not fire, the learned model (`model.ts`) may: only when the message gives it
 *      evidence (a rule sign, a drug, a plea or a body word — not numbers or small talk), no veto
 *      blocker applies (over, hypothetical frame, joke, figure, negated overdose, mild, cold), and
 *      with a higher threshold when a blocker explained a sign away. Its decision is marked
 *      `model:<p>` and the bot only ASKS on it (`emergencyActionOf`): it never upgrades a blocked
 *      rule hit to the full reply.
 *
 * Before the rules run: analysis is capped at MAX_CHARS, set idioms are cut out ("breathing down
 * my neck", "не дышит в мою сторону"), and misspelt key words are repaired ("дыштт", "breahting").
 *
 * Recall-first rework (dev4/dev5 error categories):
 *   - Danger states are strong on their own: unconscious / barely responsive, abnormal breathing
 *     (shallow, pauses, snoring), grey/blue, collapse, vision loss, shaking that won't stop,
 *     whole-body heat, crushing chest pain, self-harm ingestion ("took all my pills"), naloxone in
 *     progress (given, not working, woke up after it and wants to leave).
 *   - Any bodily complaint (dizzy, numb, slurred, nauseous, pale, sweaty…) is a weak sign: with a
 *     drug, use, paraphernalia or naloxone named it is enough.
 *   - "It's over" blockers are split: `resolved` (hospital, discharged, fine now, paramedics have
 *     taken over) and `came-round` (woke up, откачали), which naloxone talk or a present sign
 *     overrides; both give way to a relapse or to a sign told after them.
 *   - Explicit hypothetical frames («представим», "suppose") speak for the whole message; illness
 *     and withdrawal only explain weak complaints (`weak` scope), never a danger state.
 *   - Typos: glued/broken words are re-spaced («онне» → «он не», «чт оделать» → «что делать»),
 *     key words forgive edits in proportion to their length, cue words take the vowel fuzz.
 *
 * False-alarm rework (issue 9, dev6):
 *   - A negated overdose is none ("не передознулся", "didn't OD", "no overdose"); nor is a figure
 *     ("передоз учебой", "ODing on boredom", «неровно дышит» to someone, "so blue", "dead to me").
 *   - A question about overdoses in general ("peredoz ot metadona kak izbezhat?", "skolko nado dlya
 *     peredoza", "what does an overdose look like") silences the bare word — unless someone in
 *     particular or "now" is in it ("он передознулся, сколько налоксона колоть?").
 *   - The glued «не» of "недышит" is only glued to the key word: «неровно дышит», «неделю просыпаюсь»
 *     are no signs. Resolution is read in more words ("скорая приехала, она дышит", "he's breathing
 *     fine now", "false alarm"), and the model is kept quiet by it.
 *
 * Translit rework (issue 9, dev7: translit emergencies were the weak spot; dev8/dev9 my own sets):
 *   - Spellings are read where the text is normalised (`normalize.ts`): digits for letters ("di6it",
 *     "4to", «6ыл»; numbers with units stay numbers), Latin runs inside Cyrillic words («дыshит»),
 *     x/kh/h = х, w = ш, j = ж where й cannot stand ("lejit", "uje"), -tsa/-tsya = -тся, й as "i"
 *     ("seryi", "seichas"), one-letter prepositions ("u menya", "v okno"); «ъ» goes like «ь».
 *   - What the text cannot tell apart the patterns take (`translitSpellings`): «ы» as "i", «э» as
 *     "e", «й» as "i", «я» as "ia", «щ» as "sch"/"sh"; typo repair reads «ы»/«и» as one and
 *     restores key words written without vowels ("n dshit pmgt").
 *   - `npm run eval:overdose -- --translit` transliterates every Cyrillic labelled message five ways
 *     and checks that each keeps its full reply and gains no false one.
 *   - dev7's false full replies, each a general rule: negated signs («губы не синие», "lips aren't
 *     blue", «да не передоз») and signs said to be absent («дыхание ровное», «пульс есть»); breathless
 *     from a feeling, heat or work («задыхаюсь от восторга»; the writer's own «задыхаюсь» is weak);
 *     overdoses of food; why/can-someone questions asked of nobody in particular; purposes to avoid
 *     something ("so i don't overheat"); wanting to lie still («хочется лежать и не двигаться»).

 * Past, aftercare and general-question rework (issue 9, third round: dev10's false full replies; dev11/dev12
 * my own sets with their emergency counterparts):
 *   - Life back to normal, told now or hours later, is over (`resolved`): «сейчас утро, он ест», «сидит пьёт чай»,
 *     «сегодня всё хорошо», «уже три часа разговаривает», "he's been awake and chatting for 3 hours". Relapse words
 *     that say it is fine ("but he's fine now", «а теперь сидит пьёт чай») are no relapse; a relapse or a sign
 *     told after still reopens it. A coming round told as now («сейчас дышит ровно») closes naloxone talk.
 *   - Aftercare after an earlier overdose is past ("after yesterday's overdose", «после вчерашнего передоза»,
 *     «после того случая»); «сегодня опять» makes a sign present again.
 *   - What drugs do to overdoses, whether one comes back, whether one needs to do something, "is that normal"
 *     are general questions (mentions only); «у человека» / «человек может» is nobody in particular.
 *   - States said not to be there, or of nobody, are cut out like idioms («не в отключке», "not unconscious",
 *     «никто не умирает»); reassurance («не волнуйтесь») does not negate a sign; "not joking" is no joke;
 *     feelings as a cause («от радости», "from laughing", "too funny", a proposal) are figures.
 *   - "woke up" is coming round only when the person woke: the writer waking ("woke up to my mom barely
 *     breathing", "i woke up and…") is not.

 * When in doubt the rules lean towards an emergency: a false alarm costs the client one extra
 * message, a miss can cost a life. `signals` names the rules that fired (ids only — never the text).
 *
 * Decision documented here: "передоз это сколько грамм" / "how much fent to OD" is a dose-threshold
 * question, not a present emergency — it should get dosage information, not the overdose flow. But
 * as soon as the writer says they have just taken something ("я принял 2 грамма это передоз?")
 * it is treated as an emergency.
 */

export interface EmergencyResult {
  emergency: boolean;
  /** Ids of the signal rules that fired, plus `+drug-context` / `+urgency` boosters and, when a
   *  message was held back, `blocked:<group>` entries. Never contains message text. */
  signals: string[];
}

// ---------------------------------------------------------------------------------------------
// Normalisation
// ---------------------------------------------------------------------------------------------

// Lives in normalize.ts so the learned model (model.ts) can share it without an import cycle.
import { modelText } from './features.ts';
import { emergencyProbability, MODEL_BLOCKED_THRESHOLD, MODEL_THRESHOLD } from './model.ts';
import { CYRILLIC, dropSoftSigns, normalizeForMatching, russianReading } from './normalize.ts';

export { normalizeForMatching };

// ---------------------------------------------------------------------------------------------
// Rule tables
// ---------------------------------------------------------------------------------------------

/** Patterns are written with `\\b`, which JavaScript only understands for ASCII. Normalised text is
 *  words of letters/digits separated by single spaces, so a word boundary is simply "a space or the
 *  edge on one side" — much cheaper than Unicode lookarounds. `{G}` = up to two filler words
 *  ("не дышит" / "не очень-то дышит" / "почти совсем не дышит"). */
const B = '(?:(?<![^ ])|(?![^ ]))';
const G = '(?:[^ ]+ ){0,2}';
const G3 = '(?:[^ ]+ ){0,3}';
/** `{GN}`: the same gap as `{G}`, but none of its words a negation: "губы синие", not "губы не синие" /
 *  "lips aren't blue". */
const GN = '(?:(?!(?:не|нет|ни|not|no|isnt|arent|wasnt|werent|never|dont|doesnt|didnt|aint) )[^ ]+ ){0,2}';
const WORD_START = '(?<![^ ])';
const WORD_END = '(?![^ ])';
function re(source: string): RegExp {
  // A leading `\\b` can only be a word start and a trailing one only a word end: the one-sided
  // lookarounds are cheaper for the regex engine than the two-sided boundary.
  // The text is read without soft signs (translit has none: "skolko" → «сколко»), so are the patterns.
  const src = translitSpellings(dropSoftSigns(source)).replace(/^\\b/, WORD_START).replace(/\\b$/, WORD_END);
  return new RegExp(src.replaceAll('\\b', B).replaceAll('{G}', G).replaceAll('{GN}', GN).replaceAll('{G3}', G3).replaceAll('\\S', '[^ ]'));
}
/** Translit spells some Russian letters as others, and the patterns take them (outside [...] classes):
 *  «щ» and «сч» are both "sch" ("schas" = щас, "schastye" = счастье; Russian also says «счас»), «щ» is
 *  also "sh" or "w" ("eshe", "pomosh", "wa"); «ы» is
 *  often "i" ("bil", "vipila", "dixanie"), «э» "e" ("eto", "ekzamen"), «я» after a consonant "ia"
 *  ("poniat", "pamiat"; the text keeps «иа», as in «опиат»), «й» "i" ("kaif", "poidet"). */
function translitSpellings(source: string): string {
  if (!/[щсыэйя]/.test(source)) return source;
  return outsideClasses(source, (ch, i) => {
    if (ch === 'щ') return '(?:щ|сч|ш)';
    if (ch === 'с' && source[i + 1] === 'ч') return ['(?:сч|щ)', 1];
    if (ch === 'ы') return '[ыи]';
    if (ch === 'э') return '[эе]';
    if (ch === 'й') return '[йи]';
    if (ch === 'я' && /[бвгджзклмнпрстфхцчшщ]/.test(source[i - 1] ?? '')) return '(?:я|иа)';
    return undefined;
  });
}
/**
 * Rewrites a pattern's source letter by letter, outside `[...]` classes and escapes (which stay as
 * written): `rewrite` gives what a letter becomes (and how many letters after it it used up), or
 * undefined to keep it.
 */
function outsideClasses(source: string, rewrite: (ch: string, i: number) => string | [string, number] | undefined): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (ch === '\\') { out += ch + (source[i + 1] ?? ''); i++; continue; }
    if (ch === '[') inClass = true;
    else if (ch === ']') inClass = false;
    const done = inClass ? undefined : rewrite(ch, i);
    if (done === undefined) out += ch;
    else if (typeof done === 'string') out += done;
    else { out += done[0]; i += done[1]; }
  }
  return out;
}
/** A rule's patterns are matched as ONE alternation: the regex engine then scans the text once per
 *  rule instead of once per pattern (the tables stay lists of readable patterns). */
function combine(patterns: RegExp[]): RegExp[] {
  return patterns.length <= 1 ? patterns : [new RegExp(patterns.map((p) => `(?:${p.source})`).join('|'))];
}
/** Russian typos mostly swap unstressed vowels (о/а, е/и/э: "прасыпается", "пирэдоз", "сазнания").
 *  Russian signal rules are compiled with those vowels made interchangeable (outside [...] classes). */
function fuzzyRu(source: string): string {
  return outsideClasses(source, (ch) => (ch === 'о' || ch === 'а' ? '[оа]' : ch === 'е' || ch === 'и' || ch === 'э' ? '[еиэ]' : undefined));
}

type SignalKind = 'symptom' | 'mention' | 'action';
interface SignalRule {
  id: string;
  kind: SignalKind;
  /** 2 = enough on its own; 1 = needs a drug context, a cry for help or another sign. */
  weight: 1 | 2;
  lang: 'ru' | 'en';
  patterns: RegExp[];
  /** If one of these matches, this rule does not fire (e.g. "нос не дышит" is a stuffy nose). */
  except?: RegExp[];
}

const rule = (
  id: string, lang: 'ru' | 'en', kind: SignalKind, weight: 1 | 2, patterns: string[], except: string[] = [],
): SignalRule => {
  const compile = (src: string) => re(lang === 'ru' ? fuzzyRu(src) : src);
  return { id, lang, kind, weight, patterns: combine(patterns.map(compile)), except: combine(except.map(compile)) };
};

/** A negated overdose ("не передознулся", "ни разу не передозил", "не было передоза", "she didn't OD",
 *  "never OD'd", "no overdose") is not one: the overdose word then does not count. */
const NEGATED_OVERDOSE_RU = [
  '\\b(?:не|ни разу не|никогда не|вроде не|слава богу не) (?:\\S+ )?передоз(?:нул|ил|ировал)\\S*(?! ли)', '\\bне (?:было|будет) (?:\\S+ )?передоз', '\\bникакого передоз',
  '\\bне передоз\\S* а\\b', '\\bэто не передоз\\b(?! ли)',
  // the noun negated: "да не передоз у меня", "nu net, ne peredoz, prosto perepil"
  '\\bне передоз(?:а|ом|ировк\\S*)?\\b(?! ли)',
];
/** "передоз мемов", "od on coffee", "ODing on boredom", «передоз учебой»: a figure of speech. Food and
 *  treats too: "overdosed on christmas cookies", «передоз мандаринов». */
const FIGURATIVE_OVERDOSE = [
  // (one pattern: the engine reads the overdose word once, then the objects)
  '\\b(?:передоз\\S*|overdos\\S*|od|oded|oding) {G}(?:' +
    'печенек|печенье|печенья|печеньем|печенюш|мандарин|торт|пицц|оливье|салат|конфет|морожен|пирож|пирог|блин(?:ов|ами|чик)|чипс|сыр|пельмен|шашлык|сладост|десерт|еды|едой|cookies?|cake|cupcakes?|pie|pies|candy|sweets|dessert|cheese|ice cream|snacks?|junk food|chips|fries|donuts?|doughnuts?|tacos?|pasta|pumpkin|gingerbread|eggnog|food|' +
    'мем|котик|кот|информац|работ|сериал|любв|позитив|сладк|шоколад|кофе|кофеин|эмоци|впечатлен|учеб|счасть|солнц|музык|аниме|новост|сахар|витамин|чая|чаем|еды|едой|вкусн|кайф|впечатл|netflix|memes?|coffee|caffeine|sugar|candy|chocolate|drama|love|work|cuteness|tv|anime|vitamin|dopamine|content|pizza|tiktok|sunshine|sun|fun|happiness|joy|nature|тикток|ютуб|нетфликс|инстаграм|инст|рилс|шортс|контент|' +
    'boredom|bored|stress|school|homework|nostalgia|feels|gossip|carbs|sleep|cute|music|games?|vibes|bass|скук|ностальг|домашк|игр|вайб|бас)',
];
const NEGATED_OVERDOSE_EN = [
  '\\b(?:didnt|did not|never|havent|hasnt|wasnt|isnt|is not|not|aint|werent) (?:ever |really |actually |an? )?(?:od|oded|oding|overdos\\S*)\\b(?! (?:right|is he|is she|are they))',
  '\\bno (?:od|overdose)\\b', '\\bnot an? (?:od|overdose)\\b',
];

const SIGNALS: SignalRule[] = [
  // ── Russian ────────────────────────────────────────────────────────────────────────────────
  // The word itself and its many spellings: передоз, передозировка, передознулся/ась, передозняк,
  // передозе, "пердоз", "пиредоз", "передаз", "передос", "пере доз", "передз".
  rule('ru.overdose-word', 'ru', 'mention', 2, [
    '\\bпер(?:е)?до[зс](?!т)', '\\bпере доз', '\\bпередз', '\\bпередазир', '\\bпередознул', '\\bпередознут',
  ], [...NEGATED_OVERDOSE_RU, ...FIGURATIVE_OVERDOSE]),
  // Opioid respiratory depression, the killer: "не дышит", "почти не дышит", "не дышит почти",
  // "плохо/еле/редко дышит", "дышит через раз", "перестал дышать", "нет дыхания", "задыхается".
  rule('ru.not-breathing', 'ru', 'symptom', 2, [
    '\\bне(?: {G}|)д[ыи]ш(?:ит|ат|ет|ут|ыт)\\b',
    // (without soft signs «тяжело дышать», hard to breathe, reads as «тяжело дышат»: a weak sign, below)
    '\\b(?:плохо|еле|слабо|редко|тяжело|странно|хрипло|едва|поверхностно|через раз|медленно) {G}д[ыи]ш(?:ит|ет)\\b',
    '\\b(?:еле|слабо|редко|странно|хрипло|едва|поверхностно|через раз|медленно) {G}д[ыи]шат\\b',
    // still not breathing: "так и не задышал", "пока не задышала", "всё ещё не дышит"
    '\\b(?:так и|пока|еще|все еще|до сих пор) не {G}(?:за)?д[ыи]шал',
    '\\bд[ыи]ш(?:ит|ат|ет) {G}(?:плохо|еле|редко|слабо|через раз|странно|с хрипом|хрипло|тяжело|едва|с перерывами|медленно)\\b',
    // breaths counted in seconds: "дышит раз в 10 секунд", "дыхание раз в несколько секунд"
    '\\bраз в (?:\\d+|несколько|пару|десять|пять) (?:секунд|сек)', '\\bдыхани\\S* {G}(?:очень )?(?:редк|медлен|еле слышн)',
    '\\bперестал[аи]? д[ыи]шать', '\\bд[ыи]ш\\S* {G}(?:\\d+ раз|раз в минуту|раза в минуту)', '\\bнет дыхания', '\\bдыхани[ея] {G}(?:нет|нету|редк|слаб|пропал|останов|еле)',
    '\\bне (?:могу|может|можем|может) {G}дышать', '\\bзадыха(?:ет|ют)',
  ], [
    // a blocked nose after sniffing is not respiratory depression
    '\\bнос\\S* {G}не {G}дыш', '\\bне дышит нос', '\\bдышать нос(?:ом)?\\b',
  ]),
  // Cyanosis: "посинел(а)", "синеет", "синие губы", "губы синие", "лицо серое", "ногти фиолетовые".
  rule('ru.blue', 'ru', 'symptom', 2, [
    // a sign said not to be there is none: "не посинел", "губы не синие", «никто не посинел»
    '\\b(?<!не )посине(?:л|ет|ют|вш)', '\\b(?<!не )сине(?:ет|ют|еет)\\b', '\\bсинюш',
    '\\b(?<!не )(?:син|фиолетов|сер)\\S* {GN}(?:губ|лицо|ногт|кожа)',
    '\\b(?:губ|лицо|ногт|кожа)\\S* {GN}(?:син|фиолет|серые|серое|серая|темн)', '\\b(?:он|она|друг|подруга|парень|чел|муж|брат|весь|вся|лежит|уже|совсем|какой то) {GN}син(?:ий|яя|ее|ие|еет)\\b', '\\bсиний весь\\b',
  ], [
    // a bruise or a blue hand/leg after injecting is an injection complication, not an overdose;
    // blue lips from the cold are cold
    '\\bот (?:холода|мороза)', '\\bзамерз',
    // blue from something that stains or cools: «губы синие от черничного мороженого»
    '\\b(?:син|посине)\\S* от (?:\\S+ )?(?:черни|ежевик|голубик|мороженого|краск|чернил|фломастер|маркер|свекл|вина|воды|купани|бассейн)',
    '\\b(?:рук|ног|вен|пал[ье]ц|пальц|место|кисть|стоп|синяк)\\S* {G}(?:посине|сине)',
    '\\bпосине\\S* {G}(?:рук|ног|вен|пал[ье]ц|пальц|место|кисть|стоп)',
  ]),
  // Unconsciousness, present tense: "не просыпается", "не приходит в себя", "не реагирует",
  // "без сознания", "не можем разбудить", "глаза закатились", "пена изо рта", "обмяк".
  rule('ru.unresponsive', 'ru', 'symptom', 2, [
    '\\bне(?: {G}|)(?:просыпа[ею]|проснет|проснул|добудил|реагир|приход\\S* в себя|очнет|очухива|разбудить|добудит|растолка|откликает|шевел|двига|буд[ия]тся|будится|добуд|отзыва|докрич|достуч|моргает)',
    '\\bне {G}(?:могу|можем|может|получается) {G}(?:его |ее |их )?(?:вернуть|растормош|привести в себя)',
    // still not come round: "так и не пришёл в себя", "пока не очнулся"
    '\\b(?:так и|пока|еще|все еще|до сих пор) не {G}(?:очнул|проснул|пришел в себя|пришла в себя|открыл\\S* глаза)',
    '\\bна (?:щипк|щипок|боль|голос|пощечин|удар|оплеух)\\S* {G}не (?:отвеч|реагир)',
    '\\bне {G}(?:могу|можем|может) {G}(?:разбуд|добуд|растолк|привести в чувство)',
    '\\bбез сознан', '\\bпотерял\\S* сознан',
    // said of someone: «он без пульса», «лежит без дыхания» (not «сколько минут без дыхания опасно»)
    '\\b(?:лежит|он|она|уже|совсем|сейчас|щас|нашли|нашел|нашла) (?:\\S+ )?без (?:пульса|дыхания)\\b', '\\bв отключк', '\\bглаза закатил', '\\bглаза закатыва', '\\bзакатыва\\S* глаза', '\\bзакатил\\S* глаза',
    '\\bпен(?:а|ится|ой|ятся) {G}(?:изо|из|у) р', '\\bобмяк', '\\bкак тряпка', '\\bне открывает глаз',
    '\\bне пода[её]т {G}признаков', '\\bкак (?:мертв|труп)', '\\bпульс\\S* {G}(?:нет|не прощуп|не нащуп|не чувств|не слыш|не найти|не могу найти)', '\\bнет пульса',
    '\\bзахлеб', '\\bрвот\\S* {G}(?:и|а) {G}(?:не|без)',
  ]),
  // "лежит", "синий/синяя", "холодный" alone are not enough, two of them are ("мужик в подъезде синий лежит").
  rule('ru.lying', 'ru', 'symptom', 1, ['\\bлежит\\b', '\\b(?<!(?:хочу|хочется|охота|буду|лень|просто|можно|нужно|надо|только) )лежат\\b', '\\bваля(?:ется|ются)\\b'], ['\\bу (?:меня|нас) {G}(?:лежит|валяется)', '\\b(?:лежит|валяется) с (?:19|20)\\d\\d']), // "налоксон у меня лежит с 2021" is a kit
  // Sedative / alcohol / pregabalin / methadone mixes are described by what the body does, not by
  // the word "передоз": "не встаёт", "не поднять", "сполз по стенке", "засыпаю", "мычит". Each is
  // weak alone (people also do not get up because they are lazy); two together, or one with a drug
  // or alcohol named, make an emergency.
  rule('ru.cant-get-up', 'ru', 'symptom', 1, [
    '\\bне {G}(?:вста[её]т|встать|поднима|поднять|поднимешь)', '\\bсполз', '\\bрухнул',
  ], ['\\bне вста[её]т {G}(?:член|хуй|стояк)', '\\bу меня не вста']),
  rule('ru.drowsy', 'ru', 'symptom', 1, [
    '\\bзасыпа(?:ю|ет|ем|ют)\\b', '\\bглаза {G}(?:закрыва|слипа)', '\\bклю[её]т носом', '\\bмычит\\b', '\\bзавис(?:ла)?\\b',
    '\\bне (?:может|могу) {G}(?:сидеть|держать голову|говорить|стоять)',
  ]),
  // (the writer's own «задыхаюсь» is said of crowds, heat and feelings too: with a drug or a plea it counts)
  rule('ru.breathing-hard', 'ru', 'symptom', 1, ['\\b(?:тяжело|трудно|сложно|больно) {G}дышать', '\\bдышать {G}(?:тяжело|трудно|сложно|больно)', '\\bзадыха(?:юс|ешс|ешь)']),
  // Cold, icy, clammy skin: weak alone ("холодный, замёрз"), with another sign it is shock/hypoxia.
  rule('ru.cold', 'ru', 'symptom', 1, ['\\bхолодн(?:ый|ая|ое)\\b', '\\bледян', '\\bлипк(?:ий|ая)\\b']),
  // "у него передоз", "у друга сейчас передоз" — a present overdose stated about a person. Counted as a
  // physical sign so that legal or logistic worries in the same message cannot hide it.
  rule('ru.overdose-now', 'ru', 'symptom', 2, [
    '\\bу (?:него|нее|меня|друга|подруги|брата|сестры|мужа|жены|парня|девушки|сына|дочери|соседа|чела|мамы|папы|отца|матери) {G}(?:передоз|передозировк)(?!ы|ов|ами|ах|е)',
    '\\b(?:сейчас|щас) {G}передоз',
  ], [...NEGATED_OVERDOSE_RU, ...FIGURATIVE_OVERDOSE]),
  // Naloxone was given and did not work, or a second dose is being asked about: it is happening now.
  rule('ru.naloxone-failed', 'ru', 'symptom', 2, [
    '\\b(?:(?:налокс|наркан)\\S*|перв\\S*) {G}не (?:помог|сработ|подейств|действ)', '\\bвтор\\S* {G}(?:доз\\S* )?(?:налокс|наркан)', '\\bеще {G}(?:налокс|наркан)',
  ], ['\\bгде {G}(?:взять|купить|достать|получить|брать)']),
  // Just came round after naloxone and wants to leave or use again: naloxone wears off before the
  // opioid does, so this is the most dangerous moment, not the end of it.
  rule('ru.just-revived', 'ru', 'symptom', 2, [
    '\\bтолько что {G}(?:очнул|пришел в себя|пришла в себя|откачали|проснул)',
    '\\b(?:очнул\\S*|пришел в себя|пришла в себя|откачали) {G3}(?:хочет|собирается|рвется|порывается) {G}(?:уйти|уехать|домой|догна|вмаза|ширн|еще)',
  ]),
  rule('ru.pale-blue', 'ru', 'symptom', 1, ['\\b(?<!не )син(?:ий|яя|ия|ея|яа)\\b', '\\b(?<!не )бледн(?:ый|ая)\\b', '\\bсер(?:ый|ая) весь'], ['\\bот (?:холода|мороза)', '\\bзамерз']),
  // Softer versions that also describe normal nodding or plain sleep: need a booster.
  rule('ru.passed-out', 'ru', 'symptom', 1, [
    '\\bотключил(?:ся|ась|ись)', '\\bвырубил(?:ся|ась|ись)', '\\bвырубает', '\\bотключа(?:ется|юсь|ются)', '\\bвыруба(?:юсь|ется)', '\\bоткинул(?:ся|ась)',
    '\\bне отвечает\\b', '\\bне отвечают\\b', '\\bотъехал', '\\bотрубил', '\\bвырубило\\b', '\\bрвет\\b', '\\bупал\\S* и (?:лежит|не)', '\\bлежит и не\\b', '\\bхрап(?:ит|ят)\\b',
  ]),
  // Noisy breathing of a person who is dying ("хрипит", "храпит странно", "булькает") and
  // pinpoint pupils ("зрачки точки", "зрачки как булавка").
  rule('ru.noisy-breathing', 'ru', 'symptom', 2, [
    '\\bхрип(?:ит|ят|ение|ит и)\\b', '\\bхрапит {G}(?:странно|страшно|громко|как то|не так)',
    '\\b(?:странно|страшно|жутко) храп', '\\bбулька', '\\bклокоч',
  ], ['\\bголос\\S* {G}хрип', '\\bхрип\\S* голос', '\\bгорл', '\\bв груди\\b']),
  rule('ru.pinpoint-pupils', 'ru', 'symptom', 2, [
    '\\bзрач\\S* {G}(?:точк|булав|игольн|сужен|узкие|маленьк|с точку|точечн)', '\\bточечн\\S* зрач',
  ]),
  // Seizures — after stimulants (меф, соли, скорость) or GHB, or from opioid hypoxia. Weight 1:
  // "судороги в ногах по ночам" is a cramp; with a drug or a cry for help it fires.
  rule('ru.seizure-now', 'ru', 'symptom', 2, [
    '\\b(?:теперь|сейчас|щас|началис\\S*) {G}(?:судорог|припад|конвульс|колотит|трясет|бьет)',
    '\\bбьется в', '\\bв судорог', '\\b(?:у него|у нее|у друга|у подруги|его|ее|их) {G}(?:судорог|припад|конвульс|приступ(?! паник))', '\\b(?:судорог|припад|конвульс)\\S* {G}(?:у него|у нее|у друга)',
  ]),
  rule('ru.seizure', 'ru', 'symptom', 1, [
    '\\bсудорог', '\\bсудорож', '\\bприпад', '\\bконвульс', '\\bэпилепт', '\\bбьется в',
    '\\bтряс[еу]т {G}(?:всего|всю|его|ее|сильно|жестко|не переставая|как)', '\\bколотит\\b', '\\bтрясучк', '\\bтряс(?:ет|ется|утся)\\b', '\\bтрястись', '\\bдерга(?:ется|ет)\\b', '\\bприступ(?! паник)',
  ], ['\\b(?:ног|икр|пальц)\\S* {G}судорог', '\\bсудорог\\S* {G}(?:ног|икр|по ночам)']),
  // Stimulant toxicity: overheating ("горит весь", "температура 41"), chest pain ("давит в груди"),
  // racing heart ("сердце выпрыгивает/колотится", "пульс 180"). Weight 1 each: two together, or one
  // with a drug named or a cry for help, make an emergency.
  rule('ru.overheating', 'ru', 'symptom', 1, [
    '\\bгорит {G}(?:весь|вся|все тело|тело)', '\\b(?:весь|вся|тело) горит', '\\bперегрел', '\\bперегрев',
    '\\bтемператур\\S* {G}(?:4[0-2]|под 4|за 4)', '\\bжар(?:ит|а)? {G}(?:сильн|весь|пиздец)', '\\bкак печка',
  ]),
  // Heavy sweating is a separate sign from heat, so "мокрый и горячий" adds up to two.
  rule('ru.sweat', 'ru', 'symptom', 1, [
    '\\b(?:весь|вся) (?:мокр|в поту)', '\\bмокр(?:ый|ая) (?:весь|вся|насквозь|и)', '\\bпот (?:градом|ручь|льет)', '\\bобливается потом', '\\bпотеет {G}(?:сильно|жутко|ручьем|как)',
  ]),
  rule('ru.chest', 'ru', 'symptom', 1, [
    '\\b(?:давит|болит|жжет|сжимает|колет|ломит) {G}груд', '\\bгруд\\S* {G}(?:давит|болит|жжет|сжимает|колет)',
    '\\bболит сердце', '\\bсердц\\S* {G}(?:болит|жмет|щемит|останавлив|сбои|сбоит)',
  ]),
  rule('ru.heart-racing', 'ru', 'symptom', 1, [
    '\\bсердц?\\S* {G}(?:колот|стуч|бьет|бешен|херачит|долбит|тарахтит|заходит)', '\\bтахикард', '\\bпульс {G}бешен',
  ]),
  // The extreme versions are said only when it is really bad: "сердце выпрыгивает", "пульс 180".
  rule('ru.heart-extreme', 'ru', 'symptom', 2, [
    '\\bсердц?\\S* {G}(?:выпрыг|выскак|из груди|разрыв|останавлив|сейчас остановится|щас остановится)',
    '\\bпульс {G}(?:1[6-9]\\d|2\\d\\d|зашкал|под 2)', '\\b(?:сердц|сердцебиен)\\S* {G}(?:1[7-9]\\d|2\\d\\d)',
  ]),
  // Stimulant psychosis / agitation ("крыша едет после солей", "буйный, кидается"): needs a booster.
  rule('ru.agitation', 'ru', 'symptom', 1, [
    '\\bпсихоз', '\\bгаллюц', '\\bглюк', '\\bвид(?:ит|ят|ишь|жу) (?:пауков|чертей|жуков|глюки)', '\\bне узна[её]т\\b', '\\bнеадекват', '\\bбуйн', '\\bкидается', '\\bкрыша {G}(?:едет|поехала|уехала)', '\\bбелка\\b', '\\bне может успокоиться',
  ]),
  // Stimulant crisis told by behaviour: trying to get out of a window or off a balcony is an
  // emergency on its own; paranoia ("орёт что его убьют") and frantic behaviour are weak signs that
  // add up with each other or with a drug.
  rule('ru.window', 'ru', 'symptom', 2, [
    '\\b(?:лезет|лез|вылез\\S*|выпрыг\\S*|прыгн\\S*|прыгать|выйти|перелез\\S*) {G}(?:в окно|из окна|с балкона|на балкон|в окна|с крыши|на крышу|на подоконник|через окно|через балкон)',
  ]),
  rule('ru.paranoia', 'ru', 'symptom', 1, [
    '\\b(?:убьют|убить|убивают|пришли за|гонятся|преследуют|за ним пришли|за ней пришли|за мной пришли|за ним следят|за ней следят)',
    '\\bнес[её]т бред', '\\bбредит\\b', '\\bбред\\b',
  ]),
  rule('ru.frantic', 'ru', 'symptom', 1, ['\\b(?:орет|кричит|вопит|бегает|мечется|буянит|бьется головой)\\b']),
  // First-person distress. "мне очень плохо", "кажется умираю", "я умираю" (jokes are blocked below).
  rule('ru.feels-dying', 'ru', 'symptom', 1, [
    '\\b(?:мне|ему|ей|им|нам|другу|подруге|брату|парню|мужу|жене|человеку|девушке|чуваку|челу|сестре) {G}(?:плохо|хреново|херово|худо|пиздец|хуево|очень хуево)\\b',
    '\\bумира(?:ю|ет|ют)\\b', '\\bпомира(?:ю|ет)\\b', '\\bщас (?:умру|сдохну|кончусь)', '\\b(?:кажется|походу|вроде) {G}(?:умер|умерла|умираю|сдох|не живой)',
  ]),
  // "Took too much": перебрал, перекололся, передознуться, "много втрёс", "слишком много", "двойную дозу".
  rule('ru.too-much', 'ru', 'mention', 2, [
    '\\bпербрал', '\\bперебрал', '\\bперекол(?:ол|ся|ась|ись|от)', '\\bпереколол',
    '\\bпере(?:нюхал|жрал|ширял|ширн|торч|мутил|бахал|двинул|борщил|усерд)\\S*',
    '\\bмного {G}(?:втр|втер|вмаз|шир|нюх|снюх|вдул|закин|съел|принял|принял|выпил|въеб|вкол|постав|употреб|бахн|ебн|занюх|курнул|дунул|вдолб|намешал)',
    '\\b(?:втр|вмаз|шир|снюх|закин|принял|вкол|постав|употреб|бахн|ебн|занюх|вдолб|намешал)\\S* {G}(?:много|дофига|дохуя|лишнего|больше чем обычно|двойную)',
    '\\bслишком {G}(?:много|большую|сильн)\\S* {G}(?:доз|втр|вмаз|шир|снюх|закин|принял|вкол|употреб|меф|гер|фен|соли|скорост)',
    '\\b(?:двойн|тройн|большую|лошадин|конск)\\S* доз', '\\bне рассчитал',
  ], ['\\bперебрал\\S* {G}(?:с )?(?:алко|пив|вод[кч]|вин|бух)']),
  // Asking how to revive someone / whether to call — said during an emergency, not before one.
  rule('ru.revive', 'ru', 'action', 2, [
    '\\bоткач(?:ать|ивать|ай|айте|аем|иваем|ивай|ивайте|ивать|аю|иваю)\\b', '\\bреанимир', '\\bискусственн\\S* дыхан',
    '\\b(?:непрямой )?массаж сердца', '\\b(?:вколоть|колоть|уколоть|вкалывать|ввести|вколол|вкололи|брызнуть|пшикнуть) {G}(?:налокс|наркан)',
    '\\b(?:налокс|наркан)\\S* {G}(?:не помог|не действ|колоть|вколол|вкололи|уже|не работа|сколько колоть|куда колоть)',
    '\\b(?:налокс|наркан)\\S* нет\\b', '\\bнет (?:налокс|наркан)', '\\bнуж[еа]н {G}(?:налокс|наркан)', '\\b(?:налокс|наркан)\\S* {G}срочно',
  ]),
  rule('ru.ambulance', 'ru', 'action', 2, [
    '\\b(?:вызыва\\S*|вызвать|вызову|звонить|набрать|набирать) {G}(?:скор|103|112|03|неотлож)',
    '\\bскор\\S* {G}(?:вызыва|вызвать|звонить|набирать|нужна|ехать|едет)', '\\bскорую\\b',
  ]),

  // ── Russian, recall-first additions (dev4/dev5 error categories) ──────────────────────────
  // Self-harm ingestion / "took all of it": the amount itself is the danger, whatever the mood.
  // Containers and "everything I had" are enough alone; a bare "выпил всё" needs a drug named.
  rule('ru.took-all', 'ru', 'symptom', 2, [
    // a count of pills in the tens: «выпила 30 таблеток», «таблеток 20 штук»
    '\\b(?:выпил|выпила|съел|съела|проглотил\\S*|принял|приняла|закинул\\S*|сожрал\\S*|наглотал\\S*) {G}(?:[1-9]\\d|\\d{3,}) {G}(?:таблет|колес|штук|капсул)', '\\bтаблет\\S* {G}(?:[1-9]\\d|\\d{3,}) штук',
    '\\bнаглотал', '\\b(?:горст|пачк|упаковк|блистер|полпачки|пол пачки|пузыр[её]к|флакон)\\S* {G}(?:таблет|колес|лирик|феназ|снотвор|трамад|баклоф|ксанакс|прегаб|амитрип|реланиум|сероквел|метадон|феном)',
    '\\b(?:выпил|выпила|съел|съела|сожрал|сожрала|проглотил|проглотила|принял|приняла|закинул|закинула|закинулся|вмазал|вмазала|вколол|вколола|ширнул|загнал|поставил|поставила|втрес|снюхал|снюхала) {G}(?:пачку|упаковку|горсть|блистер|полпачки|пол пачки|пузырек|флакон|целую|целый|весь пакет|все что|всё что|все свои|весь свой|всю свою|все свое|всю|кучу|сразу (?:три|четыре|пять|\\d+))',
    '\\b(?:выпил|выпила|съел|съела|сожрал|проглотил|проглотила|принял|приняла|закинул|вмазал|вколол|вколола|ширнул) все (?:таблет|колес|что (?:было|осталось|оставалось|есть))',
  ], ['\\b(?:пиво|вино|водку|чай|кофе|воду|сок|пиццу|торт|суп)\\b']),
  // A small child who swallowed, licked or chewed a drug or a patch: a fraction of an adult's dose
  // can stop a child's breathing, whatever the child looks like now.
  rule('ru.child-ingestion', 'ru', 'symptom', 2, [
    '\\b(?:реб[её]н|малыш|годовал|внук|внучк|сын|доч|дет)\\S* {G3}(?:съел|съела|проглотил|проглотила|выпил|выпила|сгрыз|сгрызла|лизнул|лизнула|жевал|жевала|нашел|нашла|наел|взял в рот|облизал)\\S* {G3}(?:метадон|таблет|пластыр|феназ|трамадол|лирик|субутекс|бупрен|кодеин|гер|фент|колес|закладк|меф|соль)',
    '\\b(?:метадон|таблет|пластыр|феназ|трамадол|лирик|субутекс|бупрен|кодеин|фент)\\S* {G3}(?:съел|съела|проглотил|проглотила|выпил|выпила|сгрыз|лизнул|жевал)\\S* {G}(?:реб[её]н|малыш|сын|доч|внук|внучк)',
    '\\bу (?:реб[её]нк|малыш|внук|внучк)\\S* {G3}(?:во рту|нашли) {G3}(?:таблет|метадон|пластыр|феназ|колес)',
  ], ['\\bвитамин', '\\bжвачк']),
  // Suicidal intent said next to a drug: weak alone, with a drug named it fires.
  rule('ru.intent', 'ru', 'symptom', 1, [
    '\\bчтобы? вс[её] (?:закончилось|кончилось)', '\\bпопрощаться', '\\bпрощайте\\b', '\\bпростите (?:меня|все)', '\\bхочу уйти\\b', '\\bне хочу (?:жить|просыпаться)',
    '\\bмне уже вс[её] равно', '\\bспециально\\b', '\\bнавсегда\\b', '\\bбольше не могу\\b', '\\bпусть будет что будет', '\\bчтоб(?:ы)? наверняка',
  ]),
  // Barely conscious: as dangerous as unconscious.
  rule('ru.barely', 'ru', 'symptom', 2, [
    '\\b(?:еле|едва|почти не|слабо|с трудом|еле еле) {G}(?:реагир|в сознан|соображ|открывает глаза|отвечает|приходит в себя|шевел|двигает)',
    '\\bпочти (?:без сознан|не в сознан|в отключке)', '\\bреагир\\S* только на {G}(?:боль|щипок|щипк|крик|пощечин)', '\\bполу ?(?:открыт|закрыт)\\S* глаз', '\\bглаза полу',
    '\\bв полусознан', '\\bне в себе и (?:не|валит)', '\\bвалится на бок',
  ]),
  // Abnormal breathing described without "не дышит": shallow, with pauses, uneven, slow snoring.
  rule('ru.breathing-odd', 'ru', 'symptom', 2, [
    '\\bдыхани\\S* {G}(?:поверхност|странн|неровн|с паузами|прерывист|слаб|редк|медлен|хрипл|шумн|замедля)',
    '\\bд[ыи]ш\\S* {G}(?:неровно|с паузами|с храпом|прерывисто|поверхностно|со свистом|с присвистом|шумно|как то не так)',
    '\\b(?:между|от) вдох', '\\bсопит {G}(?:медленно|редко|странно|с присвистом|и не)', '\\bвсхлип\\S* {G}раз в',
    '\\bдыш\\S* {G}(?:лень|не хочется)', '\\bдыхани\\S* {G}(?:останавлива|пропада)',
  ]),
  // Whole body grey / white: "весь серый", "вся белая".
  rule('ru.grey', 'ru', 'symptom', 2, ['\\b(?:весь|вся|совсем) (?:серый|серая|синий|синяя|белый|белая|бледный|бледная|синеватый|синеватая)', '\\bсиневат'], ['\\bот (?:холода|мороза)', '\\bзамерз']),
  // Collapse: fell and does not get up.
  rule('ru.collapse', 'ru', 'symptom', 2, ['\\b(?:упал|упала|рухнул|рухнула|свалил\\S*|грохнул\\S*) {G}(?:и не|без сознан|и лежит|и не встает)']),
  // Vision loss and the worst headache: stroke / hypertensive crisis after stimulants.
  rule('ru.vision-strong', 'ru', 'symptom', 2, [
    '\\bослеп', '\\bперестал\\S* видеть', '\\bне вид(?:ит|ит|ишь|ю|жу) (?:одним|левым|правым|ничего)', '\\bв глазах (?:темнеет|потемнело|черн)', '\\bвс[её] двоится', '\\bдвоится в глазах',
    '\\bлицо (?:перекосило|немеет|онемело)', '\\bрука {G}(?:немеет|онемела|отнялась|не слушается|не двигается)', '\\bотнял(?:ась|ись|ся)\\b',
  ]),
  rule('ru.vision', 'ru', 'symptom', 1, ['\\bне {G}вид(?:ит|ишь|жу|ят)\\b', '\\bплохо вижу\\b', '\\bголова (?:раскалыва|взрыва)', '\\b(?:адск|дикая|дикой|жуткая|жуткой|невыносим)\\S* {G}(?:головн|голова)'], ['\\bне вижу смысл', '\\bне вижу (?:его|ее|их|тебя|вас)\\b']),
  // Shaking / seizing that will not stop: a danger state on its own.
  rule('ru.shaking-strong', 'ru', 'symptom', 2, [
    '\\b(?:трясет|трясется|колотит|дергает|дергается|судорог\\S*|дрожь|дрожит) {G}(?:без остановки|не переставая|не прекращ|не останавлива|все сильнее)',
    '\\bне {G}(?:могу|может|можем|получается) {G}(?:остановить|унять|успокоить) {G}(?:дрож|тряск|судорог)', '\\bне прекращаются судорог',
  ]),
  // Stimulant chest crisis: pain with a burning / crushing quality, clutching the chest.
  rule('ru.chest-strong', 'ru', 'symptom', 2, [
    '\\b(?:жжет|давит|сжимает) за грудин', '\\bдержится за (?:грудь|сердце)', '\\bсхватил\\S* за (?:грудь|сердце)', '\\bзамолчал\\S* и {G}(?:побледн|посинел|упал)',
  ]),
  // Whole-body heat: "весь горячий", "температура 40" (an abscess that is hot is wound care).
  rule('ru.hot-body', 'ru', 'symptom', 2, [
    '\\b(?:весь|вся|тело|всё тело|он|она) {G}горяч', '\\bгоряч\\S* {G}(?:весь|вся|как печка)', '\\bтемператур\\S* {G}(?:4[0-2]|под 4)', '\\bпод 4[0-2]\\b', '\\b(?:не потеет|перестал\\S* потеть)', '\\b(?:4[0-2]) {G}градус', '\\bгорит весь', '\\bвесь горит',
  ], ['\\b(?:место|рук|ног|укол|абсцесс|нарыв|ран|шишк|опух)\\S* {G}горяч']),
  // Any bodily complaint: weak alone; with a drug or use named it is enough (recall first).
  rule('ru.complaint', 'ru', 'symptom', 1, [
    '\\bтошнит\\b', '\\bрв[её]т\\b', '\\bрвота', '\\bблюет', '\\bблевал', '\\bкружится', '\\bголова кружит', '\\bвс[её] плыв[её]т', '\\bплывет\\b', '\\bкачает\\b', '\\bшатает\\b',
    '\\bнемеет', '\\bнемеют', '\\b(?:ног|рук|тел|лиц)\\S* {G}не чувству', '\\bне говорит нормально', '\\bпадает\\b', '\\bонемел', '\\bне чувству\\S* {G}(?:ног|рук|тел|лиц|язык)', '\\bног\\S* {G}(?:ватные|не держат|отказывают|не слушаются)', '\\bватн(?:ые|ый|ая)\\b',
    '\\bязык {G}(?:заплетается|не слушается)', '\\bзаплетается', '\\bневнятн', '\\bбормочет', '\\bтяжело говорить', '\\bне может говорить',
    '\\bв замедленн', '\\bвс[её] {G}медленн', '\\bеле сто(?:ю|ит)', '\\bне могу стоять', '\\bклонит в сон', '\\bсонн(?:ый|ая)\\b', '\\bхочу спать\\b', '\\bплохо соображ', '\\bне соображ',
    '\\bсердце {G}(?:скачет|прыгает|сбивается|замирает)', '\\bзнобит', '\\bпобледнел', '\\bпотн(?:ый|ая)\\b', '\\bв поту\\b', '\\bхолодный пот',
    '\\bхреново\\b', '\\bхерово\\b', '\\bхуево\\b', '\\b(?:сейчас|щас|очень|совсем|что ?то|как ?то) (?:очень )?плохо\\b(?! (?:сплю|сплю|ем|помню|пахнет|учусь))', '\\bплохо мне\\b',
    '\\bдрожь', '\\bтрясусь\\b', '\\bжарко\\b',
  ]),
  // A person found slumped / on the floor: weak alone, with syringes or a drug named it fires.
  rule('ru.found', 'ru', 'symptom', 1, [
    '\\bсидит {G}(?:сгорбив|скрючив|голова|не шевел)', '\\bголова (?:набок|на бок|свесилась|свисает|висит|упала)', '\\bна полу\\b', '\\bглаза закрыты', '\\bне выходит\\b', '\\bне открывает\\b',
  ]),
  // Trying to wake someone with cold water, ice, slaps, ammonia: said only when they will not wake.
  rule('ru.wake-method', 'ru', 'symptom', 1, [
    '\\b(?:холодн|ледян)\\S* {G}(?:вод|душ|ванн)', '\\bв ванн', '\\bльд(?:ом|а)\\b', '\\bнашатыр', '\\bтру (?:ему|ей) уши', '\\bпо щекам', '\\bлью (?:на него |на нее )?воду',
  ]),
  // Naloxone in progress: given, waiting, woke up after it, wants to leave or use — all still
  // dangerous (naloxone wears off before the opioid). Resolved-now / in-hospital still block it.
  rule('ru.naloxone-in-progress', 'ru', 'symptom', 2, [
    '\\b(?:дал|дала|дали|вколол|вколола|вкололи|ввел|ввела|ввели|брызнул\\S*|брызгнул\\S*|пшикнул\\S*|сделал\\S*|уколол\\S*|кольнул\\S*|поставил\\S*|закапал\\S*) {G}(?:налокс|наркан)',
    '\\b(?:налокс|наркан)\\S* {G}(?:вколол|вкололи|вколола|дал|дала|дали|ввел|ввели|брызнул|брызгнул|пшикнул|сделал|уколол|кольнул|поставил|закапал)',
    '\\bпосле (?:налокс|наркан)\\S* {G3}(?:очнул|проснул|пришел|пришла|открыл|хочет|опять|снова|говорит|тошнит|рвет|ломает|злой)',
    '\\b(?:налокс|наркан)\\S*.*(?:ничего не (?:меня|происход)|без изменени|никак не|вс[её] такой же|не помога|не действу)',
    '\\b(?:налокс|наркан)\\S*.*\\b(?:хочет|пойдет|собирается|рвется|говорит что пойдет) {G}(?:уйти|домой|догна|вмаза|ширн|еще|уколо|употреб)',
  ], ['\\bгде {G}(?:взять|купить|достать|получить|брать)', '\\bпочему\\b', '\\bбесплатн', '\\bвыда(?:ете|ют|ет)', '\\b(?:человек|люди|кто ?то) (?:может|могут)\\b', '\\bможет ли\\b']),

  // ── English ────────────────────────────────────────────────────────────────────────────────
  // "OD", "od'ing", "ODd", "overdosing", "overdosed", "over dose", misspellings "overdoes", "overdoze".
  rule('en.overdose-word', 'en', 'mention', 2, [
    // (not "odin": in translit that is «один», "ja odin doma")
    '\\bod(?:ed|ing|s)?\\b', '\\boded\\b', '\\bover ?do[sz]', '\\bovrdos', '\\boverdoes(?:ing|ed)\\b', '\\boverdoes\\b',
  ], [...NEGATED_OVERDOSE_EN, ...FIGURATIVE_OVERDOSE]),
  // "not breathing", "barely breathing", "isnt breathing", "stopped breathing", "breathing is slow",
  // "cant breathe", "no pulse".
  rule('en.not-breathing', 'en', 'symptom', 2, [
    '\\b(?:not|isnt|aint|wasnt|stopped|barely|hardly|slow|shallow|weird|strange|funny|trouble|struggling|struggles|no longer|cant|cannot|can not|cnt|cant really) {G}breath',
    // (that someone can, might or will stop breathing is a possibility asked about, not a report)
    '\\b(?<!(?:can|could|might|may|will|would|does|do|to) (?:\\S+ )?)stop {G}breath',
    '\\bbreath\\S* {G}(?:is |are |so |really |very )?(?:slow|shallow|weird|stopped|funny|strange|faint|barely|irregular|raspy)',
    '\\bno (?:pulse|breath)', '\\bdoesnt (?:seem to )?breathe', '\\bnot breathin',
    // breaths counted: "once every 10 seconds", "breaths really far apart"
    '\\bbreath\\S* {G}(?:\\d|once|twice|two|three|four|five|six) (?:times )?(?:a|per) minute', '\\bonce (?:every|a|per) (?:\\d+ ?|(?:few|couple of|five|ten|fifteen|twenty|thirty) )?(?:sec|secs|second|seconds|minute|min)\\b', '\\bbreaths? {G}(?:really |very |so )?far apart',
  ], ['\\bthrough (?:my|his|her|the) nose', '\\bnose\\S* {G}(?:cant|not|blocked)']),
  rule('en.blue', 'en', 'symptom', 2, [
    '\\b(?<!not |no )(?:blue|purple|grey|gray|bluish|ashen) {GN}(?:lips|face|fingertips|fingernails|nails|skin)',
    '\\b(?:lips|face|fingertips|nails|skin)\\S* {GN}(?:are |is |r |look |looks |going |turning |turned |getting |gone )?(?:blue|purple|gray|grey|bluish|dusky)',
    '\\b(?<!(?:not|isnt|arent|wasnt|never|didnt|dont|doesnt|hasnt|havent) )(?:turn|turning|turned|turns|going|gone|went|getting) (?:kinda |all |really |a bit )?(?:blue|purple|grey|gray)\\b',
    '\\b(?:hes|shes|he is|she is|is|looks|look) {GN}(?:blue|purple|gray|grey|ashen)\\b',
  ], [
    '\\b(?:arm|hand|leg|foot|finger|toe|vein|wrist)s? {G}(?:turning|turned|going|gone|getting|is|are) (?:blue|purple)', '\\bfrom the cold\\b', '\\bfreezing\\b',
    '\\bblue (?:from|because of) (?:the |a |that |some |eating |drinking )?(?:popsicle|slushie|blueberr|berries|ice cream|candy|dye|ink|marker|paint|pool|swim|water)',
    // the mood: "feeling blue", "she's been so blue since the breakup"
    '\\b(?:feel|feels|feeling|felt|been|bit|little) (?:so |kinda |really |a bit )?blue\\b', '\\bblue (?:since|about|lately|all day|these days|today|mood)\\b',
  ]),
  rule('en.unresponsive', 'en', 'symptom', 2, [
    '\\bunresponsive', '\\bunconscious', '\\b(?:hasnt|havent|has not|have not|hadnt|never) {G}(?:woken|woke|waken|come to|come round|come around|regained)', '\\bunrousable', '\\bno response\\b',
    '\\bhard to (?:wake|rouse)', '\\b(?:wont|cant|couldnt|not|isnt|aint|doesnt|didnt|wouldnt|cannot|can not|unable to) {G3}(?:wake|waking|wakin|woke|respond|responding|come to|coming to|come round|react|reacting|rouse)',
    '\\b(?:cant|cannot|couldnt|can not) {G}(?:bring|get) (?:him|her|them) (?:back|round|around|to)\\b', '\\b(?:cant|cannot|couldnt) get (?:him|her|them) to (?:wake|open|respond|talk|answer|react)',
    '\\b(?:cant|cannot|couldnt) keep (?:him|her|them) awake', '\\b(?:wont|cant|doesnt) stay awake',
    '\\bfoam\\S* (?:at|from) (?:the|his|her)? ?mouth', '\\beyes (?:are )?roll(?:ed|ing)', '\\bgone limp\\b', '\\blimp\\b',
    '\\b(?:dont know|not sure|idk|cant tell|unsure) {G}(?:if|whether) {G}breath',
    '\\b(?:not|isnt|aint|stopped|wont stop|no longer) moving\\b', '\\bno signs of life', '\\b(?:cant|cannot|no) (?:find|feel) (?:a |his |her )?pulse', '\\bchoking on (?:vomit|puke|his|her)', '\\bthrowing up and (?:passed|not|wont)', '\\b(?:looks|is|hes|shes) dead\\b', '\\bnot waking\\b', '\\bout cold\\b',
  ]),
  rule('en.passed-out', 'en', 'symptom', 1, [
    '\\b(?:wont|not|isnt|doesnt) answer', '\\bnodd\\S* {G}(?:hard|bad|heavy|so deep|deep)', '\\b(?:hes|shes|is|looks|feels) {G}pale\\b', '\\bslumped\\b', '\\bslid (?:off|down)',
    '\\b(?:he|she|they|and|just) fell\\b(?! asleep| in love| for| behind)',
    '\\b(?:lying|laying) (?:on|there|in)\\b',
    '\\bpass(?:ed|ing)? out\\b', '\\bno answer\\b', '\\bhasnt come out\\b', '\\b(?:and|then|just) (?:dropped|collapsed|fell|went down)\\b(?! asleep)', '\\bcollapsed\\b', '\\bnodd(?:ed|ing) (?:out|off) hard', '\\bknocked out\\b', '\\bblacked out\\b', '\\bfell (?:out|over)\\b', '\\bsnoring\\b',
  ], ['\\bveins? {G}collapsed', '\\bcollapsed veins?']),
  // Sedative mixes and indirect signs: each weak alone, together or with a drug/alcohol named they fire.
  rule('en.cant-get-up', 'en', 'symptom', 1, [
    '\\b(?:wont|cant|not|isnt|cannot|couldnt) {G}get(?:ting)? (?:him |her |them )?up\\b', '\\bwont get up',
  ]),
  rule('en.drowsy', 'en', 'symptom', 1, [
    '\\beyes (?:are )?(?:keep )?closing', '\\bfalling asleep', '\\bkeeps? (?:nodding|going under|falling asleep|passing out|dozing)',
    '\\bcant keep (?:my|his|her|their) eyes open', '\\b(?:going|slipping|drifting) (?:back )?under\\b', '\\bnodding (?:off|out)\\b', '\\bdrowsy\\b', '\\bmumbl', '\\bslurring',
  ]),
  rule('en.breathing-hard', 'en', 'symptom', 1, ['\\bbreathing (?:feels |is |getting )?(?:hard|difficult)', '\\b(?:hard|difficult|struggling) to breathe', '\\bhard time breathing', '\\bdifficulty breathing', '\\bshort of breath']),
  rule('en.cold', 'en', 'symptom', 1, ['\\bcold to the touch', '\\b(?:hes|shes|is|looks|feels|so|ice|and) {G}(?:cold|clammy)\\b(?! turkey)', '\\bclammy\\b']),
  // "he's overdosing", "my friend is oding right now": a present overdose stated about a person.
  rule('en.overdose-now', 'en', 'symptom', 2, [
    '\\b(?:is|hes|shes|im|are|theyre|were|keeps|currently) {G}(?:oding|overdosing|odeing|odin)\\b', '\\b(?:oding|overdosing) (?:right )?now\\b',
  ], [...NEGATED_OVERDOSE_EN, ...FIGURATIVE_OVERDOSE, '\\b(?:about|of) (?:oding|overdosing)\\b']),
  rule('en.naloxone-failed', 'en', 'symptom', 2, [
    '\\b(?:narcan|naloxone|first (?:one|dose|shot|spray)|1st (?:one|dose|spray)) {G}(?:didnt|did not|hasnt|has not|isnt|is not|aint|not) (?:work|working|help|helping|do anything|doing anything|bring)',
    '\\b(?:second|another|2nd) (?:dose of |spray of |shot of )?(?:narcan|naloxone)',
  ]),
  rule('en.just-revived', 'en', 'symptom', 2, [
    '\\bjust (?:now |barely |finally )?(?:came (?:round|around|to)|woke up|came back|revived)',
    '\\b(?:narcan|naloxone)\\b.*\\b(?:wants|trying|going|wanna|insists) (?:to )?(?:leave|go home|walk|use|get high)',
  ]),
  // Stimulant crisis told by behaviour and body heat.
  rule('en.window', 'en', 'symptom', 2, [
    '\\b(?:climb|climbing|jump|jumping|crawl|crawling|get|getting|go|going) (?:out (?:of )?(?:the |a )?window|off (?:the |a )?(?:balcony|roof|bridge)|out the window)',
  ]),
  rule('en.paranoia', 'en', 'symptom', 1, [
    '\\b(?:gonna|going to|want to|wants to|trying to|will|coming to) kill (?:him|her|me|them|us)', '\\b(?:coming for|are after|is after) (?:him|her|me|them|us)\\b', '\\bsomeone is (?:after|following|chasing)',
  ]),
  rule('en.frantic', 'en', 'symptom', 1, ['\\b(?:screaming|yelling|shouting|running around|thrashing|raving)\\b']),
  rule('en.hot', 'en', 'symptom', 1, [
    '\\bburning (?:hot|up)\\b', '\\b(?:skin|body) (?:is )?on fire', '\\bburning to the touch', '\\b(?:10[3-9]|4[0-2]) ?(?:degrees?|c|f)? ?(?:fever|temp)', '\\bfever of (?:10[3-9]|4[0-2])',
  ]),
  rule('en.sweat', 'en', 'symptom', 1, ['\\bsoaking wet', '\\bdrenched\\b', '\\bsweating (?:buckets|like crazy|a lot|so much|profusely|loads)', '\\bpouring (?:with )?sweat', '\\bcovered in sweat']),
  rule('en.heart-extreme', 'en', 'symptom', 2, ['\\b(?:heart ?rate|heart|pulse|hr|bpm)\\S* {G}(?:of |at |is )?(?:1[7-9]\\d|2\\d\\d)\\b']),
  rule('en.noisy-breathing', 'en', 'symptom', 2, [
    '\\bsnor\\S* {G}(?:weird|strange|funny|scary|wrong|like hes choking)', '\\b(?:weird|strange|funny|scary) snor',
    '\\bgurgl', '\\bdeath rattle', '\\brattl(?:ing|e) (?:sound|noise|breath)', '\\bchoking\\b',
  ]),
  rule('en.pinpoint-pupils', 'en', 'symptom', 2, [
    '\\bpinpoint', '\\bpinned pupils', '\\bpupils {G}(?:tiny|pinned|pin|pinpoint|like dots|so small)',
  ]),
  rule('en.seizure-now', 'en', 'symptom', 2, [
    '\\b(?:is|hes|shes|are|theyre|started|keeps|having an?|had an?) {G}seiz', '\\bseizing\\b', '\\bconvulsing\\b', '\\bin a seizure\\b',
  ]),
  rule('en.seizure', 'en', 'symptom', 1, [
    '\\bseiz(?:ure|ing|ed)', '\\bconvuls', '\\bfitting\\b', '\\bshaking (?:uncontrollab|all over|violently|really bad)',
    '\\b(?:cant|wont|cannot) stop shaking', '\\b(?:is|hes|shes|keeps|started|and|now) (?:shaking|jerking|twitching)', '\\bjerking\\b', '\\bhaving a fit\\b',
  ]),
  rule('en.stimulant', 'en', 'symptom', 1, [
    '\\bchest {G}(?:pain|hurts|hurting|tight|pressure|is killing|feels)', '\\bpain in (?:my|his|her) chest',
    '\\bheart (?:[^ ]+ ){0,3}(?:racing|pounding|beating (?:so |really )?fast|exploding|going crazy|skipping|beating out|thumping|jumping out|about to explode)',
    '\\bheart attack', '\\boverheat', '\\bburning up', '\\b(?:temp|temperature|fever) {G}(?:10[3-9]|4[0-2])',
    '\\bpulse {G}(?:1[5-9]\\d|2\\d\\d)',
  ]),
  // US slang for stimulant overdose.
  rule('en.overamped', 'en', 'mention', 2, ['\\bover ?amp(?:ed|ing)?\\b', '\\btweaking (?:so |really )?(?:hard|bad)']),
  rule('en.agitation', 'en', 'symptom', 1, ['\\bseeing (?:bugs|spiders|things)', '\\b(?:doesnt|dont|cant) (?:recogni[sz]e|know who)', '\\bpsychos', '\\bparanoid', '\\bhallucinat', '\\bfreaking out\\b', '\\bcant calm down']),
  rule('en.feels-dying', 'en', 'symptom', 1, [
    '\\b(?:i|im|i am|he|hes|she|shes|someone is|somebody is|someones|guy is|friend is) {G}dying\\b', '\\bgonna die\\b', '\\bgoing to die\\b', '\\bfeel like (?:im|i am) dying',
    '\\bsomething is (?:really )?wrong\\b', '\\bnot ok\\b',
  ]),
  rule('en.too-much', 'en', 'mention', 2, [
    '\\btoo much {G}(?:fent|fentanyl|fetty|dope|heroin|h|coke|meth|g|ghb|xanax|bars|pills|oxy|k|ket|molly|mdma|tina|speed|opi|down|percs|benzos)',
    '\\b(?:took|did|used|snorted|smoked|shot|injected|had|taken|done|railed) {G}(?:too much|way too much|too many|double)',
    '\\bdouble dos', '\\btoo (?:big|strong) (?:a )?(?:dose|hit|shot|line|bump)', '\\bbad batch', '\\b(?:laced|cut) with fent',
  ]),
  rule('en.action', 'en', 'action', 2, [
    '\\bnarcan {G}(?:isnt|not|didnt|doesnt|wont|aint)', '\\bnaloxone {G}(?:isnt|not|didnt|doesnt|wont)',
    '\\b(?:give|gave|giving|use|used|spray|sprayed|inject|another|second|more) {G}(?:narcan|naloxone)',
    '\\bnarcan (?:him|her|them|he|she)\\b', '\\bshould (?:i|we) (?:give |use |spray )?(?:\\S+ )?narcan (?:him|her|them|now|again)', '\\bshould (?:i|we) narcan', '\\bcpr\\b', '\\brescue breath', '\\bchest compressions',
    '\\b(?:call|calling|ring) {G}(?:911|112|999|an ambulance|ambulance|ems|paramedics)', '\\bshould (?:i|we) call\\b',
    '\\bneed an ambulance',
  ]),
  // ── English, recall-first additions (dev4/dev5 error categories) ──────────────────────────
  rule('en.took-all', 'en', 'symptom', 2, [
    // a count of pills in the tens: "took 20 benadryl", "took 30 of his mom's xanax"
    '\\b(?:took|swallowed|ate|popped|downed|taken) (?:like |about |maybe |around |almost |over )?(?:[1-9]\\d|\\d{3,})\\b(?! ?(?:min|mins|minutes|hours?|hrs?|h|seconds?|secs?|mg|mgs|ml|g|grams?|kg|mcg|dollars|bucks|years?|yrs|days?|weeks?|am|pm|percent)\\b)',
    '\\b(?:took|swallowed|downed|ate|popped|shot|injected|snorted|did|used|had|taken|drank) {G}(?:all|the whole|a whole|whole|a handful of|handful of|a bunch of|an entire|the entire|every|a pack of|the pack of|the whole pack of|a bottle of|the bottle of|a sheet of|a box of|a strip of) {G3}(?:pills?|tabs?|tablets?|meds?|medication|prescription|bottle|pack|benzos|bars|xanax|xans|oxys?|percs?|seroquel|gabapentin|pregabalin|lyrica|klonopin|valium|ambien|methadone|tramadol|sleeping|opioids?|painkillers?|fent|dope|heroin|stash|supply|insulin)',
    '\\b(?:took|swallowed|downed|popped|shot|injected|snorted|used|did) (?:all|everything) (?:i|that) (?:had|was|could)', '\\b(?:shot|injected|snorted|used|did|took|swallowed|ate|drank|downed) everything\\b',
    '\\b(?:swallowed|downed) (?:a |the )?(?:whole |entire )?(?:bottle|pack|box|handful)', '\\ba handful of (?:pills|my|her|his|benzos|bars|xanax|pregabalin|lyrica|oxys?|tabs)', '\\bevery pill\\b',
  ]),
  rule('en.child-ingestion', 'en', 'symptom', 2, [
    '\\b(?:child|kid|toddler|baby|son|daughter|grandson|granddaughter|\\d+ (?:year|yr) old|(?:one|two|three|four|five) year old)s? {G3}(?:swallowed|ate|drank|chewed|licked|sucked on|put|got into|found)\\b {G3}(?:[^ ]+ ){0,3}(?:methadone|fent\\S*|patch\\S*|suboxone|subs|strips?|pills?|tablets?|bupe|oxy\\S*|heroin|dope|percs?|xanax|bars|benzos|edibles?|gummies)',
  ], ['\\bvitamin', '\\bcounted\\b', '\\ball there\\b']),
  rule('en.intent', 'en', 'symptom', 1, [
    '\\bon purpose\\b', '\\bwant (?:it|this|everything) to (?:be over|end|stop)', '\\bdont (?:care|want to live|want to wake up) ?(?:anymore)?\\b', '\\bsay(?:ing)? goodbye\\b', '\\bkill myself\\b', '\\bend it\\b', '\\bsorry for everything\\b', '\\bjust want someone to know\\b',
  ]),
  rule('en.barely', 'en', 'symptom', 2, [
    '\\b(?:barely|hardly|semi|half|only partly|not fully) {G}(?:conscious|responsive|responding|reacts|reacting|responds|awake|moving|there|alive|rousable)',
    '\\bsemi ?conscious', '\\bonly (?:responds|reacts|wakes|opens (?:his|her) eyes) (?:when|to|if)', '\\bnot (?:really |fully )?responsive', '\\bin and out of consciousness',
  ]),
  rule('en.breathing-odd', 'en', 'symptom', 2, [
    '\\bpauses? (?:between|in) {G}breath', '\\bbreath\\S* {G}(?:really |so |very |kinda |super )?(?:shallow|slow|irregular|uneven|noisy|rattly|weak)',
    '\\b(?:snoring|gurgling|rattling) (?:sounds?|noises?)', '\\bsnor\\S* {G}(?:loud|loudly|heavily)\\b.*\\b(?:pills|dope|fent|heroin|benzos|after)',
    '\\b(?:slow|shallow|weird|gasping|agonal) breaths\\b', '\\bgasping\\b',
  ]),
  rule('en.collapse', 'en', 'symptom', 2, [
    '\\bcollapsed {G}(?:and|on|in|at)\\b', '\\b(?:fell|dropped|went down|keeled over) (?:down )?(?:and|then) (?:isnt|wont|not|doesnt|hasnt|is not|stopped)', '\\bkeeled over\\b',
  ], ['\\bveins? {G}collapsed', '\\bcollapsed veins?']),
  rule('en.vision-strong', 'en', 'symptom', 2, [
    '\\b(?:lost|losing) (?:my |his |her |their )?(?:vision|sight)', '\\bwent blind\\b', '\\bgoing blind\\b', '\\b(?:cant|cannot|cant really) see (?:properly|anything|out of|straight|clearly)', '\\bseeing double\\b', '\\bdouble vision\\b',
    '\\bworst headache', '\\bface (?:is )?(?:drooping|numb)', '\\barm (?:went |is |feels )?(?:numb|dead|limp)',
  ]),
  rule('en.shaking-strong', 'en', 'symptom', 2, [
    '\\b(?:cant|wont|cannot|doesnt|isnt) stop (?:shaking|seizing|jerking|twitching|convulsing|trembling)', '\\bkeeps? (?:seizing|convulsing|jerking|fitting)', '\\b(?:shaking|seizing|jerking|twitching) {G}(?:for|nonstop|non stop|wont stop|like this)\\b',
  ]),
  rule('en.chest-strong', 'en', 'symptom', 2, [
    '\\bcrushing (?:\\S+ )?(?:pain|pressure)', '\\b(?:grabbed|clutching|clutched|holding|gripping) (?:his|her|my|their) chest', '\\bchest (?:is )?(?:burning|on fire|crushing)', '\\bwent quiet\\b',
  ]),
  rule('en.hot-body', 'en', 'symptom', 2, [
    '\\bburning up\\b', '\\bburning hot\\b', '\\b(?:hes|shes|is|feels|body is|skin is|im|shes so|hes so) {G}(?:so |really |super |very )?(?:hot|boiling) (?:to the touch|all over)',
    '\\b(?:temp|temperature|fever) {G}(?:of |is |at )?(?:4[0-2]|10[3-9])\\b', '\\b(?:4[0-2]|10[3-9]) ?(?:degrees?|c|f)? (?:fever|temp|temperature)', '\\bstopped sweating\\b',
  ], ['\\b(?:injection site|site|arm|leg|abscess|wound|spot|bump|lump|hand)\\S* {G}(?:hot|burning)']),
  rule('en.complaint', 'en', 'symptom', 1, [
    '\\bdizzy\\b', '\\bnumb\\b', '\\bnumbness\\b', '\\btingl', '\\bfaint\\b', '\\bfeel(?:ing)? (?:really |so |very )?(?:sick|weird|wrong|off|strange|funny|awful|terrible|bad|faint|weak)\\b',
    '\\bslur', '\\bcant (?:stand|walk|talk|speak|feel|move|focus|keep (?:my|his|her) head up)', '\\beverything (?:feels |is |seems )?(?:slow|spinning|blurry)', '\\bspinning\\b', '\\bblurry\\b',
    '\\bso sleepy\\b', '\\bcant stay awake', '\\bfloppy\\b', '\\bconfused\\b', '\\bnot making sense\\b', '\\bnot really there\\b', '\\beyes half (?:shut|closed|open)',
    '\\bthrowing up\\b', '\\bpuking\\b', '\\bvomit', '\\bnauseous\\b', '\\bpale\\b', '\\bsweaty\\b', '\\bsweating\\b', '\\bshaking\\b', '\\bshivering\\b', '\\btrembling\\b', '\\bheart (?:is )?(?:skipping|fluttering|weird)',
    '\\b(?:splitting|severe|crushing|exploding|insane|blinding|pounding) (?:\\S+ )?headache', '\\bhead (?:is )?(?:exploding|splitting|pounding)', '\\bcant see\\b', '\\bshak(?:e|es|y)\\b', '\\bcant feel anything', '\\bscared\\b.*\\b(?:heart|breath|chest)',
  ]),
  rule('en.found', 'en', 'symptom', 1, [
    '\\bon the (?:bathroom |kitchen |bedroom )?floor\\b', '\\b(?:needle|syringe|rig)s? (?:in (?:his|her) arm|next to|beside|around|in (?:his|her) lap)', '\\bslumped (?:over )?(?:in|on|against)', '\\bhead (?:hanging|slumped|to the side)', '\\bin the (?:bathroom|toilet|stall) and (?:wont|not|isnt)',
  ]),
  rule('en.wake-method', 'en', 'symptom', 1, [
    '\\b(?:cold|ice|icy) (?:water|shower|bath)', '\\bice bath\\b', '\\bslap (?:him|her) awake', '\\bsmelling salts', '\\bto wake (?:him|her|them) up\\b',
  ]),
  rule('en.naloxone-in-progress', 'en', 'symptom', 2, [
    '\\b(?:gave|given|sprayed|used|injected|administered) {G}(?:narcan|naloxone|nasal spray|the spray|a spray)', '\\b(?:narcan|naloxone) {G}(?:minutes? ago|mins? ago|\\d+ min)',
    // after naloxone — not in a question about naloxone in general ("how long to stay with someone after narcan")
    '^(?!.*\\b(?:how (?:long|soon|much|many)|wears? off|can (?:someone|somebody|a person|people|you|one|an? (?:od|overdose))|is it|do you|does it)\\b).*\\b(?:after|since) (?:the |a |his |her )?(?:narcan|naloxone|nasal spray|spray)\\b', '\\b(?:narcan|naloxone|spray) brought (?:him|her|them) back',
    '\\b(?:narcan|naloxone|nasal spray)\\b.*\\b(?:nothing (?:is )?(?:happening|happened|changed)|no change|still (?:out|not|blue|wont|isnt)|isnt doing|not doing)',
    '\\b(?:gave|given) it {G}(?:minutes? ago|mins? ago)\\b.*\\bnothing', '\\b(?:wants|trying|going|wanna|insists|says he|says she) (?:to )?(?:leave|go home|walk home|go score|score|use again|get high|shoot up|go out)',
  ], ['\\b(?:do|can|will|does) you (?:give|hand)', '\\bfree\\b', '\\bthank', '\\bwhy\\b', '\\bwhere\\b']),

  rule('en.ambulance-mention', 'en', 'action', 1, ['\\bambulance\\b', '\\bparamedics\\b']),
];

/** Boosters: a drug named or use described makes weak signs count ("сердце колотится после мефа"). */
const DRUG_CONTEXT = combine([
  // Russian street names: opioids, methadone, stimulants ("меф", "соли", "скорость", "альфа", "кокс",
  // "фен"), GHB, benzos, pregabalin, and verbs of use ("вмазался", "втрёс", "закинулся", "укололся").
  '\\b(?:бенз|гер|герыч|героин|хмур|метадон|меф|мефедрон|соли|соль|солей|солью|скорост|альф|кокс|кокаин|коку|амф|фен|фена|фент|фентанил|лирик|метадон|прегаб|трамадол|трамал|опиат|опиоид|субутекс|бупрен|баклофен|гхб|бутират|спайс|микс|ксанакс|феназепам|мдма|экстази|марк|грибы|кет|кетамин|морф|кодеин|терпинкод|нафтизин|крокодил|винт)\\S*', '\\bмет\\b', '\\bметамфетамин',
  '\\b(?:вкол|кольнул|вмаз|втр[еи]с|ширн|шир(?:я|и)|закину|закинул|укол(?:ол|ся|ась)|снюх|нюхн|занюх|употреб|раскумар|поставил|поставился|вштыр|дунул|курнул|бахнул|ебнул|нанюх|вкинул|бамкнул|торкнул|принял|приняла|сожрал|выпил)\\S*',
  '\\bпосле (?:дозы|укола|употреб|приема|вмазки|вписки|тусы|клуба)', '\\bпод (?:чем ?то|кайфом|веществами)', '\\b(?:обдолбан|упорот|накуренн)\\S*',
  // paraphernalia, stashes, binges, "ate something at a party"
  '\\b(?:закладк|шприц|баян|иглы|игла|партии|партию|дозы|дозу|доза|марафон|запо[йе]|пь[её]т\\b|пил\\b|пила\\b)\\S*', '\\bчто ?то (?:съел|съела|выпил|выпила|принял|приняла|нюхнул|курнул|сожрал)',
  // alcohol and sleeping pills: in a mix with sedatives they are what stops the breathing
  '\\b(?:алкогол|алкаш|водк|коньяк|снотворн|таблет|колес|парти[яиюей]|сол(?:ях|ями)\\b|проглотил|бух(?:ал|нул|ой|ать|ает|ло))\\S*', '\\bпив(?:ом|о|а)\\b', '\\bвин(?:ом|о)\\b', '\\bнапил(?:ся|ась)',
  // English
  '\\b(?:mephedrone|meph|mdpv|flakka|bath salts|uses|heroin|dope|fent|fentanyl|fetty|oxy|oxys|opioids?|opiates?|pills|percs?|xanax|xans|bars|benzos|coke|cocaine|crack|meth|tina|crystal|molly|mdma|ecstasy|ket|ketamine|ghb|speed|amphetamine|methadone|subs|suboxone|morphine|tramadol|kratom|h|g|k)\\b',
  '\\b(?:took|taking|used|using|snorted|smoked|shot up|shooting up|shot|injected|railed|did a line|hit|dropped|popped|sniffed|slammed|lines?|bumps?|grams?|points?|tabs?|caps)\\b',
  '\\b(?:syringes?|needles?|rigs?|spoon|foil|baggie|using|after using|narcan|naloxone)\\b', '\\b(?:налокс|наркан)\\S*',
  '\\b(?:alcohol|booze|vodka|beer|wine|drinks?|drank|drinking|whiskey|lyrica|pregabalin|gabapentin|ambien|zolpidem|valium|klonopin|sleeping pills?|pill|stash|batch|bag|swallowed|rave)\\b',
].map(re));

/** A cry for help. Adds to the score; the strong ones also override near-miss blockers. */
const ALARM = combine([
  '\\bспас(?:ите|и)\\b', '\\bсрочно\\b', '\\bскорее\\b', '\\bбыстрее\\b', '\\bsos\\b', '\\bсос\\b', '\\basap\\b', '\\bhurry\\b', '\\bemergency\\b',
].map((src) => re(fuzzyRu(src))));
/** "Help": adds to the score, and overrides blockers only together with a physical sign
 *  ("помогите пожалуйста как избежать передоза" stays a prevention question). */
const HELP = combine(['\\bпомог(?:ите|и|ай|айте)\\b', '\\bhelp\\b', '\\bplease\\b', '\\bpls\\b', '\\bplz\\b'].map((src) => re(fuzzyRu(src))));
const ASKING = combine([
  '\\bчто делать\\b', '\\bчо делать\\b', '\\bче делать\\b', '\\bчто мне делать\\b', '\\bчто нам делать\\b', '\\bкак быть\\b',
  '\\bwhat (?:do|should|can) (?:i|we) do\\b', '\\bwhat do i do\\b', '\\bwhat now\\b', '\\bwtf do i do\\b', '\\bidk what to do\\b',
  '\\b(?:is|if) (?:this|it|that) (?:is )?(?:serious|bad|dangerous)\\b',
].map((src) => re(fuzzyRu(src))));
/** Present time: "сейчас", "щас", "прямо", "до сих пор", "уже час", "now", "still", "rn", "уже". A sign in
 *  the same clause as one of these is happening now whatever the clause's other words say. */
const PRESENT = [
  // a state that began in the past and still holds: "так и не проснулся", "hasn't woken up"
  '\\bтак и не\\b', '\\b(?:hasnt|havent|has not|have not)\\b',
  '\\bсейчас\\b', '\\bщас\\b', '\\bприям?о (?:сейчас|щас)\\b', '\\bдо сих пор\\b', '\\bвсе еще\\b', '\\bуже {G}(?:час|минут|полчаса|\\d+ мин)',
  '\\bтолько что\\b', '\\bтеперь\\b', '\\b(?:сегодня|today|tonight) (?:\\S+ )?(?:опять|снова|again)\\b', '\\b(?:опять|снова|again) (?:\\S+ )?(?:сегодня|today|tonight)\\b', '\\bуже\\b', '\\balready\\b', '\\bnow\\b',
  '\\bне (?:сработал|помог|подейств)\\S*', '\\b(?:didnt|did not|hasnt) (?:work|help)\\b', '\\bright now\\b', '\\brn\\b', '\\bstill\\b', '\\bcurrently\\b', '\\bjust now\\b',
].map(re);
/** The writer just took something ("я принял 2 грамма", "i just took 3 bars"): overrides dose questions. */
const JUST_USED = combine([
  '\\b(?:я|мы) {G}(?:принял|приняла|вмазал|втр[еи]с|снюх|закинул|вкол|употребил|сожрал|съел|поставил|ширнул|нюхнул|выпил|вдул|курнул|дунул|занюх)',
  '\\bтолько что {G}(?:принял|вмазал|втр[еи]с|снюх|закинул|вкол|употребил|съел|поставил|ширнул|нюхнул|выпил|дунул)',
  '\\b(?:i|we|ive|weve) {G}(?:took|taken|did|done|snorted|smoked|shot|injected|railed|popped|used|had)\\b',
].map(re));

/** Near misses. `scope: 'mention'` blockers only silence mention/action rules (a joke about the word
 *  must not hide a real symptom); `scope: 'all'` blockers silence everything unless overridden. */
interface Blocker {
  id: string;
  scope: 'all' | 'mention' | 'weak';
  patterns: RegExp[];
  /** The blocker does not apply when one of these matches the message. */
  unless?: RegExp[];
}
const blocker = (id: string, scope: 'all' | 'mention' | 'weak', patterns: string[], unless: string[] = []): Blocker =>
  ({ id, scope, patterns: combine(patterns.map(re)), unless: unless.length ? combine(unless.map(re)) : undefined });

/** Someone in particular, or now: a question with one of these is asked about a person, not a topic. */
const PERSON_OR_NOW = [
  '\\b(?:он|она|они|мы|я|его|ее|ему|ей|него|нее|них|им|мне|нас|друг\\S*|подруг\\S*|брат\\S*|сестр\\S*|муж\\S*|жен[аеуы]|парн\\S*|девушк\\S*|сын(?:а|у|ом|е|ок|ку|ишк\\S*)?|доч\\S*|мам\\S*|пап\\S*|сосед\\S*|чел|чела|челу|ребен\\S*)\\b',
  '\\b(?:he|she|they|hes|shes|theyre|him|her|them|we|i|im|ive|me|my|our|his)\\b',
  '\\b(?:сейчас|щас|уже|только что|прямо|now|right now|rn|already|just)\\b', '\\b(?:срочно|помогите|спасите|быстро|быстрее|скорее|help|urgent|asap|quick|quickly|fast|hurry)\\b',
];

const BLOCKERS: Blocker[] = [
  // "как избежать передоза", "признаки передоза", "что делать при передозе", "how to prevent an OD",
  // "signs of overdose", "overdose training". Education, not an event.
  blocker('education', 'all', [
    '\\bкак {G}(?:избежать|не допустить|предотвратить|понять|распознать|отличить|узнать|определить|не передоз|не слов|снизить|уберечь|подготов)',
    // Negated or infinitive overdose verbs are about avoiding one: "чтоб не передознуться", "не хочу передознуться",
    // "how not to od", "so i dont overdose". (Translit "peredoznutsya" comes out as "передознуця".)
    '\\bчтоб(?:ы)? не\\b', '\\bне (?:хочу|хотим|хотелось бы) {G}передоз', '\\bпередознут(?:ь)?(?:ся|ца|ця)\\b', '\\bпередознуц',
    '\\bhow not to\\b', '\\b(?:so|that) (?:i|you|we|he|she|they) (?:dont|wont|do not|will not|never) {G}(?:od|overdose)',
    // a purpose to avoid something is prevention: "how much water so i don't overheat", "what to do so i don't pass out"
    '\\bso (?:that )?(?:i|you|we|he|she|they|u|someone|people|nobody) (?:dont|wont|do not|will not|never|doesnt|does not|cant|wouldnt)\\b', '\\b(?:dont|do not|never) (?:want to |wanna )?(?:od|overdose)\\b',
    // "what does pinpoint pupils mean", "что значит зрачки как точки" — a definition, not a person
    '\\bwhat (?:does|do|is) {G3}mean', '\\bэто когда\\b', '\\bis (?:it )?when\\b', '\\bпочему {G3}(?:может|могут)\\b', '\\bmeaning of\\b', '\\bчто (?:значит|означает|означают|такое)\\b',
    // "why can someone stop breathing again…", "почему после налоксона человек может…": generic person
    '\\bwhy (?:can|could|do|does|would|is it|are there|is there) (?:someone|somebody|a person|people|ppl|you|one|an?|the|more)\\b', '\\bпочему\\b {G3}(?:человек|люди|бывает|больше|чаще)\\b',
    '\\bwhen (?:someone|somebody|a person)\\S*',
    '\\b(?<!(?:у него|у нее|у друга|есть|все|явные|похоже на|подает|подают|никаких|без) )(?:признак|симптом)', '\\bпрофилакт', '\\bчто делать (?:при|в случае)', '\\bпри передоз', '\\bпри (?:подозрении|отравлении)',
    '\\bв случае (?:передоз|если)', '\\bтренинг', '\\bобучени', '\\bкурс(?:ы|ах)?\\b', '\\bлекци', '\\bпамятк', '\\bброшюр', '\\bлистовк', '\\bвебинар',
    '\\bчтобы не {G}(?:передоз|было передоз)', '\\bриск', '\\bправда ли\\b', '\\bопасно ли\\b', '\\bможно ли\\b', '\\bчем опасен\\b', '\\bпочему (?:бывает|случается|происходит|люди|человек|так часто)', '\\bwhy (?:do|does|would) (?:people|ppl|someone|folks|users)\\b',
    '\\bнаучит', '\\bнаучиться', '\\bна будущее\\b', '\\bчтобы знать\\b', '\\bпросто (?:спрашиваю|интересно)', '\\bдля общего', '\\bуч(?:ите|ат|ить|иться)\\b', '\\bразниц', '\\bотлич', '\\bбоюсь (?:словить )?передоз', '\\bстрашно (?:словить )?передоз', '\\bрасскажите\\b', '\\bобъясните\\b', '\\bхочу знать\\b', '\\bинтересно\\b',
    '\\bhow (?:to|do (?:you|i|we)|can (?:you|i|we)) {G}(?:avoid|prevent|recogni[sz]e|tell|know|spot|reduce|stay safe|not)',
    '\\b(?<!showing |shows |has |having |all the )signs? (?:of|that)\\b', '\\b(?<!showing |shows |has |having |all the )symptoms?\\b', '\\brisks?\\b', '\\bis it true\\b', '\\bprevent', '\\b(?<!at (?:a|the|our) )training\\b', '\\bworkshop\\b', '\\bhow (?:to|do you|does one|do people) (?:use|give|administer)\\b', '\\bleaflet\\b', '\\bawareness\\b',
    '\\bwhat (?:are|r) the (?:signs|symptoms)', '\\bwhat happens (?:when|if|during)', '\\bwhat does (?:an? )?(?:od|overdose) look like',
    '\\bhow does (?:an? )?(?:od|overdose|narcan|naloxone)', '\\bis it (?:safe|dangerous|possible)\\b', '\\bjust curious\\b', '\\bavoid', '\\btips?\\b', '\\bизбежа', '\\bсовет', '\\bfor future\\b',
    '\\bhow (?:to|do you|does one) (?:do|give|perform|use|administer)\\b', '\\b(?:want|wanna|like) to learn\\b', '\\blearn how\\b', '\\bdifference\\b',
    '\\b(?:scared|afraid|worried|terrified|fear) (?:of|about) (?:an? )?(?:od|oding|overdos)',
    // why an overdose does what it does: «почему от передоза синеют губы»
    '\\b(?:почему|отчего) {G3}(?:от|во время|после) передоз', '\\b(?:от|во время) передоз\\S* {G3}(?:почему|отчего)\\b', '\\bwhy {G3}(?:during|in|from|after) an? (?:od|overdose)\\b',
    // drills, group discussions, requests for written steps
    '\\bобсужда', '\\bdiscuss', '\\bучени(?:я|ях|и)\\b', '\\bсценари', '\\bотрабатыва', '\\bdrills?\\b', '\\bбывает (?:ли|что)\\b',
    '\\b(?:send|пришлите|скиньте|отправьте|дайте) (?:me |мне )?(?:the )?(?:\\S+ )?(?:steps|instructions|guide|инструкц|памятк|алгоритм)',
    '\\bhow do i (?:use|give|administer|do) (?!(?:him|her|them)\\b)',
  ]),
  // "статистика передозировок", news, articles, memorials: "сколько людей умирает", "по данным".
  blocker('statistics-news', 'all', [
    '\\bстатистик', '\\bсколько (?:людей|человек|народу) {G}(?:умира|умер|погиб|передоз)', '\\bпо данным', '\\bисследован', '\\bновост',
    '\\bстать(?:я|ю|и|е)\\b', '\\bпишут\\b', '\\bв мире\\b', '\\bв россии\\b', '\\bв стране\\b', '\\bв (?:20|19)\\d\\d\\b', '\\bвырос\\S* (?:число|количество|смертност)',
    '\\bсмертност', '\\bсмертей\\b', '\\bэпидеми', '\\bумер(?:ла|ли)? от', '\\bумирают от', '\\bпогибл?[иа]? от', '\\bсветлая память\\b', '\\bцарстви',
    '\\bstatistic', '\\bstats\\b', '\\bhow many (?:people|ppl|deaths)', '\\bdeaths?\\b', '\\bnews\\b', '\\barticle\\b', '\\bstudy\\b', '\\bresearch\\b', '\\breport\\b',
    '\\bepidemic\\b', '\\bcrisis\\b', '\\b(?:overdose|od|death|mortality) rates?\\b', '\\bdied of\\b', '\\bdie (?:of|from)\\b', '\\brip\\b', '\\bin (?:19|20)\\d\\d\\b', '\\bcelebrit', '\\bdocumentary\\b',
  ]),
  // Films, dreams, studies, warnings about a bad batch, legal questions: about overdoses, not one.
  blocker('media-research-warning', 'all', [
    '\\bфильм', '\\bкино\\b', '\\bсериал', '\\bклип', '\\bпесн', '\\bкниг', '\\bприснил', '\\bснилось', '\\b(?<!в )сон\\b', '\\bвидел\\S* во сне\\b', '\\bво сне (?:видел|было|я)\\b',
    '\\bдиплом', '\\bкурсов', '\\bреферат', '\\bинтервью', '\\bопрос', '\\bбудьте осторожн', '\\bволна\\b',
    '\\b(?<!at the |at a )movie', '\\bfilm\\b', '\\b(?<!at the |at a |at this |to the |to a )show\\b', '\\bepisode', '\\bsong\\b', '\\bbook\\b(?! ?store| ?shop)', '\\b(?<!like (?:in )?a )dream', '\\bdreamt\\b', '\\bnightmare',
    '\\bpaper\\b(?! ?boy)', '\\bthesis\\b', '\\bessay\\b', '\\bfor (?:school|class)\\b', '\\bschool (?:project|assignment|paper|presentation)', '\\bproject\\b', '\\bsurvey\\b', '\\bheads up\\b', '\\bbe careful\\b', '\\bgoing around\\b', '\\blots of (?:ods|overdoses)',
  ]),
  // Hearsay and rumours ("говорят что от меф передоз не бывает", "i heard narcan doesnt work on…"),
  // protocols and staff training, grief, and ordinary illnesses ("хрипит в груди, бронхит").
  blocker('hearsay-grief-illness', 'all', [
    '\\b(?:говорят|пишут|писали|слышал\\S*|рассказывал\\S*|читал\\S*) (?:\\S+ )?что\\b', '\\bэто так\\b', '\\bправда что\\b', '\\bбудьте (?:осторожн|аккуратн)', '\\bв чате\\b',
    '\\bi heard\\b', '\\b(?:people|they|ppl) say\\b', '\\bis (?:it|that) true\\b',
    '\\bпротокол', '\\bалгоритм', '\\bсотрудник', '\\bперсонал', '\\bprotocol', '\\b(?<!at (?:a|the|our) )train(?:ing|ed|er|ers|ings)\\b', '\\btrain (?:staff|volunteers|people|peers|our|my|the team)', '\\bstaff\\b', '\\bpolicy\\b', '\\bguidelines?\\b',
    '\\bпохорон', '\\bпоминк', '\\bне стало\\b', '\\bнет в живых', '\\bкак (?:его|ее|их) нет', '\\b(?:9|40|сорок|девять) дней\\b', '\\bумер(?:ла|ли)? (?:от|после)', '\\blost (?:my|our|a) (?:\\S+ )?(?:\\S+ )?to (?:an? )?(?:od|overdose|fent|fentanyl|heroin|drugs|dope)', '\\bhow (?:do|can) i cope', '\\bfuneral', '\\bmemorial', '\\bpassed away\\b', '\\bgrie(?:f|ving)', '\\bпотерял\\S* (?:друга|брата|сестру|сына|дочь|мужа|жену)',
  ]),
  // Chronic, not acute: "давит в груди уже месяц", "paranoid for days", "по ночам".
  blocker('chronic', 'all', [
    '\\bуже (?:неделю|месяц|несколько (?:дней|недель|месяцев)|год|давно)\\b', '\\b(?:неделю|месяц|несколько дней) (?:уже|подряд)\\b', '\\bпо (?:ночам|утрам|вечерам)\\b', '\\bкажд(?:ую ночь|ое утро|ый вечер|ый день)\\b', '\\b(?:every morning|in the mornings)\\b', '\\bвсегда\\b',
    '\\bfor (?:days|weeks|months|a week|a month|ages)\\b', '\\bevery (?:night|day|time)\\b', '\\balways\\b', '\\bsince (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|last)\\b',
  ]),
  // Ordinary illness and withdrawal explain weak complaints (a cough, aching, sweating when dope-sick),
  // never a danger state: "выпил все таблетки от давления" is still an emergency.
  blocker('other-illness-withdrawal', 'weak', [
    '\\bбронхит', '\\bкашл', '\\bпростуд', '\\bпростыл', '\\bангин', '\\bгрипп', '\\bковид', '\\bастм', '\\bтемператур\\S* 3[6-9]', '\\bдавлени', '\\bперелом', '\\bfever of 10[0-2]', '\\bcough', '\\bflu\\b', '\\bcold for\\b', '\\basthma', '\\bbronchit',
    '\\bстал[аи]? {G}(?:бледн|худ)', '\\bпохудел', '\\bотмен', '\\btaper', '\\bломк', '\\bломал[оаи]?\\b', '\\bломает\\b(?! (?:его|ее) после налокс)', '\\bкумар', '\\bотходняк', '\\bбез (?:гера|дозы|мета|метадона|опиатов)\\b', '\\bwithdraw', '\\bdope ?sick', '\\bdetox', '\\bкомедоун', '\\bcome ?down\\b', '\\bhangover\\b', '\\bпохмел',
    '\\b(?:место|места) укола', '\\bабсцесс', '\\bнарыв', '\\binjection site', '\\babscess', '\\bзуб', '\\btooth', '\\bteeth', '\\bцитрамон', '\\bибупрофен', '\\bпарацетамол', '\\bibuprofen', '\\btylenol', '\\bна душе\\b', '\\bморально\\b',
  ]),
  // Mild effects, said to be mild: "тошнит после метадона, но в целом нормально", "a bit dizzy after
  // ket but sitting up and texting you". Explains weak complaints only, never a danger state.
  blocker('mild', 'weak', [
    '\\b(?:но|а|but) (?:в целом |в остальном |otherwise |overall )?(?:нормально|норм|ок|окей|хорошо|бодр\\S*|fine|ok|okay|good|alright|alert)\\b',
    '\\bв (?:целом|остальном) (?:нормально|норм|ок|хорошо)', '\\botherwise (?:fine|ok|okay|good|alright|alert|vibing)', '\\ball good\\b',
    '\\b(?:слегка|немного|чуть|чуть чуть|a bit|a little|bit|slightly|little) (?:тошнит|подташнивает|кружится|nauseous|dizzy|sweaty|shaky|sleepy|drowsy)',
    '\\bсижу (?:нормально|и пишу)', '\\bпишу вам\\b', '\\btexting you\\b', '\\bsitting up and\\b',
  ]),
  // Blue or grey from the cold: «весь синий от холода», "lips blue from the cold". The sign rules leave
  // it out already; as a blocker it keeps the model from asking too. Weak scope: a danger state stays.
  blocker('cold', 'weak', ['\\bот (?:холода|мороза)\\b', '\\bзамерз', '\\bfrom the cold\\b', '\\bfreezing\\b']),
  // Legal worry ("will police come if I call for an overdose") silences only the bare word and actions:
  // fear of police must never hide a present sign ("боюсь ментов, а он почти не дышит").
  blocker('legal-question', 'mention', [
    '\\bзакон', '\\bполици', '\\bмент', '\\bмусор', '\\bпосад', '\\bсажа', '\\bуголовк', '\\bанонимно\\b',
    '\\blaw\\b', '\\bpolice\\b', '\\bcops?\\b', '\\barrest', '\\blegal', '\\bget in trouble\\b', '\\bcharged\\b',
  ]),
  // "в прошлом году был передоз", "I had an OD last year", "years ago", "вчера перебрал" — over and done.
  blocker('past-event', 'all', [
    '\\bпрошл(?:ом|ой|ую|ым) (?:году|неделе|месяц|раз|лет|летом|зим|осен|весн)', '\\b(?:год|года|лет|месяц\\S*|недел\\S*|дн(?:я|ей)) назад\\b', 
    '\\bкогда ?то\\b', '\\bв детстве\\b', '\\b(?<!со )(?<!с )вчера\\b', '\\bпозавчера\\b', '\\bна днях\\b', '\\bв молодости\\b', '\\bкак[ой]?[- ]?то раз\\b', '\\bоднажды\\b',
    '\\bбыл[аои]? {G}(?:передоз|передозировк)', '\\bпередоз\\S* {G}(?:был|была|было|случил)', '\\bпосле (?:(?:вчерашн|позавчерашн|прошл|того|этого|моего|мое|его|ее|их|последн|недавн|перв|утренн|ночн)\\S* )?(?:передоз|передозировк)', '\\bпосле (?:того|этого) (?:случая|раза)\\b',
    '\\b(?:after|since) (?:(?:my|his|her|the|an|that|their|your|a|yesterdays|last nights|last weeks|recent|previous|earlier) )?(?:od|overdose|oding)\\b',
    '\\bраньше (?:часто|постоянно|бывало|иногда|много|тоже) ', '\\bafter (?:my|his|her|the|an|that) (?:od|overdose)', '\\bслучал\\S* {G}передоз', '\\bпережил',
    '\\blast (?:year|month|week|night|time|summer|winter|spring|fall|weekend)\\b', '\\b(?:years?|months?|weeks?|days?|summers?|winters?|springs?|falls?|autumns?) ago\\b', '\\bпрошл\\S* выходн',
    '\\b(?:on|last) (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\\b', '\\bв (?:понедельник|вторник|среду|четверг|пятницу|субботу|воскресенье)\\b', '\\bin (?:january|february|march|april|may|june|july|august|september|october|november|december)\\b', '\\bused to\\b', '\\bback in\\b', '\\bback when\\b', '\\bhad an? (?:od|overdose)', '\\b(?<!since )yesterday\\b', '\\b(?:years?|months?|weeks?|while) back\\b', '\\b(?:nearly|almost) (?:od|oded|oding|overdosed)\\b', '\\bчуть не передоз', '\\bsurvived\\b', '\\b(?<!like )(?<!about )once\\b(?! every| a | an | per)', '\\bwhen i was\\b',
  ]),
  // "что делать если у человека передоз", "what if someone ODs", "на всякий случай" — hypothetical.
  blocker('hypothetical', 'all', [
    '\\bесли\\b', '\\bна всякий случай\\b', '\\bзаранее\\b', '\\bв будущем\\b', '\\bвдруг (?:будет|случится)', '\\bтеоретически\\b', '\\bпередозн(?:ется|усь|ешься|утся)\\b', '\\bбудет передоз', '\\bгипотетически\\b', '\\bдопустим\\b',
    '\\bwhat if\\b', '\\bin case\\b', '\\bif (?:someone|somebody|a person|a friend|you|u|ever|one|anyone|people|ur|your)\\b',
    '\\b(?<!(?:sure|know|idk|tell|see|check|unsure|wondering|asking|as|even|bad|normal|ok|okay|dangerous|serious) )if (?:my|his|her|our|their|a|an|he|she|they|we)\\b', '\\bwhat (?:to|do you|should you|do i|should i|do we) do (?:if|when)\\b',
    '\\bhypothetic', '\\bif (?:i|we) (?:ever )?(?:find|see|come across|encounter|found|saw)\\b', '\\bвот если\\b', '\\bа если\\b', '\\b(?:will|might|could|gonna|going to|would|hell|shell|ill|theyll|youll) (?:od|overdose)\\b', '\\bjust wondering\\b', '\\bin the future\\b', '\\bjust in case\\b',
  ]),
  // Dose thresholds: "передоз это сколько грамм", "смертельная доза", "can you OD on weed" — info question.
  blocker('dose-question', 'mention', [
    '\\bсколько {G}(?:грамм|гр|мг|миллиграмм|кубов|кубиков|дорог|нужно|надо|можно|надо чтобы|надо для)', '\\bкакая {G}доза', '\\bсмертельн\\S* {G}доз',
    '\\bсо скольки\\b', '\\bот скольки\\b', '\\bбывает\\b', '\\bможно ли\\b', '\\bвозможен ли\\b', '\\bреально ли\\b',
    '\\bhow much {G}(?:to|does it take|is (?:an? )?(?:od|overdose|lethal)|for an? (?:od|overdose)|would)', '\\blethal dose', '\\bhow many (?:mg|grams|pills|bars)',
    '\\bcan (?:you|u|one|people|a person|i|we) {G}(?:od|overdose)\\b', '\\bis it possible to (?:od|overdose)', '\\b(?:you|u|one|people|someone|anyone) can {G}(?:od|overdose)\\b', '\\bpossible to (?:od|overdose)',
  ]),
  // A question about overdoses in general: "peredoz ot metadona kak izbezhat?", "skolko nado dlya
  // peredoza", "a mozhno peredoz ot travy?", "what does an opioid overdose look like", "how much
  // naloxone do you give for an overdose". Silences the bare word and actions, never a sign, and
  // only when no one in particular is named ("он передознулся, сколько налоксона колоть?" is a
  // person now). "что делать" / "what do I do" are cries for help, not questions about a topic.
  blocker('general-question', 'mention', [
    '\\bкак (?:\\S+ )?(?:выглядит|выглядят|понять|отличить|действует|работает|часто|долго|быстро|происходит|распознать|определить|узнать|бывает|избежат|не)\\b',
    // (how much naloxone to give is asked in an emergency: not a topic on its own)
    '\\bсколько\\b(?! (?:\\S+ )?(?:налокс|наркан|ампул|колоть|пшик))', '\\bскольки\\b', '\\bможно ли\\b', '\\bа можно\\b', '\\bможно {G}передоз', '\\bпочему\\b', '\\bзачем\\b', '\\bотчего\\b', '\\bбывает\\b',
    '\\bчем (?:опасен|опасна|опасно|грозит|отличается|лечить|помочь|помогать)', '\\bкак(?:ой|ая|ое|ие|их|ую) (?!то\\b)', '\\bчто (?:будет|такое|значит|чувствует|происходит|лучше|помогает)\\b',
    '\\bгде (?:научит|пройти|взять|купить|достать|узнать|почитать|учат)', '\\bэто как\\b', '\\bкуда звонить при\\b',
    // how a thing is done, where it is injected, whether it can be: «как правильно делать искусственное дыхание»,
    // «куда колоть налоксон», «а может передоз быть от травы?»
    '\\bкак (?:\\S+ )?(?:делать|сделать|колоть|вколоть|вводить|ставить|давать|использовать|применять|класть|положить)\\b', '\\bкуда (?:\\S+ )?(?:колоть|вводить|ставить|брызгать|пшикать)\\b',
    '\\bможет (?:ли )?(?:\\S+ )?быть\\b',
    '\\bhow (?:much|many)\\b(?! (?:narcan|naloxone|sprays?|doses? of))', '\\bhow (?:long|often|fast|quickly|soon|does|do you|can you|can one|to|is|are)\\b',
    '\\b(?:усилива|повыша|увеличива|ухудша|провоциру)\\S*', '\\bможет (?:ли )?(?:\\S+ )?(?:вернут|начат|случит|повторит)\\S*', '\\b(?:нужно|надо|стоит) ли\\b', '\\bэто нормально\\b',
    '\\bmakes? (?:\\S+ ){0,3}(?:worse|more likely|riskier)\\b', '\\bincrease\\S* {G}(?:risk|chance)', '\\bdo (?:you|i|we|people) (?:still )?(?:need|have) to\\b', '\\bis (?:that|this|it) normal\\b',
    '\\b(?:give|do|use) (?:\\S+ )?for an? (?:od|overdose)\\b', '\\bwhat (?:is|are|does|happens|causes|counts|would)\\b', '\\bwhy\\b', '\\bwhich\\b',
    '\\b(?:can|could) (?:you|u|one|someone|people|a person|anyone)\\b', '\\bis it\\b', '\\bdoes\\b', '\\bwhere (?:can|do|to|is)\\b', '\\blook like\\b',
  ], PERSON_OR_NOW),
  // Why something happens, or whether it can, asked of nobody in particular: «почему от героина синеют губы»,
  // "can someone stop breathing again after naloxone wears off?", "can an overdose come back after narcan".
  // A sign in such a question is the topic, not a person's; someone named or "now" makes it a person's.
  blocker('generic-question', 'all', [
    '\\b(?:почему|отчего|why)\\b', '\\bcan (?:someone|somebody|a person|people|one)\\b(?! (?:help|please|come|call|tell))', '\\bcan an? (?:od|overdose|opioid overdose)\\b',
  ], PERSON_OR_NOW),
  // "я не передознулся", "she didn't OD": the overdose rules already leave the word out; as a blocker
  // it also keeps the model (which reads "передоз" and not the "не") from asking.
  blocker('negated', 'mention', [...NEGATED_OVERDOSE_RU, ...NEGATED_OVERDOSE_EN]),
  // Plural overdoses are a topic, not an event ("передозы в районе участились", "overdoses in my city").
  blocker('plural-topic', 'mention', [
    '\\bпередоз(?:ы|ов|ами|ах)\\b', '\\bпередозировк(?:ам|ами|ах)\\b', '\\boverdoses\\b', '\\bучастил', '\\bв (?:нашем|моем|этом|нашем) (?:районе|городе)',
  ]),
  // Talking *about* an overdose (a question, thanks, a conversation): silences the bare word, never a
  // physical sign. "опасна ли передозировка парацетамолом", "my mom found out about my od".
  blocker('talking-about', 'mention', [
    '\\bопасн', '\\bпоможет ли\\b', '\\bdangerous\\b', '\\bспасибо\\b', '\\bблагодар', '\\bthank', '\\bможет ли\\b', '\\bcan an? (?:od|overdose)',
    '\\babout (?:my|his|her|an?|the|their|your) (?:od|overdose)', '\\babout (?:od|oding|overdose|overdosing)\\b', '\\bпро (?:\\S+ )?передоз', '\\bо (?:\\S+ )?передоз',
    '\\bfound out\\b', '\\bteach', '\\bучить', '\\bобъяснить', '\\btalk (?:to|about)\\b', '\\bпоговорить\\b', '\\bрассказать\\b',
  ]),
  // Naloxone logistics: "где взять (?:налокс|наркан)он", "сколько стоит", "срок годности", "where to get narcan".
  blocker('naloxone-logistics', 'mention', [
    '\\bгде {G}(?:взять|купить|достать|получить|найти|брать|выдают|дают)', '\\bв аптек', '\\bрецепт', '\\bсколько стоит', '\\bсрок годност', '\\bпросроч',
    '\\bwhere {G}(?:get|buy|find|pick up)', '\\bpharmac', '\\bprescription', '\\bexpire', '\\bhow much (?:is|does)', '\\bfree (?:narcan|naloxone|kit)', '\\bcarry\\b', '\\b(?:response |naloxone |narcan |first aid )?kits?\\b', '\\bаптечк', '\\bносить с собой', '\\bиметь при себе',
    '\\b(?:can|does|is|will|do|should|would) (?:narcan|naloxone)\\b',
  ]),
  // Jokes and figurative speech: "передоз мемов", "передоз котиков", "od on coffee", "ахаха", "lol".
  blocker('figurative', 'all', [
    ...FIGURATIVE_OVERDOSE,
    '\\b(?:crush|texted (?:me )?back|replied|свидани\\S*|влюб\\S*|он мне (?:ответил|написал)|она мне (?:ответила|написала)|поцелу\\S*|proposed|сделал предложение)\\b',
    '\\b(?:валерьян|catnip|кошачь)\\S*',
    // devices: "my laptop won't wake up"
    '\\b(?:laptop|phone|computer|pc|macbook|tv|screen|app|battery|tablet|ipad|printer|router|wifi|ноут|ноутбук|телефон|комп|компьютер|экран|приложени\\S*|батаре\\S*|планшет|принтер|роутер)\\b',
    // «неровно дышит» to someone = has a crush on them; the blues; laughing until one cannot breathe
    '\\bк[о]? (?:мне|тебе|нему|ней|нам|вам|ним) {G}неровно д[ыи]ш', '\\bнеровно д[ыи]ш\\S* к\\b',
    '\\b(?:feel|feels|feeling|felt|been|bit|little) (?:so |kinda |really |a bit )?blue\\b', '\\bblue (?:since|about|lately|all day|these days|mood)\\b',
    '\\blaugh\\S* so hard', '\\bсо смеху',
    // out of breath from a feeling, the heat or the work: «задыхаюсь от восторга», «в этой духоте задыхаюсь»
    '\\bзадыха\\S* {G}(?:от|в|из за|с) (?:этой |такой |всей )?(?:восторг|счаст|радост|смех|возмущ|злост|ярост|гнев|любв|обид|восхищ|нетерпен|эмоци|жар|духот|зно|дел|работ|стыд|негодован|завист|ненавист|умилен|избыт|впечатлен|красот|скук|тоск|бумаг|отчет|учеб)',
    '\\b(?:духот|жар)\\S* {G}задыха', '\\bот (?:радост|счаст|восторг|волнени[яй] перед|умилени|любв)\\S*', '\\b(?:with|from|of) (?:joy|happiness|excitement)\\b', '\\bbreathless (?:with|from) (?!(?:pain|the pills|the drugs))',
    // "умираю как хочу спать" = dying to
    '\\b(?:умира|помира)\\S* (?:как|так) (?:хочу|хочется|охота)', '\\bот смеху', '\\bот смеха', '\\bшоп+инг', '\\bпокупок\\b', '\\bselfies?\\b', '\\bshopping\\b', '\\bсо смеха', '\\bот скуки', '\\bот стыда', '\\bот любви', '\\bс этого\\b', '\\bof laughter\\b', '\\bof laughing\\b', '\\b(?:from|with|of) laugh\\S*', '\\bdying to\\b',
  ]),
  // An explicit hypothetical frame ("представим, что…", "suppose…", "imagine…") governs the clauses after
  // it, so it speaks for the whole message; only an alarm word overrides it.
  blocker('hypothetical-frame', 'all', [
    '\\bпредстав(?:им|ьте|ь|им себе|ляете)\\b', '\\bдопустим\\b', '\\bгипотетическ', '\\bтеоретически\\b', '\\bsuppose\\b', '\\bimagine\\b', '\\blets say\\b', '\\bhypothetic', '\\bin theory\\b',
  ]),
  // Laughter and obvious jokes silence everything: panicked people do not write "ахахах".
  blocker('joke', 'all', ['\\b(?:crush|texted (?:me )?back|свидани\\S*|proposed|влюб\\S*|он мне {G}(?:ответил|написал)|она мне {G}(?:ответила|написала)|поцелу\\S*|in love)\\b', '\\b(?:а?ха(?:ха)+|а?хах\\S*|хд|лол|ржу|ржака|lo+l|lmao|lmfao|haha\\S*|rofl|xd|jk|(?<!not )(?<!no )(?<!isnt )(?<!arent )(?<!не )joking|(?<!not )(?<!isnt )(?<!not that )(?:too|so|very|soo+) (?:funny|hilarious)|hilarious|cracking me up|memes?|мем\\S*|laughing emoji)\\b']),
  // It is over: "откачали", "пришёл в себя", "he's fine now", "в больнице". Overridden only by a relapse
  // ("откачали, но опять засыпает", "narcan worked but he's nodding again").
  // It is over for good: in hospital, discharged, "he's fine now", paramedics have taken over. Overridden
  // only by a relapse or by a sign told after it ("всё нормально наверное, но он дышит медленно").
  blocker('resolved', 'all', [
    '\\bвсе (?:уже )?(?:нормально|ок|окей|норм)\\b(?! наверное)', '\\b(?:уже|теперь|сейчас) {G}все {G}(?:хорошо|нормально|норм|ок)\\b', '\\bобошлось\\b', '\\bвыжил',
    '\\bв больнице\\b', '\\bв реанимации\\b', '\\bиз реанимации\\b', '\\b(?:увезли|забрали|отвезли|положили) в', '\\bврачи {G}(?:приехали|забрали|увезли|с ним|с ней|здесь|уже тут|работают)', '\\bскорая {G}(?:приехала|забрала|увезла)', '\\b(?:увезла|забрала) скорая', '\\bзабрали в', '\\bуже норм\\b', '\\b(?:он|она|я|мы|все|уже) {G}в порядке\\b',
    '\\bвыписали\\b', '\\bвернул(?:ся|ась) домой', '\\bсейчас дома\\b', '\\b(?:в|на) реабе\\b',
    '\\b(?:сейчас|уже|теперь|щас) (?:норм|нормально|в норме|ок|окей|хорошо)\\b(?! (?:ли|дыш|не))', '\\bложная тревога', '\\bскорая {G}(?:тут|здесь|на месте)\\b',
    // life back to normal, told now or hours later: «сейчас утро, он ест», «сидит пьёт чай», «сегодня всё хорошо»,
    // «уже три часа разговаривает со мной», "he's been awake and chatting for 3 hours", "this morning he's eating"
    '\\b(?:он|она|они) (?:\\S+ )?(?:ест|завтракает|обедает|ужинает|смотрит (?:телевизор|тв|сериал|кино|ютуб)|гуляет|пош(?:ел|ла|ли) гулять|поехал\\S* на работу|уш(?:ел|ла|ли) на работу|на работе|в душе|шутит|смеется|ругается|болтает)\\b',
    '\\bпьет (?:чай|кофе)\\b', '\\bсидит (?:на кухне|рядом|со мной|за столом)\\b', '\\b(?<!не )(?<!не очень )д[ыи]шит (?:спокойно|ровно|нормально)\\b',
    '\\bсидит {G}(?:пьет|ест|смотрит|играет|болтает)', '\\bсегодня {G}(?:все (?:хорошо|нормально|норм|ок)|бодр\\S*|на работе)', '\\bкак ни в чем не бывало\\b', '\\bжив(?:ой|ая|ые)? (?:и )?здоров',
    '\\bуже {G}час\\S* {G}(?:разговарива|болта|в норме|нормально|норм|в порядке|сидит|ходит)', '\\b(?:разговарива|болта)\\S* {G}уже {G}час', '\\b(?:сейчас|уже|теперь|щас) (?:\\S+ )?(?:полегче|получше)\\b',
    '\\b(?:hes|shes|theyre|he is|she is|they are|im|ive) (?:\\S+ ){0,2}(?:eating|walking around|up and about|having (?:breakfast|lunch|dinner)|at work|watching (?:tv|a movie|netflix)|doing (?:great|well|fine|ok|okay|good))\\b',
    '\\bbeen (?:awake|up) (?:and (?:talking|chatting) )?(?:for|all|since)\\b', '\\bawake and (?:talking|chatting) (?:for|all|since)\\b',
    '\\bfalse alarm\\b', '\\b(?:ambulance|paramedics|ems|medics) (?:is |are )?(?:already )?(?:here|there|on scene|with (?:him|her|them))\\b',
    '\\b(?:hes|shes|im|they are|theyre|we are|were) {G}(?:ok|okay|fine|good|alright|stable|home) now\\b', '\\brevived\\b',
    '\\b(?:is|hes|shes|im|are|were|was|now|been) (?:in|discharged from) (?:the )?hospital\\b', '\\bdischarged\\b', '\\bparamedics {G}(?:came|took|arrived|are (?:already )?here|here|working|took over)', '\\bambulance {G}(?:came|took|arrived)', '\\bpulled through\\b', '\\b(?:its|theyre|they are|all) gone now\\b', '\\bin rehab\\b', '\\bfine since\\b', '\\bsaved (?:him|her|them|me)\\b',
  ]),
  // Came round / woke up: over only if nothing else is said — naloxone wears off, people go under
  // again. Does not count "я (первый) очнулся" (the writer, not the person in danger) or "чтобы очнулся".
  blocker('came-round', 'all', [
    '\\bоткачал(?:и|а)?\\b', '\\b(?<!не )(?<!чтобы )(?<!чтоб )(?:пришел|пришла) в себя', '\\b(?<!не )(?<!я )(?<!первый )(?<!чтобы )(?<!чтоб )очнул(?:ся|ась)',
    '(?<!^)(?<!\\bi )(?<!\\bwe )(?<!\\bjust )(?<!\\bwhen (?:i|we) )\\bwoke (?:right )?(?:up|back up)\\b(?! (?:and|to|next|at|with|from|in the|this|on))', '\\b(?<!says )(?<!said )(?:hes|shes|theyre) (?:totally |completely |actually )?(?:fine|ok|okay|alright)\\b(?! (?:right|isnt|is he|is she|or))', '\\b(?:he|she|they|hes|shes) came (?:to|around|round)\\b(?! my| our| the| his| her)',
    // breathing well again, pink, talking: the person is back
    '\\b(?<!не )задышал', '\\bпорозовел', '\\bочухал(?:ся|ась)', '\\b(?<!не )легко (?:просыпается|будится)', '\\bwakes (?:up )?(?:easily|when)\\b', '\\b(?<!не )(?:разговаривает|говорит со мной|отвечает на вопросы)', '\\b(?<!не )д[ыи]шит (?:нормально|ровно|сам|хорошо)\\b', '\\b(?:налокс|наркан)\\S* (?:сработал|помог|подействовал)',
    // signs said to be absent: «дыхание ровное», «пульс есть», «губы розовые», "lips are pink", "breathing evenly"
    '\\bдыхани\\S* (?:ровн|нормальн|спокойн|хорош|глубок)\\S*', '\\bпульс (?:есть|нормальн|ровн|хорош)\\S*', '\\b(?:губы|лицо|кожа) (?:розов|нормальн)\\S*',
    '\\b(?:lips|face|skin) (?:are |is |look |looks )?(?:pink|normal)\\b', '\\bbreathing (?:evenly|steadily|deeply)\\b', '\\bsnoring (?:normally|like (?:usual|always))\\b',
    '\\b(?<!stopped |not |isnt |barely |hardly )breathing (?:fine|normal|normally|on (?:his|her|their) own)\\b', '\\b(?:awake|sitting up) and (?:talking|breathing)', '\\b(?:narcan|naloxone) worked\\b',
  ]),
];
/** A relapse after naloxone or waking: re-sedation is an emergency even after "откачали". */
const RELAPSE = combine([
  '\\b(?:опять|снова|обратно) {G}(?:отключ|выруб|отруб|отъех|откинул|засыпа|заснул|уснул|теряет созн|потерял\\S* созн|не дыш|синеет|посинел|хрип|не реагир|не просып|уходит|плохо)',
  '\\b(?:но|а) {G}(?:опять|снова|теперь)\\b(?! (?:\\S+ )?(?:все хорошо|хорошо|нормально|норм|в порядке|сидит|ест|лучше|полегче|получше))', '\\b(?:again|back) {G}(?:nodding|out|not breathing|blue|unresponsive)', '\\b(?:nodding|going) (?:out |off )?again\\b', '\\b(?:going|went|slipping|drifting) back (?:under|out|to sleep)\\b', '\\bbut (?:now|again|hes|shes|still)\\b(?! (?:\\S+ )?(?:fine|ok|okay|good|great|alright|better|eating|awake and|doing))',
].map(re));

// ---------------------------------------------------------------------------------------------
// Idioms, typos, clauses
// ---------------------------------------------------------------------------------------------

/** Fixed idioms that contain a sign's words but never describe a body in danger. They are cut out of
 *  the text before any rule runs, so a real sign elsewhere in the same message still fires
 *  ("stop breathing down my neck, he is not breathing!"). Keep this list to set phrases. */
const IDIOMS = [
  // "breathing down my neck", "не дышит в мою сторону" (= ignores me), "дышит в спину"
  '\\bbreath(?:ing|e|es)? down (?:my|his|her|our|your|their|the) necks?', '\\bне дыш\\S* в (?:мою|твою|его|ее|нашу|вашу|их|чью|нашу) сторону', '\\bдыш\\S* в (?:спину|затылок)',
  '\\btook my breath away', '\\bhold(?:ing)? (?:my|your|our) breath',
  // "dead to me", "dead tired"
  '\\bdead (?:to me|to us|tired|inside|serious)\\b',
  // a tired sleeper: "в отключке после экзамена", "сплю сутки", "не будите", "sleeping like a log"
  '\\b(?:я |был |была )?в отключке после {G}(?:экзамен|смен|работ|зачет|сесси|тренировк|учеб|пар)\\S*', '\\bсплю сутки', '\\bне будите\\b', '\\bспит как (?:убит\\S*|младенец|сурок)',
  '\\bsleep\\S* like a (?:log|baby|rock)', '\\bout cold after (?:the |a |my |his |her )?(?:marathon|game|match|shift|work|exam|gym|workout|run|hike|long day)',
  // wanting not to move is no sign: «хочется лежать и не двигаться», «лень даже шевелиться», «не хочется ни двигаться»
  '\\b(?:хочу|хочется|хотелось бы|охота|неохота|лень|нет сил|сил нет)(?: (?:просто|даже|вообще|лежать|и|ни|не|больше|совсем))* (?:двига|шевел|встава|просыпа)\\S*',
  // a state said NOT to be there, or nobody in it, is cut out: «он не в отключке», «не без сознания», "he's not
  // unconscious", "she isn't passed out", «никто не умирает», "no one overdosed"; a sign told beside it still fires
  '\\b(?:не|not|isnt|arent|wasnt|is not|aint) (?:\\S+ )?(?:в отключке|без сознания|unconscious|passed out|knocked out|blacked out|unresponsive)\\b',
  '\\b(?:никто|no one|noone|nobody) (?:не )?(?:\\S+ )?(?:умирает|умер|помирает|передоз\\S*|посинел|отключился|is dying|dying|died|overdosed|od|oded|ods|passed out)\\b',
  // reassurance: «не волнуйтесь, она дышит», «не бойтесь» — the «не» belongs to the reassurance, not to a sign
  '\\bне (?:волнуйтесь|бойтесь|переживайте|беспокойтесь|пугайтесь|парьтесь|волнуйся|бойся|переживай|беспокойся)\\b',
  // «откинулся с зоны» = came out of prison
  '\\bоткинул\\S* (?:с|из) (?:зоны|тюрьмы|колонии|лагеря|крытки|сизо)\\S*',
  // getting a teenager up for school or work
  '\\bне (?:будится|встает|просыпается|могу разбудить|можем разбудить|добудиться) (?:в|на) (?:школу|работу|сад|учебу|пары)', '\\b(?:wont|cant|doesnt) (?:wake|get) (?:up )?(?:for|in time for) (?:school|work|class)',
  // devices: "телефон не подаёт признаков жизни" (English devices are a figurative blocker below)
  '\\b(?:телефон|ноут|ноутбук|комп|компьютер|экран|приложение|бот|сайт|роутер)\\S* {G}(?:не подает признаков жизни|не реагир\\S*|не отвечает|не включается|сдох)',
].map((src) => new RegExp(re(src).source, 'g'));

/** Laughing emoji mark a joke; they are turned into words before normalisation drops them. */
const LAUGHING_EMOJI = /[\u{1F602}\u{1F923}\u{1F639}\u{1F606}\u{1F61C}\u{1F61D}\u{1F60D}\u{1F970}]/gu; // 😂🤣😹😆😜😝 and heart-eyes 😍🥰

/** Key sign words that people misspell in a panic ("дыштт", "не дышыт", "breahting", "unresponsve").
 *  A word within one edit (two for long words) of one of them is replaced by it. Only long,
 *  distinctive words are listed, and real words that sit one edit away are never touched. */
const TYPO_KEYWORDS = [
  'дышит', 'дышать', 'дыхания', 'просыпается', 'реагирует', 'разбудить', 'сознания', 'посинел', 'двигается', 'шевелится',
  'breathing', 'breathe', 'unresponsive', 'responding', 'waking', 'barely', 'stopped', 'unconscious', 'wake',
];
const TYPO_KEEP = new Set<string>(['душит', 'дышат', 'дышал', 'дышала', 'дышали', 'лишит', 'пишет', 'walking', 'waxing', 'wading', 'making', 'taking', 'shopped', 'stomped', 'stooped', 'beating', 'breaking', 'treating', 'breeding', 'breathes', 'breathed', 'breaths', 'breath', 'barley', 'baking', 'bathing', 'conscious', 'consciousness', 'responsive', 'responds', 'corresponding', 'дышло', 'waking', 'wakes', 'woke', 'make', 'take', 'week', 'weak', 'wave', 'ware', 'wade']);

const TYPO_BY_FIRST = new Map<string, string[]>();
for (const key of TYPO_KEYWORDS) TYPO_BY_FIRST.set(key[0]!, [...(TYPO_BY_FIRST.get(key[0]!) ?? []), key]);

/** Letters that translit does not tell apart: «ы» is written "i" ("dishit" is «дышит»). */
const SAME_LETTER = new Map([['ы', 'и'], ['и', 'ы']]);

/** Optimal-string-alignment distance (substitution, insertion, deletion, adjacent swap), or
 *  `max + 1` as soon as it is certain to exceed `max`. */
function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] || SAME_LETTER.get(a[i - 1]!) === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length]!;
}

/** Edits forgiven for a key of this length: proportional to length. English stays stricter
 *  ("breathing" is two edits from "bathing"/"beating"). */
function maxEdits(key: string): number {
  if (CYRILLIC.test(key)) return key.length >= 12 ? 3 : key.length >= 8 ? 2 : 1;
  return key.length >= 10 ? 2 : 1;
}

const sameSound = (w: string) => (w.includes('ы') ? w.replace(/ы/g, 'и') : w);
/** Kept words and key words by their sound: "дишат" is «дышат» (kept), "дишит" is «дышит». */
const KEEP_BY_SOUND = new Map<string, string>();
for (const w of [...TYPO_KEEP, ...TYPO_KEYWORDS]) if (CYRILLIC.test(w)) KEEP_BY_SOUND.set(sameSound(dropSoftSigns(w)), w);

/** Repairs are memoised (words repeat across messages); the cache is simply dropped when large. */
const FIX_CACHE = new Map<string, string>();
function fixWord(word: string): string {
  if (word.length < 3 || TYPO_KEEP.has(word) || TYPO_KEYWORDS.includes(word)) return word;
  let fixed = FIX_CACHE.get(word);
  if (fixed === undefined) {
    if (FIX_CACHE.size > 20000) FIX_CACHE.clear();
    // a word kept or a key word, with «ы» written «и» ("dishat" is «дышать», not a misspelt «дышит»)
    const kept = KEEP_BY_SOUND.get(sameSound(word));
    fixed = kept ?? withVowels(word) ?? (word.length < 4 ? word : nearestKey(word));
    FIX_CACHE.set(word, fixed);
  }
  return fixed;
}

/** Russian written without (some of) its vowels, as in a hurried SMS or translit that drops ы
 *  ("drg n dshit pmgt" → «дрг н дшит пмгт»): a word that is a key word with only vowels left out
 *  (its consonants all there, in order) is that key word. */
const SKELETON_KEYWORDS = [
  ...TYPO_KEYWORDS.filter((k) => CYRILLIC.test(k)), 'помогите', 'передоз', 'срочно', 'скорую', 'налоксон', 'посинела', 'хрипит', 'очнулся', 'друг',
];
const skeleton = (w: string) => w.replace(/[аеиоуыэюяьъ]/g, '');
const BY_SKELETON = new Map<string, string[]>();
// (a skeleton of fewer than three consonants is too ambiguous: «сне» is no «синие»)
for (const key of SKELETON_KEYWORDS) if (skeleton(key).length >= 3) BY_SKELETON.set(skeleton(key), [...(BY_SKELETON.get(skeleton(key)) ?? []), key]);
function withVowels(word: string): string | undefined {
  const keys = BY_SKELETON.get(skeleton(word));
  if (!keys) return undefined;
  for (const key of keys) {
    // every letter of the word in the key, in order (the key's other letters are vowels)
    let j = 0;
    for (const ch of key) if (ch === word[j] || SAME_LETTER.get(ch) === word[j]) j++;
    if (j === word.length && key !== word) return key;
  }
  return undefined;
}
function nearestKey(word: string): string {
  for (const key of TYPO_BY_FIRST.get(word[0]!) ?? []) {
    // 4-letter keys ("wake") only forgive a swap ("wkae").
    if (key.length <= 4 && (word.length !== 4 || [...word].sort().join('') !== [...key].sort().join(''))) continue;
    if (word.length < 5 && key.length > 4) continue;
    const max = Math.min(maxEdits(key), word.length >= 7 ? 3 : 1);
    if (editDistance(word, key, max) <= max) return key;
  }
  return word;
}

/** Words a broken-up message is rebuilt into ("чт оделать" → "что делать", "реагиру ет"). */
const SPACING_WORDS = new Set([...TYPO_KEYWORDS, 'что', 'делать', 'он', 'она', 'не', 'его', 'ее', 'помогите', 'очнется', 'двигается', 'шевелится', 'he', 'she', 'not', 'up', 'help', 'wont', 'him', 'her']);
const isKey = (w: string) => SPACING_WORDS.has(w) || ((w.length >= 7 || withVowels(w) !== undefined) && TYPO_KEYWORDS.includes(fixWord(w)));
/** "онне" → "он не", "онанедышит" → "она не дышит" (a pronoun glued to "не"). */
const GLUED_NE = /^(она|оно|они|он|я)не([а-я]{3,})?$/;

const ONE_LETTER_WORDS = new Set(['в', 'к', 'с', 'у', 'и', 'а', 'о', 'я']);
/** Words one edit from «не» that are words of their own: «нет, дышит нормально» keeps its «нет». */
const REAL_NE_NEIGHBOURS = new Set(['нет', 'ни', 'на', 'но', 'ну', 'нам', 'нас', 'нее', 'них', 'ним', 'нем']);

/** Panicked typing breaks and glues words. Repair the spacing first, where a key word can be
 *  rebuilt, then replace misspelt key words by the nearest key (edit distance ∝ length). */
function repairTypos(normalized: string): string {
  const words = normalized.split(' ').flatMap((w) => {
    const m = GLUED_NE.exec(w);
    return m ? [m[1]!, 'не', ...(m[2] ? [m[2]] : [])] : [w];
  });
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    let a = words[i]!;
    const next = words[i + 1];
    // "нре дышит", "n dshit" (a key word written without its vowels: a sign word, not "что")
    if (a !== 'не' && a.length <= 3 && a[0] === 'н' && !REAL_NE_NEIGHBOURS.has(a) && next && editDistance(a, 'не', 1) <= 1 &&
      (next.length >= 5 ? isKey(fixWord(next)) : next.length >= 3 && TYPO_KEYWORDS.includes(fixWord(next)))) a = 'не';
    const b = words[i + 1];
    // Only a short fragment is a sign of a broken word (and this keeps the pass cheap).
    if (b !== undefined && b !== BREAK && a !== BREAK && Math.min(a.length, b.length) <= 3) {
      // "реагиру ет", "wak e": the two halves make a key word (and "a" alone is not one, not even
      // misspelt: «разбудит в школу» is «разбудить» and «в», not «разбудитв»; a one-letter
      // preposition is a word).
      const joined = a + b;
      if (!SPACING_WORDS.has(a) && !SPACING_WORDS.has(b) && !ONE_LETTER_WORDS.has(b) && !SPACING_WORDS.has(fixWord(a)) && isKey(joined)) { out.push(joined); i++; continue; }
      // "чт оделать": the space slipped one letter to the right.
      if (b.length >= 3 && !SPACING_WORDS.has(a) && SPACING_WORDS.has(a + b[0]) && isKey(b.slice(1))) { out.push(a + b[0], b.slice(1)); i++; continue; }
    }
    out.push(a);
  }
  return out.map(fixWord).join(' ');
}

/** The text is also looked at clause by clause: a blocker ("once when I was 19", "если", "why does
 *  someone…") only explains away a sign in its own clause. Clauses end at sentence punctuation,
 *  commas and dashes, and before "но/а/but/however". The breaks are marked with a token that no
 *  rule, look-alike map, transliteration or typo repair touches (its digits come in pairs: a digit read
 *  as a letter stands alone, as in "di6it"), so the text is normalised once. */
const CLAUSE_BREAK = /[.!?;\n…,]+|\s[-–—]+\s/gu;
const BREAK = '00brk00';
const CONJUNCTION_BREAK = / (?=(?:но|а|однако|but|however|though) )/g;
const BREAK_SPLIT = / ?00brk00 ?/;
const BREAK_STRIP = / ?00brk00 ?/g;

/** Analysis is capped: an emergency is told in the first lines, and this keeps the detector fast. */
const MAX_CHARS = 1200;

// ---------------------------------------------------------------------------------------------
// Decision
// ---------------------------------------------------------------------------------------------

/** A message that is nothing but a cry for help ("помогитеее", "SOS", "help pls", "срочно!!!"): in a
 *  harm-reduction bot's inbox that is answered as a possible emergency — the overdose steps end by
 *  asking what happened, so a false alarm costs one message. */
const CRY_ONLY = re('^(?:(?:помог(?:ите|и)|спас(?:ите|и)|срочно|пожалу[йи]?ста|плиз|пж|sos|сос|help|pls|plz|please|me|мне|нам|us|asap|now|скорее|быстрее) ?){1,4}$');

const any = (patterns: RegExp[], ...texts: string[]) => patterns.some((p) => texts.some((t) => p.test(t)));

/** Blockers that explain a sign away only in their own clause (context), and the ones that speak
 *  for the whole message (a laugh, a joke, "it is over"). */
const CLAUSE_LOCAL = new Set(['education', 'statistics-news', 'media-research-warning', 'hearsay-grief-illness', 'chronic', 'past-event', 'hypothetical', 'figurative', 'generic-question']);

interface View { texts: string[] }
/** Set idioms out of a normalised view (the Russian reading of translit too: "ne dyshit v moyu storonu"). */
function cutIdioms(t: string): string {
  for (const idiom of IDIOMS) t = t.replace(idiom, ' ');
  return t.replace(/\s+/g, ' ').trim();
}
/** Normalise once; return the whole message's views (normalised, and transliterated when Latin
 *  letters may be Russian) and the same views cut into clauses. */
function analyse(raw: string): { whole: string[]; clauses: View[] } {
  let t = raw.replace(LAUGHING_EMOJI, ' laughing emoji ').replace(/\bo\.\s?d\b\.?/gi, 'od').replace(CLAUSE_BREAK, ` ${BREAK} `);
  t = normalizeForMatching(t).replace(CONJUNCTION_BREAK, ` ${BREAK}`);
  // Soft signs go after the typo repair (its key words have them), so the text meets the patterns.
  t = cutIdioms(dropSoftSigns(repairTypos(t.replace(/\s+/g, ' ').trim())));
  const strip = (x: string) => x.replace(BREAK_STRIP, ' ').trim();
  const norm = strip(t);
  if (!norm) return { whole: [], clauses: [] };
  // Latin words are read as Russian only when they are not English (`russianReading`): "my son
  // is not breathing" must not meet the Russian rules as «сон».
  const translit = russianReading(t);
  const hasTranslit = translit !== t;
  const reread = (x: string) => cutIdioms(dropSoftSigns(repairTypos(x)));
  const whole = hasTranslit ? [norm, reread(strip(translit))] : [norm];
  const parts = t.split(BREAK_SPLIT);
  const tparts = hasTranslit ? translit.split(BREAK_SPLIT) : parts;
  const clauses: View[] = [];
  parts.forEach((p, k) => {
    if (!p.trim()) return;
    clauses.push({ texts: hasTranslit && tparts[k] !== p ? [p, reread(tparts[k] ?? '')] : [p] });
  });
  return { whole, clauses };
}

const isStrong = (r: SignalRule) => r.kind === 'symptom' && r.weight === 2;
const fires = (r: SignalRule, texts: string[]) => {
  const t = r.lang === 'ru' ? texts : texts.slice(0, 1);
  return any(r.patterns, ...t) && !any(r.except ?? [], ...t);
};

/** The rules alone (no learned model): exported for the model's training and cross-validation. */
export function detectByRules(text: string): EmergencyResult {
  const capped = text.slice(0, MAX_CHARS);
  const { whole: views, clauses } = analyse(capped);
  if (views.length === 0) return { emergency: false, signals: [] };
  const norm = views[0]!;

  const fired = SIGNALS.filter((r) => fires(r, views));
  if (fired.length === 0) {
    return views.some((v) => CRY_ONLY.test(v)) ? { emergency: true, signals: ['cry-for-help-only'] } : { emergency: false, signals: [] };
  }

  // Shouting (several "!" or ALL CAPS) adds urgency to the score but never overrides a blocker:
  // "HOW DO I AVOID OD" is still a prevention question.
  const letters = capped.replace(/[^\p{L}]/gu, '');
  const shouting = /[!?]{3,}|!{2,}/.test(capped) || (letters.length >= 6 && letters === letters.toUpperCase() && letters !== letters.toLowerCase());
  const alarm = any(ALARM, ...views);
  const help = any(HELP, ...views);
  const asking = any(ASKING, ...views);
  const drug = any(DRUG_CONTEXT, ...views);
  const justUsed = any(JUST_USED, ...views);
  const hasSymptom = fired.some((r) => r.kind === 'symptom');
  const strong = fired.filter(isStrong);

  // Where do the physical signs sit? A strong sign in a clause that no context blocker explains away,
  // or any sign in a clause that says "now / still / already", is a sign happening now. Only worked
  // out when a context blocker is present (it is what overrides one), and only with the blockers and
  // present markers found in the whole message.
  const symptoms = fired.filter((r) => r.kind === 'symptom');
  // The blockers found in the message, matched once (the clause-local ones are looked for in clauses below).
  const matchedBlockers = BLOCKERS.filter((b) => any(b.patterns, ...views));
  const localBlockers = matchedBlockers.filter((b) => CLAUSE_LOCAL.has(b.id));
  const liveSign = localBlockers.length > 0 && symptoms.length > 0 && (() => {
    const presentAnywhere = PRESENT.filter((p) => views.some((v) => p.test(v)));
    let strongSeenInClause = false;
    for (const c of clauses) {
      const strongHere = strong.some((r) => fires(r, c.texts));
      const presentHere = presentAnywhere.length > 0 && any(presentAnywhere, ...c.texts);
      if (!strongHere && !(presentHere && symptoms.some((r) => fires(r, c.texts)))) continue;
      strongSeenInClause ||= strongHere;
      if (presentHere && strongHere) return true;
      const explained = localBlockers.some((b) => any(b.patterns, ...c.texts));
      if (!explained) return true;
    }
    // A strong sign whose words span two clauses cannot be placed: the blocker wins.
    return false;
  })();

  const signals = fired.map((r) => r.id);
  let score = fired.reduce((sum, r) => sum + r.weight, 0);
  if (drug) { score += 1; signals.push('+drug-context'); }
  if (shouting || alarm || help || asking) { score += 1; signals.push('+urgency'); }

  // Which blockers apply, and are they overridden?
  const relapse = (any(RELAPSE, ...views) && hasSymptom) || fired.some((r) => r.id.endsWith('.just-revived'));
  const strongCache = new Map<View, boolean>();
  const strongIn = (c: View) => {
    let v = strongCache.get(c);
    if (v === undefined) strongCache.set(c, (v = strong.length > 0 && strong.some((r) => fires(r, c.texts))));
    return v;
  };
  /** Is a strong sign told in a clause after the last clause the blocker matches? */
  const strongAfter = (b: Blocker) => {
    let last = -1;
    clauses.forEach((c, k) => { if (any(b.patterns, ...c.texts)) last = k; });
    return strong.length > 0 && clauses.some((c, k) => k > last && strongIn(c));
  };
  const inProgress = fired.some((r) => /\.(?:naloxone-in-progress|naloxone-failed|just-revived)$/.test(r.id));
  const presentStrong = () => strong.length > 0 && clauses.some((c) => strongIn(c) && any(PRESENT, ...c.texts));
  const blocked: string[] = [];
  let active = fired;
  for (const b of matchedBlockers) {
    if (b.unless && any(b.unless, ...views)) continue;
    if (b.id === 'resolved' || b.id === 'came-round') {
      // A relapse, or a danger sign told after the "it's over" clause, means it is not over. Coming
      // round is weaker still: naloxone talk or a sign said to be happening now overrides it too.
      if (relapse || strongAfter(b)) continue;
      // Naloxone talk keeps a coming round open (it wears off), unless the coming round is told as now:
      // «дали налоксон, сейчас он дышит ровно», "narcan worked, he's breathing fine now".
      if (b.id === 'came-round' && ((inProgress && !clauses.some((c) => any(b.patterns, ...c.texts) && any(PRESENT, ...c.texts))) || presentStrong())) continue;
      blocked.push(b.id);
      active = [];
      continue;
    }
    if ((b.id === 'dose-question' || b.id === 'general-question') && justUsed) continue;
    if (b.id === 'general-question' && shouting) continue;
    if (b.scope === 'weak') {
      // Keeps only the danger states: weak complaints, mentions and actions are explained away.
      const before = active.length;
      active = active.filter(isStrong);
      if (active.length !== before) blocked.push(b.id);
      continue;
    }
    if (b.scope === 'mention') {
      if (alarm) continue;
      const before = active.length;
      active = active.filter((r) => r.kind === 'symptom');
      if (active.length !== before) blocked.push(b.id);
      continue;
    }
    // Context blockers give way to a cry for help ("срочно", "SOS"), to a sign happening now, or to
    // "help" together with a strong sign. A laugh is never overridden.
    if (b.id === 'hypothetical-frame' && alarm) continue;
    // Nervous laughter: a danger sign and a plea ("hes kinda not responding lol what do i do").
    if (b.id === 'joke' && strong.length > 0 && (asking || alarm)) continue;
    if (b.id !== 'joke' && b.id !== 'hypothetical-frame' && (alarm || liveSign || (help && strong.length > 0))) continue;
    blocked.push(b.id);
    active = [];
  }
  if (active.length === 0) return { emergency: false, signals: [...signals, ...blocked.map((b) => `blocked:${b}`)] };
  if (active.length !== fired.length) {
    score = active.reduce((sum, r) => sum + r.weight, 0) + (drug ? 1 : 0) + (shouting || alarm || help || asking ? 1 : 0);
  }
  const emergency = score >= 2;
  return { emergency, signals: emergency ? signals : [...signals, 'below-threshold'] };
}

/** Blockers whose verdict also silences the model: a laugh or a figure of speech ("tv overdose
 *  haha", "сердце выпрыгивает, она мне ответила 😍"), a situation that is over ("скорая приехала,
 *  она дышит", "he woke up, he's breathing fine now") and an explicit hypothetical frame ("suppose
 *  he's not breathing…"). The model still sees past events, prevention and hypothetical questions
 *  itself (at most the question, never the full reply: see `emergencyActionOf`). */
export const MODEL_VETO_BLOCKERS = ['joke', 'figurative', 'resolved', 'came-round', 'hypothetical-frame', 'negated', 'mild', 'cold'] as const;
const MODEL_VETO = new RegExp(`^blocked:(?:${MODEL_VETO_BLOCKERS.join('|')})$`);
const STRONG_IDS = new Set(SIGNALS.filter(isStrong).map((r) => r.id));
const VETO_BLOCKERS = BLOCKERS.filter((b) => (MODEL_VETO_BLOCKERS as readonly string[]).includes(b.id));

/** Whether the rules' reading of a message keeps the model from deciding: a vetoing blocker applied
 *  to the rules' signs or, when no danger state was found, its words are there — unless a relapse is
 *  told after them ("откачали, но он опять…", "narcan worked but now his lips look dusky"). */
export function modelVetoed(text: string, rules: EmergencyResult): boolean {
  if (rules.signals.some((s) => MODEL_VETO.test(s))) return true;
  // A danger state the rules found (explained away by another blocker) is the model's to judge.
  if (rules.signals.some((id) => STRONG_IDS.has(id))) return false;
  const { whole, clauses } = analyse(text.slice(0, MAX_CHARS));
  const vetoes = VETO_BLOCKERS.filter((b) => any(b.patterns, ...whole) && !(b.unless && any(b.unless, ...whole)));
  if (vetoes.length === 0) return false;
  if (!any(RELAPSE, ...whole)) return true;
  // The last clause that tells either decides (within a clause, the veto: "but now she's breathing fine").
  for (let k = clauses.length - 1; k >= 0; k--) {
    const c = clauses[k]!.texts;
    if (vetoes.some((b) => any(b.patterns, ...c))) return true;
    if (any(RELAPSE, ...c)) return false;
  }
  return true;
}

/** Words of a body in trouble (the rules' sign words, looser): with a drug, a plea or a rule sign,
 *  the evidence the model needs before it may ask (`modelEvidence`). */
const BODY = combine([
  '\\b(?:дыш|дыхан|задыха|пульс|сердц|сердеч|губ|лицо|лица|кож|ногт|глаз|зрач|сознан|тошн|рвет|рвот|блю|пена|пеной|пенит|судорог|припад|тряс|колот|дерга|бледн|сер(?:ый|ая|ое)\\b|син(?:ий|яя|ие|ее|еет|еют|ева)|посин|холодн|ледян|горяч|жар|темпер|давлен|отключ|отруб|выруб|отъех|уснул|засыпа|не просып|не встает|не отвеча|не реагир|плохо|хрип|храп|бульк|умира|помира|мертв|труп|падает|упал|не двига|не шевел|вял(?:ый|ая)|сонн|слаб|немеет|онемел|галлюц|глюк|бред|путается|не узнает|не говорит|мычит|скорую|скорая|реанимац|передоз)\\S*',
  '\\b(?:breath\\S*|pulse|heart\\S*|lips|face|skin|nails|eyes|pupils?|conscious\\S*|unconscious|vomit\\S*|puk\\S*|throwing up|threw up|foam\\S*|seiz\\S*|convuls\\S*|shak\\S*|jerk\\S*|twitch\\S*|pale|grey|gray|blue|purple|cold|clammy|hot|burning|fever\\S*|temperature|asleep|sleepy|nodd\\S*|nod|wake|waking|woke|respond\\S*|unresponsive|dying|dead|died|collaps\\S*|passed out|pass out|fell|on the floor|limp|snor\\S*|gurgl\\S*|chok\\S*|sick|dizzy|numb|weak|confused|hallucinat\\S*|slur\\S*|ambulance|911|er|hospital|cpr|overdos\\S*|od|oded|oding)\\b',
].map(re));

const NALOXONE_WORDS = /(?<![^ ])(?:налокс|наркан|narcan|naloxone)[^ ]*/g;

/** Whether a message gives the model something to go on before it may ask: a sign the rules know
 *  (even a weak one, or one a blocker explained away), a drug or use, a plea for help, or a word of
 *  a body in trouble. Everyday text — "call me back after 5 pm", «приду в 15:30», "room 12 floor 3"
 *  — has none of these, and the model's guess on it is noise. */
export function modelEvidence(text: string, rules: EmergencyResult): boolean {
  if (rules.signals.some((s) => !s.startsWith('+') && !s.startsWith('blocked:') && s !== 'below-threshold')) return true;
  const { whole } = analyse(text.slice(0, MAX_CHARS));
  // Naloxone alone is no evidence: it is mostly asked about ("налоксон у меня лежит с 2021, он годный?").
  const drugs = whole.map((v) => v.replace(NALOXONE_WORDS, ' '));
  return any(DRUG_CONTEXT, ...drugs) || any(ALARM, ...whole) || any(HELP, ...whole) || any(ASKING, ...whole) || any(BODY, ...whole);
}

/** The model decides only on messages of at least this many words, numbers not counted. On one- and
 *  two-word everyday messages ("второе", "да, сейчас", "room 12 floor 3") it has no evidence, while
 *  no short emergency in the labelled sets is missed by the rules. */
export const MODEL_MIN_WORDS = 3;
export const modelWords = (text: string): number => { const t = modelText(text.slice(0, 400)); return t ? t.split(' ').length : 0; };

/**
 * Rules OR learned model: an emergency when the rules fire, or when the model's probability reaches
 * `MODEL_THRESHOLD` (`MODEL_BLOCKED_THRESHOLD` when a blocker explained the rules' sign away), the
 * message gives the model evidence (`modelEvidence`) and the rules did not recognise a joke, a
 * figure of speech, a situation that is over or a hypothetical frame (`modelVetoed`). A model
 * decision adds `model:<probability>` to the signals; the bot then asks rather than alarms.
 */
export function detectEmergency(text: string): EmergencyResult {
  const rules = detectByRules(text);
  if (rules.emergency || rules.signals.some((s) => MODEL_VETO.test(s))) return rules;
  if (modelWords(text) < MODEL_MIN_WORDS) return rules;
  const p = emergencyProbability(text);
  const blocked = rules.signals.some((s) => s.startsWith('blocked:'));
  if (p < (blocked ? MODEL_BLOCKED_THRESHOLD : MODEL_THRESHOLD) || modelVetoed(text, rules) || !modelEvidence(text, rules)) return rules;
  return { emergency: true, signals: [...rules.signals.filter((s) => s !== 'below-threshold'), `model:${p.toFixed(2)}`] };
}

