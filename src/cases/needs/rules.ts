/**
 * Which needs of the taxonomy a case is about, for the closing form's suggestions. Pure: no I/O.
 *
 * Each need has its own signs in the client's words (Russian and English, slang and common
 * misspellings), each with a weight; a need's score is the sum of the weights of its distinct
 * signs found in the case, plus what the articles a worker sent say (an article's needs share
 * one point: a one-need article is good evidence, a three-need one is a hint for each). A need is
 * **pre-ticked** only when its score reaches `PRETICK_AT[need]` — set per need from the measured
 * precision on the development cases (`npm run eval:needs -- --calibrate`, bar `PRECISION_BAR`);
 * any other need with a score is a **hint**, shown unticked.
 *
 * What the old suggestions got wrong, and what the signs do instead:
 * - A drug named is no need: "мефедрон", "соль", "метадон" say nothing of an overdose; overdose
 *   needs an overdose (now or just over), its signs told as present, or a question on responding
 *   to one, naloxone's use or the risk of a mix. One told as backstory ("год назад передознулся")
 *   is only a hint.
 * - The emergency flag is a fact: it pre-ticks overdose. It does not stand for injection
 *   complications: in an emergency, a vein or a syringe named is where the shot went, and
 *   complications need signs of their own (an abscess, a wound that does not heal…).
 * - Minor and severe complications are one problem at two levels: a severe sign (infection with
 *   fever, abscess, spreading redness, non-healing wound, arterial hit, a swollen limb) makes it
 *   severe, and then the injection-site signs (a lump, redness, a bruise) no longer count for
 *   minor; lost or hard-to-find veins are a problem of their own and still do.
 * - A hot limb is inflammation, not overheating: "рука горячая, 38" is an infection sign.
 */
import { normalizeForMatching } from '../../emergency/detect.ts';

/** The precision on the development cases a need must reach to be pre-ticked. */
export const PRECISION_BAR = 0.9;

/** No need is pre-ticked below this score, however precise: one strong sign, or two weaker ones. */
export const MIN_PRETICK = 2;

/**
 * The score from which a need is pre-ticked: the lowest score (not below `MIN_PRETICK`) from which
 * its suggestions were at least `PRECISION_BAR` precise on `dev.jsonl` (`--calibrate` prints the
 * table). `Infinity`: never precise enough, always a hint.
 */
export const PRETICK_AT: Readonly<Record<string, number>> = {
  overdose: 2,
  minor_injection_complications: 2,
  severe_injection_complications: 2,
  hr_hiv_hcv_information: 2,
  hr_services: 2,
  home_detox_information: 2,
  pandemic_information: 2,
  psychological_support: 2,
  offline_services: 2,
};

/** Needs not listed in `PRETICK_AT` (an organisation's own codes) are hints at most. */
const NEVER = Infinity;

export interface CaseEvidence {
  /** The client's messages in the case, as written. */
  messages: readonly string[];
  /** For each article a worker sent in the case, the needs it answers. */
  articleNeeds?: readonly (readonly string[])[];
  /** The case went through the overdose flow. */
  emergency: boolean;
}

export interface NeedScore {
  need: string;
  score: number;
  /** The signs that gave the score (for tests and the evaluation's error list). */
  reasons: string[];
}

export interface NeedsSuggestion {
  /** Pre-ticked on the form. */
  confident: string[];
  /** Suggested, shown unticked. */
  hints: string[];
  scores: NeedScore[];
}

// ---------------------------------------------------------------------------------------------
// Patterns
// ---------------------------------------------------------------------------------------------

/**
 * A word boundary in normalised text (letters and digits, words one space apart): next to a space
 * or an end. Cheaper than a Unicode-aware \b (JavaScript's own knows only Latin letters).
 */
const B = '(?:(?<= |^)|(?= |$))';

/** A pattern over normalised text (lower case, «ё» read as «е»); `\b` is a word boundary, `W` a letter or digit of a word. */
function rx(source: string): RegExp {
  return new RegExp(source.replaceAll(String.raw`\b`, B).replaceAll('W', '[^ ]').replaceAll('ё', 'е'));
}

/** `a` and `b` (alternations of word starts) within `n` words of each other, either order. */
function near(a: string, b: string, n = 4): string {
  const gap = `W*(?: W+){0,${n}} `;
  return `(?:\\b(?:${a})${gap}(?:${b})|\\b(?:${b})${gap}(?:${a}))`;
}

// Word starts shared by several needs.
const VEIN = 'вен[аыуео]?\\b|венам|венк|veins?\\b';
const LIMB = 'рук|руч|ног[аиуе]?\\b|ногу|кист|локт|локот|плеч|предплеч|бедр|пах|паху|стоп|палец|пальц|жоп|ягодиц|шее?\\b|шею|arm|leg|hand|foot|feet|groin|thigh|forearm|elbow';
const INJECTION_SITE = 'мест[оеа] укол|где кол|укол|кололс|колол|вмаза|вколол|ширнул|inject|shot up|shoot|where i (?:shot|inject)';
const FEVER = 'температур|тем?пература|\\b3[89]\\b|\\b40\\b|\\b37 [5-9]\\b|знобит|озноб|лихорад|жар\\b|fever|feverish|chills|shiver|temperature';
const HOT = 'горяч|горит|hot\\b|warm\\b';
const SWOLLEN = 'опух|распух|припух|отек|отекл|swollen|swelling';
const RED = 'красн|покрасн|red\\b|redness';
const HIV_HCV = 'вич|вичь|вичом|спид|гепатит|вгс|цэшк|hiv|aids|hep\\b|hepatitis|hcv';
const MOBILE_UNIT = 'автобус|пункт|передвижк|пердвижк|машин[аые] фонда|van\\b|bus\\b|mobile unit';
const WANT = 'нужн|нужен|надо|хочу|дайте|дать|взять|получить|можно|есть ли|есть у вас|у вас есть|бывают|делаете|где (?:взять|получить|можно|брать|достать|найти|сдать)|need|want|get\\b|grab|can i|do you';
const PAST = 'год назад|лет назад|месяц назад|недел[июь] назад|в прошлом|раньше|когда-?то|last (?:year|month|week)|years? ago|months? ago|weeks? ago|умер|умерла|died|death';
const STOP_USING = 'слезть|слезаю|слезу|слезать|бросить|бросаю|бросить пить|соскочить|завязать|quit|taper|coming off|come off|get off|stop using';

interface Sign {
  id: string;
  need: string;
  weight: number;
  /** Tested on the whole case (its messages joined). */
  re: RegExp;
  /** When given, must also be found somewhere in the case. */
  with?: RegExp;
}

const sign = (need: string, weight: number, id: string, source: string): Sign => ({ id, need, weight, re: rx(source) });
const signWith = (need: string, weight: number, id: string, source: string, also: string): Sign => ({ id, need, weight, re: rx(source), with: rx(also) });

const SIGNS: Sign[] = [
  // --- overdose -------------------------------------------------------------------------------
  sign('overdose', 2, 'overdose-word', '\\bпередоз|\\bпередозир|\\boverdos|\\bod\\b|\\boded\\b|\\bods\\b|\\boding\\b'),
  sign('overdose', 2, 'not-breathing', 'не дыш|не дыша|дышит еле|еле дыш|редко дыш|почти не дыш|зрачки (?:точк|как точк)|barely breathing|pinned pupils|not breathing|isnt breathing|stopped breathing|breathing right|cant breathe'),
  sign('overdose', 2, 'blue', 'посинел|синие губы|губы син|turning blue|lips (?:are |went )?blue|blue lips'),
  sign('overdose', 2, 'unconscious', 'не просыпа|не могу разбудить|не приход(?:ит|ят) в себя|без сознан|не отвечает|не реагир|вырубилW* и не|отъехал|cant wake|wont wake|unconscious|unresponsive|not responding|wont respond|passed out'),
  sign('overdose', 1, 'snoring', 'хрипит|храпит|snoring|gurgl'),
  sign('overdose', 1.5, 'foam-seizure-now', 'пена изо рта|судорог[иа]? (?:был|начал)|дергается|дёргается|колбасит|трясет не отвечает|seizure|fitting'),
  sign('overdose', 2, 'chest-pain', 'в груди давит|давит в груди|боль в груди|грудь болит|болит грудь|сердце в горле|chest (?:feels )?(?:tight|pain|hurts)|chest is tight'),
  sign('overdose', 1, 'heart-racing', 'сердце (?:стучит|колотится|выпрыгивает) \\d|пульс \\d|heart (?:is )?(?:pounding|racing)'),
  sign('overdose', 1.5, 'overheating', '(?:весь|вся|всё тело|все тело) (?:горяч|горит|горю)|весь горю|вся горю|перегрел|перегрев|overheat|burning up'),
  sign('overdose', 2, 'naloxone-use', near('налоксон|наласкон|наркан|naloxone|narcan', 'как (?:колоть|правильно|применять|использовать|понять)|поможет|повторять|в мышцу|в вену|how (?:do i )?(?:to )?use|how does|works? on', 5)),
  sign('overdose', 1, 'naloxone-given', near('налоксон|наркан|naloxone|narcan', 'вкололи|вколол|дала|дал|gave|given', 3)),
  sign('overdose', 2, 'mix-risk', near('мешать|смешивать|смешал|вместе|с алкоголем|с алкоголем|mix|mixing|together|with alcohol|after a shot', 'опасн|можно|ok\\b|okay|safe|чем это', 6)),
  sign('overdose', 1.5, 'mix-named', '(?:лирик|феназ|бенз|ксанакс|метадон|methadone|xanax|benzo|героин|heroin|меф)W* (?:с|и|with|and|after) (?:W+ ){0,3}(?:алкогол|водк|пив|бухл|лирик|феназ|alcohol|beers?|booze|xanax|героин|heroin)'),
  sign('overdose', 2, 'recognise-respond', '(?:как понять|как распознать|как узнать|симптом|признак|что делать если|how (?:do i )?(?:tell|know)|signs of).{0,40}(?:передоз|перебрал|overdos|od\\b)|(?:пора вызывать скорую|на бок класть|recovery position)'),
  sign('overdose', 2, 'batch-risk', 'сильная партия|сильный товар|фентанил (?:ходит|пошел|в)|с фентанилом ходит|strong batch|laced with fent|cut with fent|уберечься от передоза'),
  sign('overdose', 1, 'took-too-much', 'перебрал|перекурил|took too much|too much'),
  sign('overdose', 1.5, 'seizure-recent', near('судорог|припадок|seizure|fit\\b', 'ночью|сегодня|только что|сейчас|были|was|had|last night', 4)),

  // --- minor injection complications -----------------------------------------------------------
  sign('minor_injection_complications', 2, 'veins-gone', near(VEIN, 'ушл|пропал|пропали|сгор|сожж|сожг|полопал|лопн|прячут|закончил|кончил|нет\\b|не осталось|collaps|blown|gone|shot\\b|hard|lump|hiding', 4) + '|задул|сжег вену|сжёг вену|blew (?:a|my) vein'),
  sign('minor_injection_complications', 2, 'cannot-hit', 'не (?:могу|может|можем|могла) (?:найти вену|попасть|колоть в|уколоться)|не попада|мимо вены|контроль не (?:идет|берется)|кровь не (?:идет|набирается) в шприц|missed? (?:my )?(?:shot|hit)|missing my shot|cant find a vein|keep missing'),
  sign('minor_injection_complications', 2, 'where-to-inject', '(?:куда|где|в какие|какие вены|в шею|в ноги|в пах|в кисть|на стопах).{0,30}(?:колоть|колю|кольнуть|лучше)|(?:колоть|колю) в (?:шею|ноги|пах|кисть|стоп)|перетяг|where (?:to|should i|can i) (?:inject|shoot)|same vein|same spot|какие вены лучше'),
  sign('minor_injection_complications', 1.5, 'neck', 'в шею|in (?:my|his|her|the) neck'),
  sign('minor_injection_complications', 1, 'site-bruise-lump', near('синяк|синяки|гематом|шишк|уплотнен|bruis|lump', 'укол|вен|колю|кололс|inject|shot|everywhere|везде|после', 5)),
  sign('minor_injection_complications', 2, 'site-rash-itch', near('сыпь|чешет|зуд|шелуш|rash|itch', 'укол|колю|где кол|inject|место', 6)),
  sign('minor_injection_complications', 2, 'varicose-phlebitis', 'варикоз|флебит|вены вздут|varicose|phlebitis'),
  sign('minor_injection_complications', 1.5, 'site-redness-mild', near('покраснел|припухл|red|swollen', 'немного|чуть|слегка|небольш|a bit|little|mild', 4)),
  sign('minor_injection_complications', 1.5, 'small-wound', near('ран[аыуке]?\\b|ранк|wound|sore', 'небольш|маленьк|small|обработать', 4)),
  sign('minor_injection_complications', 1, 'vein-salts', near(VEIN, 'сгорают|портятся|от соли|from meth', 4)),

  // --- severe injection complications ---------------------------------------------------------
  sign('severe_injection_complications', 2.5, 'abscess', 'абсцес|абцес|абсес|гнойник|нарыв|нарвал|гной|гноит|гниет|некроз|флегмон|сепсис|заражение крови|мясо видно|abscess|abcess|absess|\\bpus\\b|cellulitis|sepsis|blood poisoning'),
  sign('severe_injection_complications', 2, 'infected-site', near(`${LIMB}|${INJECTION_SITE}|ран|wound|spot|site`, 'infected|infection|чернеет|почернел|красное расползается|spreading', 5)),
  sign('severe_injection_complications', 2.5, 'red-streak', 'краснW* полос|red (?:streak|line)'),
  sign('severe_injection_complications', 2, 'wound-not-healing', near('ран[аыуке]?\\b|раны|язв|дыр[аку]|wound|ulcer|sore', 'не заживa?|не заживает|не заживают|долго не|мокнет|запах|воня|черн|темн|месяц|недел|won.?t heal|not heal|black|smell', 6)),
  sign('severe_injection_complications', 2.5, 'hot-limb-fever', `${near(`${LIMB}|${INJECTION_SITE}|шишк|lump|ран|wound`, `${HOT}|${SWOLLEN}|${RED}`, 5)}.{0,80}(?:${FEVER})|(?:${FEVER}).{0,80}${near(`${LIMB}|${INJECTION_SITE}`, `${HOT}|${SWOLLEN}|${RED}`, 5)}`),
  sign('severe_injection_complications', 1.5, 'hot-swollen-site', near(`${LIMB}|${INJECTION_SITE}|шишк|lump|ран`, `(?:${HOT}).{0,20}(?:${SWOLLEN}|${RED}|бол|sore|pain)|(?:${SWOLLEN}|${RED}|бол|sore).{0,25}(?:${HOT})|расползает|spread`, 5)),
  sign('severe_injection_complications', 2, 'fever-after-injecting', near(FEVER, `${INJECTION_SITE}|кололась|колола|after (?:injecting|shooting)`, 8)),
  sign('severe_injection_complications', 2.5, 'artery', 'артери|кровь алая|алая кровь|кровь (?:шла )?толчками|artery|arterial|bright red blood'),
  sign('severe_injection_complications', 2, 'limb-cold-numb-blue', near(`${LIMB}|пальц|finger`, 'онемел|холодн|ледян|синеют|посинел|побелел|white|numb|cold', 3)),
  sign('severe_injection_complications', 2, 'limb-swollen', near(`${LIMB}`, 'опухл[аи] вся|вся опухл|распухл|отекл|отек|отёк|тромб|swollen\\b', 4)),
  sign('severe_injection_complications', 2, 'thrombosis', 'тромбоз|тромб\\b|dvt|thrombosis|\\bclot\\b'),

  // --- HIV / HCV information ------------------------------------------------------------------
  sign('hr_hiv_hcv_information', 2, 'transmission', near(HIV_HCV, 'переда[её]т|передаеца|передается|заразит|подцепит|через|от общ|одной ложк|одним|passed|catch|get (?:it )?from|transmi|sharing', 6)),
  sign('hr_hiv_hcv_information', 2, 'transmission-how', '(?:можно ли|могу ли|может ли).{0,20}(?:заразиться|подцепить)|can i get (?:hep|hiv)'),
  sign('hr_hiv_hcv_information', 2, 'result-meaning', 'две полоски|положительн|отрицательн|ложноположит|окно для теста|период окна|иммуннW* статус|\\bcd4\\b|\\bифа\\b|window period|tested positive|came back positive|false positive'),
  sign('hr_hiv_hcv_information', 2, 'art', 'терапи[юяи]|арвт|\\bарт\\b|вируснW* нагрузк|неопределяем|\\bart\\b|antiretro|viral load|undetectable'),
  sign('hr_hiv_hcv_information', 2, 'aids-centre', 'спид[ -]?центр|центр спид|aids cent'),
  sign('hr_hiv_hcv_information', 2, 'hcv-treatment', near('гепатит|вгс|hep c|hcv|hepatitis', 'леч|полечить|treatment|treat|cure|печен|liver', 10)),
  sign('hr_hiv_hcv_information', 2, 'hiv-treated', near('вич|hiv', 'лечится|лечат|таблетк|жить нормально', 5)),
  sign('hr_hiv_hcv_information', 2, 'unit-where-when', near('где|когда|во сколько|в какие дни|по (?:средам|пятницам|выходным|понедельникам|вторникам|четвергам|субботам|воскресеньям)|работает|стоит|будет|where|when|on (?:friday|monday|weekends?)|this week|today|usual place', MOBILE_UNIT, 4)),
  sign('hr_hiv_hcv_information', 2, 'where-are-you', 'где вы стоите|где (?:щас|сейчас|сегодня) стоит|где вас найти|where are you (?:parked|today)|where can i find you|ближайший пункт'),
  sign('hr_hiv_hcv_information', 2, 'schedule', `расписаниW* (?:${MOBILE_UNIT})|графикW* (?:${MOBILE_UNIT})|schedule|timetable`),

  // --- harm-reduction services ----------------------------------------------------------------
  sign('hr_services', 2, 'syringes-kit', near(`${WANT}|сколько|привез`, 'шприц|баян|игл|иглы|иголк|инсулинк|машинк|двушк|единичк|пятерк|салфет|вод[уаы]? для|\\bвод[ау]\\b|мази|мазь|бинт|набор|жгут|фильтр|кукер|трубк|needles|syringes|\\bworks\\b|\\brigs?\\b|sterile water|\\bwater\\b|swabs|kits?\\b|cookers?|filters?|pipes?', 6)),
  sign('hr_services', 2, 'exchange-disposal', 'на обмен|пункт обмена|обмен шприц|поменять шприц|старых шприц|пакет старых|get rid of (?:used )?needles|needle exchange|syringe exchange|disposal'),
  sign('hr_services', 2, 'syringes-ran-out', 'кончаются шприцы|кончились шприцы|нет шприцов|затупилась|сломался баян|баян сломался|ran out of (?:needles|works)'),
  signWith('hr_services', 2, 'test-wanted', near('тест|провер|анализ|test|testing|tested|screen', `${HIV_HCV}|сифилис|гепатит б|syphilis|std|sti`, 4), `${WANT}|где (?:сдать|провер|сделать)|анонимн|бесплатн|делаете|free|where|сам сделать|домой`),
  sign('hr_services', 2, 'self-test', 'провериться на|(?:можно|где) (?:анонимно )?провериться|экспресс-?тест.{0,20}(?:взять|домой)|get tested'),
  sign('hr_services', 2, 'naloxone-get', near('налоксон|наркан|naloxone|narcan', 'где взять|где получить|получить|взять|дают|сколько дают|нужен|есть у вас|у вас есть|есть ли|need|grab|get|kits?|have any', 4)),
  sign('hr_services', 2, 'prep-pep', '\\bдкп\\b|\\bпкп\\b|\\bпреп\\b|\\bprep\\b|\\bpep\\b|доконтактн|постконтактн|таблетки (?:как от вич )?чтоб(?:ы)? не заразиться'),

  // --- home detox -----------------------------------------------------------------------------
  sign('home_detox_information', 2, 'withdrawal', 'ломк|ломает|ломать|ломит|переломат|переламыва|перекумар|кумар|выкручивает|абстинен|синдром отмены|отмена (?:бенз|феназ|лирик|метадон|алкогол)|выйти из запоя|выход из запоя|withdrawal|withdrawals|dope ?sick|rattling|cold turkey'),
  sign('home_detox_information', 2, 'comedown', 'отходняк|отходос|на отходах|comedown|come down'),
  sign('home_detox_information', 1.5, 'stop-drug', near(STOP_USING, 'метадон|феназ|лирик|бензо?|героин|гер0ин|соль|соли|фен\\b|мефа?\\b|пить|бухать|употреблять|methadone|benzos?|xanax|dope|heroin|opioids?', 4)),
  sign('home_detox_information', 1.5, 'taper', 'понижать дозу|снижать дозу|можно резко|резко бросить|taper|step down|cut down'),
  sign('home_detox_information', 1.5, 'at-home', 'дома|сам[аи]? без|без врачей|at home|on my own'),
  sign('home_detox_information', 2, 'dts-withdrawal-seizure', 'белочк|белая горячк|белой горячк|после запоя|судорогW* (?:начались )?когда не пил|delirium|the dts'),
  sign('home_detox_information', 1.5, 'how-to-stop', 'как (?:остановиться|перестать|бросить|слезть|соскочить|завязать)|не знаю как (?:остановиться|бросить|завязать)|хочу (?:завязать|соскочить|слезть)|how (?:do i|to|can i) (?:stop|quit)|get(?:ting)? clean'),
  sign('home_detox_information', 1, 'symptoms', 'всё болит|все болит|кости|понос|сопли|не сплю|cant sleep|everything hurts|cant keep anything down|sweats'),
  sign('home_detox_information', 1, 'days-off', near('\\d+(?:W{0,2})? (?:день|дня|дней|сутки|day)|\\bday \\d+', 'без|ломки|off|clean|without', 4)),

  // --- pandemic -------------------------------------------------------------------------------
  sign('pandemic_information', 2, 'covid', 'ковид|covid|коронавирус|корона\\b|пандеми|pandemic|qr[ -]?код|qr code|прививкW* от ков|вакцин'),
  sign('pandemic_information', 1, 'masks-quarantine', 'маск[иау]|карантин|masks?\\b|quarantine'),

  // --- psychological support ------------------------------------------------------------------
  sign('psychological_support', 2, 'suicidal', 'хочу умереть|не хочу жить|зачем жить|покончить|вешайся|повеситься|без меня будет лучше|не вижу смысла|нет смысла|суицид|want to die|kill myself|end it all|no point'),
  sign('psychological_support', 2, 'talk', 'поговорить|поговорите|выговориться|выслушай|не с кем|никого нет|некому|общаться с теми|нужна поддержка|поддержите|need someone|someone to talk|nobody to talk|no one to talk|talk to someone|need support'),
  sign('psychological_support', 1, 'fear-shame', 'страшно|боюсь|стыдно|бесит|плачу|scared|afraid'),
  sign('psychological_support', 2, 'despair', 'хреново|тоска|тоскливо|депресс|ненавижу себя|мне стыдно|не справляюсь|всё достало|все достало|ничего не радует|не могу больше|все отворачиваются|никому не нуж|не вывожу|нет сил|жить не хочется|не хочется жить|на душе|руки опускаются|опустились руки|рушится|устал[аи]? от всего|одиноко|одна совсем|один совсем|накрывает|паника|паническ|мысли всякие|failure|feel(?:ing)? (?:really )?low|tired of everything|nobody cares|not coping|cant cope|losing my mind|hopeless|ashamed|lonely|depressed|struggling|overwhelmed|anxiety'),
  sign('psychological_support', 1.5, 'relapse', 'сорвал|срыв|relapsed|relapse'),
  sign('psychological_support', 2, 'relative-worry', '(?:сын|дочь|муж|жена|брат|сестра|son|daughter|husband|wife).{0,40}(?:колется|употребля|using|wont talk|не разговарива)|не сплю ночами|dont know what to do anymore'),
  sign('psychological_support', 2, 'threat-violence', 'угрожа|бьет|бьёт|избива|threaten|beats me|hits me'),
  sign('psychological_support', 2, 'disclosure', near('как сказать|как признаться|не знает|how to tell', 'вич|статус|status|hiv', 5)),
  sign('psychological_support', 1.5, 'grief', 'умерла|умер\\b|died|funeral|похорон'),

  // --- offline services -----------------------------------------------------------------------
  sign('offline_services', 2, 'hospital-detox', near('лечь|положат|положить|госпитализ|госпитал|записаться|устроиться|get into|admit', 'наркологи|детокс|больниц|ребцентр|реабилит|rehab|detox|hospital', 5)),
  sign('offline_services', 2, 'hospitalisation', 'госпитализац|наркологи[юяи]|в наркологии|наркологичк|ребцентр|реабилитац|rehab|бесплатная больница|hospital detox|detox program'),
  sign('offline_services', 2, 'legal', 'адвокат|юрист|\\bсуд\\b|суда|про суд|задержал|подписка о невыезде|по 228|статья 228|по статье|обыск|протокол|сизо|полици|мент[ыаов]* (?:забрал|задерж|приняли)|lawyer|\\bcops?\\b|charged|charging|\\bcourt\\b|arrested|custody'),
  sign('offline_services', 2, 'documents', 'паспорт|снилс|полис|документ|прописк|инвалидност|\\bмсэ\\b|(?:my|an|no|lost) id\\b|id card|disability|documents'),
  sign('offline_services', 2, 'social', 'соцработник|социальн|соцзащит|выселя|жить негде|негде жить|уйти некуда|некуда (?:идти|пойти|уйти)|nowhere to go|гостиниц|приют|shelter|housing|homeless|social worker'),
  sign('offline_services', 2, 'psychologist-in-person', near('психолог|psychologist|therapist|someone i can see', 'очно|записаться|найти|in person|see', 5)),
  sign('offline_services', 2, 'accompaniment-delivery', 'сходит со мной|со мной сходит|отвезти|отвезите|сопровод|сопровожд|deliver my|delivery of|доставкW* (?:терапии|арвт)|go with me'),
  sign('offline_services', 2, 'medical-social', 'туберкул|тубдиспансер|опек[аиу]|родительских прав|пособи[ея]|пенси[яюи]|записаться к врачу|tuberculosis|child services'),
  sign('offline_services', 2, 'ost', '\\bозт\\b|заместительн|метадоновW* программ|methadone (?:program|treatment|clinic)|substitution|\\bost\\b|suboxone'),
  sign('offline_services', 2, 'pregnancy-custody', near('беремен|pregnan', 'учет|учёт|ребенк|ребёнк|отобрал|custody|child', 8)),
  sign('offline_services', 2, 'admission-request', near('хочу|помогите|помочь|можете|поможете|help me|can you help|want to', 'лечь|устроиться|госпитализ|get into|admitted', 4)),
  sign('offline_services', 2, 'dts-withdrawal-seizure', 'белочк|белая горячк|белой горячк|судорогW* (?:начались )?когда не пил|delirium'),
  sign('offline_services', 1, 'home-failed', 'дома не (?:получается|выходит)|не получается дома|сам[аи]? не (?:могу|получается|справляюсь)|cant do it (?:at home|alone)'),
  sign('offline_services', 1, 'where-to-turn', 'куда обратиться|куда идти|куда ей|who can help|кто может помочь'),
];

/** The needs these rules read; any other code (an organisation's own) is never scored from words. */
export const RULE_NEEDS: ReadonlySet<string> = new Set(SIGNS.map((s) => s.need));

// Signs whose sense another reading of the same words overrides.
/** Overdose told as past, or someone's death: a hint, never pre-ticked. */
const OVERDOSE_PAST = rx(PAST);
/** A covid test is not a harm-reduction test. */
const COVID_TEST = rx('тест на ковид|ковид.{0,10}тест|пцр|covid test');
/** Withdrawal in hospital is an offline service, not home detox. */
const HOSPITAL = rx('наркологи|больниц|госпитал|ребцентр|hospital|rehab|get into detox|help me get into');
/** Home-detox signs that stand even when hospital is named: withdrawal itself, and its dangers. */
const HOME_DETOX_IN_HOSPITAL = new Set(['withdrawal', 'comedown', 'dts-withdrawal-seizure']);
/** Signs of home detox that are only context on their own. */
const DETOX_CONTEXT = new Set(['at-home', 'days-off', 'symptoms']);
const DOCUMENT_REQUIRED = rx('нужен ли (?:паспорт|документ)|нужны ли документ|без (?:паспорта|документов) (?:можно|примут|пустят|берут)|(?:do i|do you) need (?:an |my |a )?(?:id|passport|documents)');
const COVID = rx('ковид|covid|коронавирус|пандеми|pandemic|карантин|quarantine');
/** Severe injection-site signs that make a site's minor signs part of the same problem. */
const MINOR_SITE_SIGNS = new Set(['site-bruise-lump', 'site-redness-mild', 'small-wound', 'site-rash-itch']);

// ---------------------------------------------------------------------------------------------
// Scoring
// ---------------------------------------------------------------------------------------------

/** The client's words read per case: a case longer than this is read up to here (its start says what it is about). */
export const MAX_CASE_CHARS = 8_000;

/** The normalised text of each message (the same normalisation as overdose detection), within `MAX_CASE_CHARS`. */
function normalise(messages: readonly string[]): string[] {
  const out: string[] = [];
  let left = MAX_CASE_CHARS;
  for (const m of messages) {
    if (left <= 0) break;
    const text = normalizeForMatching(m.slice(0, left));
    left -= m.length;
    if (text) out.push(text);
  }
  return out;
}

/** Every need with any evidence, best first, with its score and the signs behind it. */
export function scoreNeeds(evidence: CaseEvidence): NeedScore[] {
  const texts = normalise(evidence.messages);
  const whole = texts.join(' ');
  const found = new Map<string, Map<string, number>>(); // need → sign id → weight
  const add = (need: string, id: string, weight: number) => {
    let m = found.get(need);
    if (!m) found.set(need, (m = new Map()));
    m.set(id, Math.max(m.get(id) ?? 0, weight));
  };

  for (const s of SIGNS) {
    if (!s.re.test(whole)) continue;
    let weight = s.weight;
    // An overdose told with a time long past, or a death, is backstory: a hint at most.
    if (s.need === 'overdose' && OVERDOSE_PAST.test(whole)) {
      const hitIn = texts.filter((t) => s.re.test(t));
      if ((hitIn.length > 0 ? hitIn : [whole]).every((t) => OVERDOSE_PAST.test(t))) weight = Math.min(weight, 0.5);
    }
    if (s.id === 'test-wanted' && COVID_TEST.test(whole)) continue;
    if (s.with && !s.with.test(whole)) continue;
    if (s.need === 'home_detox_information' && !HOME_DETOX_IN_HOSPITAL.has(s.id) && HOSPITAL.test(whole)) weight = Math.min(weight, 0.5);
    // A document asked for as an entry requirement ("нужен ли паспорт?") is no documents need.
    if (s.id === 'documents' && DOCUMENT_REQUIRED.test(whole)) weight = Math.min(weight, 0.5);
    // Pandemic rules for getting into hospital or rehab are information, not a request to be admitted.
    if ((s.id === 'hospitalisation' || s.id === 'hospital-detox') && COVID.test(whole)) weight = Math.min(weight, 0.5);
    add(s.need, s.id, weight);
  }

  // Home detox: one context sign alone ("at home", "day 3", "can't sleep") says little.
  const detox = found.get('home_detox_information');
  if (detox && detox.size === 1 && DETOX_CONTEXT.has([...detox.keys()][0]!)) for (const id of detox.keys()) detox.set(id, 0.5);

  // The AIDS centre named as where an offline service takes the client (documents, accompaniment) is no information need.
  const info = found.get('hr_hiv_hcv_information');
  const offline = found.get('offline_services');
  if (info && offline && [...info.keys()].every((id) => id === 'aids-centre') && (offline.has('documents') || offline.has('accompaniment-delivery'))) info.set('aids-centre', 0.5);

  // One problem at two levels: severe signs take a site's minor signs with them.
  const severe = found.get('severe_injection_complications');
  const minor = found.get('minor_injection_complications');
  if (severe && minor && sum(severe) >= 2) for (const id of MINOR_SITE_SIGNS) minor.delete(id);

  // In an emergency, veins and syringes are where the shot went: minor complications are a hint at most.
  if (evidence.emergency) {
    add('overdose', 'emergency', 3);
    if (minor) for (const id of minor.keys()) minor.set(id, Math.min(minor.get(id)!, 0.5));
  }

  // Articles a worker sent: their needs share one point.
  for (const needs of evidence.articleNeeds ?? []) {
    const unique = [...new Set(needs)];
    for (const n of unique) add(n, `article`, Math.max(found.get(n)?.get('article') ?? 0, 1 / unique.length));
  }

  const scores: NeedScore[] = [];
  for (const [need, signs] of found) {
    if (minor === signs && signs.size === 0) continue;
    const score = Math.round(sum(signs) * 100) / 100;
    if (score > 0) scores.push({ need, score, reasons: [...signs.keys()] });
  }
  return scores.sort((a, b) => b.score - a.score || a.need.localeCompare(b.need));
}

function sum(m: Map<string, number>): number {
  let s = 0;
  for (const v of m.values()) s += v;
  return s;
}

/**
 * The needs to pre-tick and the ones to hint, for the needs `known` (the taxonomy in force; all
 * when undefined). Pre-ticked: score at least `PRETICK_AT[need]`.
 */
export function suggestNeeds(evidence: CaseEvidence, known?: ReadonlySet<string>, pretickAt: Readonly<Record<string, number>> = PRETICK_AT): NeedsSuggestion {
  const scores = scoreNeeds(evidence).filter((s) => !known || known.has(s.need));
  const confident: string[] = [];
  const hints: string[] = [];
  for (const s of scores) (s.score >= (pretickAt[s.need] ?? NEVER) ? confident : hints).push(s.need);
  return { confident, hints, scores };
}
