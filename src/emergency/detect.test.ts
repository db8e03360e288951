import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { emergencyActionOf } from './actions.ts';
import { detectByRules, detectEmergency, MODEL_MIN_WORDS, modelWords, normalizeForMatching } from './detect.ts';
import { formatScores, GOALS, parseJsonl, privateMessage, score, translitCheck } from './evaluate.ts';
import { modelText } from './features.ts';
import { emergencyProbability } from './model.ts';
import { latinLanguage, russianReading } from './normalize.ts';

const fires = (text: string) => detectEmergency(text).emergency;

describe('normalizeForMatching', () => {
  it('lower-cases, maps ё to е and collapses whitespace', () => {
    expect(normalizeForMatching('  Втрёс   МНОГО\n\tПомогите ')).toBe('втрес много помогите');
  });
  it('turns punctuation and emoji into spaces', () => {
    expect(normalizeForMatching('не дышит!!!😱😱 что делать??')).toBe('не дышит что делать');
    expect(normalizeForMatching('он...посинел,губы-синие')).toBe('он посинел губы синие');
  });
  it('collapses three or more repeated letters', () => {
    expect(normalizeForMatching('помогитеее')).toBe('помогите');
    expect(normalizeForMatching('heeelp he wont wake uppp')).toBe('help he wont wake up');
    expect(normalizeForMatching('масса')).toBe('масса'); // doubles stay
  });
  it('maps Latin look-alikes to Cyrillic inside Cyrillic words only', () => {
    expect(normalizeForMatching('пеpедоз')).toBe('передоз'); // Latin p
    expect(normalizeForMatching('нe дышит')).toBe('не дышит'); // Latin e
    expect(normalizeForMatching('ПOСИНЕЛ')).toBe('посинел'); // Latin O
    expect(normalizeForMatching('he is not breathing')).toBe('he is not breathing'); // English untouched
  });
  it('keeps contractions and "OD" forms as one word', () => {
    expect(normalizeForMatching("he won't wake up, he's od'ing")).toBe('he wont wake up hes oding');
    expect(normalizeForMatching("She OD'd")).toBe('she oded');
    expect(normalizeForMatching('that is odd')).toBe('that is odd');
  });
});

/** Representative phrases per rule group. */
const MUST_FIRE: Record<string, string[]> = {
  'ru.overdose-word': ['передоз', 'передозировка у друга', 'передознулся', 'подруга передознулась', 'передозняк походу', 'пердоз', 'передас у друга', 'ПЕРЕДОЗ ПОМОГИТЕ'],
  'ru.not-breathing': ['мой друг не дышит', 'плохо дышит', 'не дышит почти', 'недышит', 'дышит через раз', 'перестал дышать'],
  'ru.blue': ['посинел', 'синие губы', 'губы синие', 'лицо серое губы синеют'],
  'ru.unresponsive': ['не просыпается', 'не приходит в себя', 'отключился и не реагирует', 'без сознания', 'храпит и не просыпается', 'не прасыпается'],
  'ru.noisy-breathing': ['хрипит', 'храпит как то странно'],
  'ru.pinpoint-pupils': ['зрачки точки'],
  'ru.revive': ['откачать', 'откачивать', 'как откачать его', 'вкололи налоксон не помогает'],
  'ru.ambulance': ['скорую вызывать?'],
  'ru.too-much': ['перебрал', 'перекололся', 'много втрёс', 'не рассчитал дозу'],
  'ru.stimulant': [
    'судороги после мефа', 'после солей горит весь', 'трясет после скорости', 'давит в груди после мефа',
    'сердце выпрыгивает', 'мне очень плохо, сердце колотится после мефа, кажется передоз', 'у него припадок после соли',
  ],
  translit: ['peredoz', 'ne dyshit', 'drug posinel', 'pomogite drug ne prosypaetsya', 'bez soznaniya'],
  'cry-for-help-only': ['помогитеее', 'SOS'],
  'en.overdose-word': ['OD', "od'ing", 'overdosing', 'my gf overdosed pls help', 'someone at the party ODd'],
  'en.not-breathing': ['not breathing', 'barely breathing', "HE'S NOT BREATHING", 'not sure if hes breathing'],
  'en.blue': ['blue lips', 'turning blue', 'lips r blue', 'helppp shes blueee'],
  'en.unresponsive': ['wont wake up', 'unresponsive', 'i cant get him to wake up he did fent'],
  'en.noisy-breathing': ['snoring weird', 'gurgling'],
  'en.pinpoint-pupils': ['pinpoint pupils'],
  'en.seizure': ['having a seizure after taking', 'my buddy is seizing after smoking meth'],
  'en.stimulant': ['chest pain after coke', 'heart feels like its exploding did 3 lines'],
  'en.too-much': ['too much fent'],
  'en.action': ['narcan isnt working what now', 'should i give him another narcan'],
  mixed: ['my friend передознулся help', 'он не дышит what to do'],
  // Held-out error categories (phrasings differ from dev2.jsonl on purpose).
  'sedative-mix': ['феназепам с пивом, брат не будится', 'she took lyrica and vodka and wont get up', 'выпил снотворное с водкой, засыпаю'],
  'indirect-signs': ['весь холодный и на голос не реагирует', 'we cant bring her back shes nodding so hard', 'после укола сполз на пол и не поднимается'],
  typos: ['он не дыштт', 'сестра не дышыт', 'hes not breahting', 'cant wkae her up', 'hes unresponsve'],
  'stimulant-behaviour': ['после мефа лезет в окно', 'trying to climb out of the window after meth', 'soaking wet and burning hot after molly', 'третьи сутки на солях, упал и трясётся'],
  'emergency-question': ['how many sprays of narcan if the first one didnt work', 'сколько колоть налоксона если он уже синий', 'пульс 190 после кокса это нормально?', 'he just came round after narcan and wants to go home'],
  // Recall-first categories (dev4 misses, phrasings of my own).
  'self-harm-ingestion': ['наглотался таблеток из аптечки', 'i swallowed a whole bottle of pills', 'вколол всё что было, мне всё равно'],
  'still-out': ['вечером укололся и так и не проснулся до сих пор', 'he used last night and hasnt woken up'],
  'after-naloxone': ['дали налоксон, а он снова засыпает', 'gave him narcan two minutes ago and nothing is happening', 'came to after narcan and wants to go use again'],
  'barely-breathing-odd': ['еле реагирует, что-то мычит', 'she is barely conscious', 'дыхание поверхностное и редкое', 'long pauses between his breaths'],
  'weak-with-context': ['после закладки тошнит и голова кружится', 'after using my face is numb and im dizzy'],
  'stimulant-danger': ['после мефа весь горячий и трясёт без остановки', 'lost vision in one eye after speed', 'grabbed his chest after coke and went quiet'],
  'spacing-typos': ['чт оделать онне просыпается', 'она не реагиру ет', 'он нре дышит'],
  'found-with-syringes': ['нашёл его на полу в ванной, рядом шприц', 'guy slumped in a stairwell with needles next to him'],
  'police-fear': ['боюсь ментов, а он почти не дышит', 'dont want cops here but she is not breathing', 'у него передоз но я на условке'],
};

const MUST_NOT_FIRE: Record<string, string[]> = {
  prevention: ['как избежать передоза', 'how to avoid an overdose', 'what are the signs of an opioid overdose', 'признаки передозировки опиатами какие'],
  statistics: ['статистика передозировок в россии за 2023', 'overdose statistics in europe', 'передозы в нашем районе участились'],
  'past-event': ['в прошлом году был передоз еле откачали', 'I had an OD last year', 'his od was years ago'],
  resolved: ['his lips were blue but narcan worked and hes ok now', 'друга откачали, он в больнице'],
  naloxone: ['где взять налоксон', 'where to get naloxone', 'how does naloxone work', 'does narcan expire'],
  'dose-question': ['передоз это сколько грамм', 'how much fent does it take to od', 'can you od on weed'],
  hypothetical: ['что делать если у друга передоз, на будущее', 'what should you do if someone is overdosing?'],
  jokes: ['передоз мемов на сегодня', 'i od\'d on coffee this morning lol', 'im dying of laughter', 'lmao i cant breathe'],
  'unrelated-health': ['нос не дышит после мефа, чем промыть', 'судороги в ногах по ночам', 'рука посинела вокруг места укола', 'my vein collapsed again'],
  unrelated: ['помогите найти реабилитацию в спб', 'help me find a rehab please', 'my husband snores so loud'],
  // Held-out false-alarm categories.
  'prevention-caps-translit': ['HOW CAN I NOT OD AFTER PRISON', 'kak ne peredoznutsya', 'КАК НЕ ПЕРЕДОЗНУТЬСЯ ПОСЛЕ РЕАБА'],
  'info-statistics-past': [
    'why are overdose deaths higher in cities', 'will narcan work on a meth overdose?', 'what does it mean if pupils are pinpoint?',
    'я однажды посинел в 20 лет, сейчас чистый', 'his lips turned blue once years ago, now he is clean',
  ],
  'recall-first-near-misses': [
    'представим, что друг посинел — сколько у меня минут?', 'if I find someone unconscious, what is the first step?',
    'место укола горячее и красное', 'the ambulance already took him, which hospital?', 'брата не стало от передоза, как жить дальше',
    'в пятницу был передоз, его уже выписали', 'ломает третий день без гера, тошнит', 'налоксон у меня лежит с 2021, он годный?',
  ],
  idioms: ['quit breathing down my neck', 'она не дышит в мою сторону', 'в отключке после смены, сплю', 'кот передознулся валерьянкой 😂', 'my heart is racing, my crush replied!!'],
};

describe('detectEmergency — rule groups', () => {
  for (const [group, phrases] of Object.entries(MUST_FIRE)) {
    it(`fires: ${group}`, () => {
      const missed = phrases.filter((p) => !fires(p));
      expect(missed, `should be emergencies: ${JSON.stringify(missed)}`).toEqual([]);
    });
  }
  // The rule tables stay quiet on every near miss; the combined detector (rules OR model) is checked
  // below, with its known model false alarms listed.
  for (const [group, phrases] of Object.entries(MUST_NOT_FIRE)) {
    it(`stays quiet: ${group}`, () => {
      const wrong = phrases.filter((p) => detectByRules(p).emergency);
      expect(wrong, `should not be emergencies: ${JSON.stringify(wrong)}`).toEqual([]);
    });
  }

  it('combined with the model, stays quiet on the near misses', () => {
    const wrong = Object.values(MUST_NOT_FIRE).flat().filter((p) => fires(p));
    expect(wrong, `should not be emergencies: ${JSON.stringify(wrong)}`).toEqual([]);
  });

  it('lets a present physical sign override a near-miss context', () => {
    expect(fires('как понять что передоз? он сейчас хрипит и не просыпается')).toBe(true);
    expect(fires('откачали налоксоном но он опять засыпает и синеет')).toBe(true);
    expect(fires('вчера вечером закинулся и до сих пор не приходит в себя')).toBe(true);
  });

  it('never lets legal worry, a question form or a past word in another clause hide a present sign', () => {
    expect(fires('will i get arrested if i call? he is blue')).toBe(true);
    expect(fires('если вызову скорую, меня посадят? она не дышит')).toBe(true);
    expect(fires('is it normal that hes gurgling and wont wake?')).toBe(true);
    expect(fires('his breathing is super slow, like once every 10 seconds')).toBe(true);
  });

  it('does not let ALL CAPS override a prevention question', () => {
    expect(fires('HOW DO I AVOID OD')).toBe(false);
    expect(fires('HE IS NOT BREATHING')).toBe(true);
  });

  it('treats a dose question as an emergency once the writer says they just took it', () => {
    expect(fires('сколько грамм это передоз')).toBe(false);
    expect(fires('я принял 2 грамма это передоз?')).toBe(true);
  });

  it('names the rules that fired, never the text', () => {
    const r = detectEmergency('мой друг не дышит, губы синие');
    expect(r.signals).toContain('ru.not-breathing');
    expect(r.signals).toContain('ru.blue');
    expect(r.signals.join(' ')).not.toContain('друг');
    expect(detectEmergency('')).toEqual({ emergency: false, signals: [] });
  });
});

describe('detectEmergency — labelled dev set', () => {
  const here = dirname(fileURLToPath(import.meta.url));
  // Only the dev set: labelled/holdout.jsonl is written by someone else and is not tuned against.
  const messages = parseJsonl(readFileSync(join(here, 'labelled', 'dev.jsonl'), 'utf8'), 'dev.jsonl');

  it('is a realistic, balanced set', () => {
    expect(messages.length).toBeGreaterThanOrEqual(300);
    const ru = messages.filter((m) => m.lang === 'ru').length / messages.length;
    const em = messages.filter((m) => m.emergency).length / messages.length;
    expect(ru).toBeGreaterThan(0.5);
    expect(ru).toBeLessThan(0.7);
    expect(em).toBeGreaterThan(0.4);
    expect(em).toBeLessThan(0.55);
  });

  it(`meets the goals on dev2.jsonl too (held-out error categories, own phrasings)`, () => {
    const dev2 = parseJsonl(readFileSync(join(here, 'labelled', 'dev2.jsonl'), 'utf8'), 'dev2.jsonl');
    expect(dev2.length).toBeGreaterThanOrEqual(150);
    const s = score(dev2);
    expect(s.recall >= GOALS.minRecall && s.falseAlarmRate <= GOALS.maxFalseAlarmRate, formatScores('dev2.jsonl', s)).toBe(true);
  });

  it('meets the goals on dev5*.jsonl (recall-first categories and hard negatives)', () => {
    for (const name of ['dev5.jsonl', 'dev5b-untuned.jsonl']) {
      const set = parseJsonl(readFileSync(join(here, 'labelled', name), 'utf8'), name);
      const s = score(set);
      expect(s.recall >= GOALS.minRecall && s.falseAlarmRate <= GOALS.maxFalseAlarmRate, formatScores(name, s)).toBe(true);
    }
  });

  it(`meets recall ≥ ${GOALS.minRecall} and false alarms ≤ ${GOALS.maxFalseAlarmRate}`, () => {
    const s = score(messages);
    const report = formatScores('dev.jsonl', s);
    console.log(report.split('\n')[0]);
    expect(s.recall >= GOALS.minRecall && s.falseAlarmRate <= GOALS.maxFalseAlarmRate, report).toBe(true);
  });
});

/** What the bot does with a client's private message: the full reply, the question, or nothing. */
const actionOf = (text: string): 'start' | 'possible' | 'none' => {
  const a = emergencyActionOf(privateMessage(text));
  return a?.kind === 'start' || a?.kind === 'possible' ? a.kind : 'none';
};
const wrongActions = (want: 'start' | 'possible' | 'none', texts: string[]) =>
  texts.map((t) => [t, actionOf(t)] as const).filter(([, got]) => got !== want);

// Issue 9: the causes of false alarms found on fresh data, each with its real-emergency counterpart.
describe('issue 9 — false alarms on fresh data', () => {
  it('1. the model never upgrades a blocked rule hit to the full reply', () => {
    // A sign the rules found and a blocker explained away (here: "а если…" hypothetical) reaches the
    // model; when it fires, the client is asked, not alarmed.
    const text = 'привет) а если человек после мета не может нормально дышать и губы немного синие это пройдёт само?';
    const r = detectEmergency(text);
    expect(r.signals).toContain('blocked:hypothetical');
    expect(r.signals.some((x) => x.startsWith('model:'))).toBe(true);
    expect(actionOf(text)).toBe('possible');
    // Every labelled message with a blocked rule hit: never the full reply.
    const here = dirname(fileURLToPath(import.meta.url));
    const all = readdirSync(join(here, 'labelled')).filter((f) => f.endsWith('.jsonl'))
      .flatMap((f) => parseJsonl(readFileSync(join(here, 'labelled', f), 'utf8'), f));
    const upgraded = all.filter((m) => detectEmergency(m.text).signals.some((x) => x.startsWith('blocked:')) && actionOf(m.text) === 'start');
    expect(upgraded.map((m) => m.text)).toEqual([]);
    // A strong blocker (it is over; a hypothetical frame) keeps the model quiet too: nothing at all.
    expect(wrongActions('none', [
      'вчера он передознулся, сегодня уже всё нормально',
      'в прошлом году подруга посинела на вписке, откачали, сейчас всё хорошо',
      'two years ago my brother overdosed, he\'s doing fine now',
      'he OD\'d last weekend but he\'s ok now',
      'suppose someone isn\'t breathing, how many rescue breaths a minute?',
    ])).toEqual([]);
  });

  it('2. questions about overdoses in general stay quiet, in translit too', () => {
    expect(wrongActions('none', [
      'peredoz ot geroina kak ego izbezhat?', 'skolko nado mefa dlya peredoza', 'kak ponyat chto eto peredoz a ne prosto kaif?',
      'mozhno li peredoznutsya tramadolom', 'chto delat pri peredoze metadonom? sprashivayu na budushchee', 'pochemu ot peredoza sineyut guby',
      'kakaya doza geroina smertelnaya', 'а можно передоз от травы?', 'как выглядит передоз солями', 'сколько надо выпить лирики для передоза',
      'what does a heroin overdose look like?', 'how much naloxone do you give for an overdose?', 'can you od on lyrica?',
    ])).toEqual([]);
    // …but a person in it, or a question asked in the middle of one, is an emergency.
    expect(wrongActions('start', [
      'skolko naloksona kolot, on ne dyshit', 'kak pomoch emu, on ne dyshit?', 'он передознулся, сколько налоксона колоть?',
      'how much narcan do i give, she is turning blue', 'что делать, передоз у друга',
    ])).toEqual([]);
  });

  it('3. English is read with the English rules only: "son" is not «сон», "train" is not training', () => {
    expect(latinLanguage(normalizeForMatching('my son is not breathing'))).toBe('en');
    expect(latinLanguage(normalizeForMatching('drug ne dyshit pomogite'))).toBe('ru');
    expect(russianReading('my son is not breathing')).toBe('my son is not breathing');
    expect(russianReading('on ne dyshit')).toBe('он не дышит');
    // English mixed with translit: only the words that are not English are read as Russian.
    expect(russianReading('my friend ne dyshit please help')).toBe('my friend не дышит please help');
    expect(wrongActions('start', [
      'my son is not breathing', "my son won't wake up, he took pills", "on the train he collapsed and isn't breathing",
      'outside the pharmacy a man is lying there not breathing', 'my son came home from school and now he is unresponsive',
      'she keeps drifting off like in a dream and her breathing is really slow after the pills',
      'my friend ne dyshit please help', 'on ne dyshit', 'drug ne prosypaetsya',
    ])).toEqual([]);
    expect(wrongActions('none', ['I take the train to your office, which stop?', 'my son asked me about drugs, how do I talk to him'])).toEqual([]);
  });

  it('4. negations and figures of speech stay quiet; negated signs that ARE emergencies fire', () => {
    expect(wrongActions('none', [
      'не передознулся я, просто устал', 'он вроде не передознулся, просто спит пьяный', 'ya ne peredoznulsya, vse ok',
      "she didn't overdose, she just fainted from the heat", "i never overdosed, don't worry",
      'кажется, одноклассник ко мне неровно дышит', 'ona ko mne nerovno dyshit', 'уже неделю просыпаюсь в пять утра',
      "I'm so blue today, missing home", 'ODing on boredom in this meeting', 'умираю со смеху от твоих сообщений',
      'this traffic is killing me', "I'm dead lol", "he's dead to me after that", 'laughing so hard i cant breathe',
      'я весь синий от холода, пустите погреться',
    ])).toEqual([]);
    expect(wrongActions('start', [
      'он не дышит', 'не просыпается после дозы', 'она не реагирует и губы синие', 'ne dyshit', 'on ne prosypaetsya',
      'not breathing', "she won't wake up", "he isn't responding to anything", 'он не дышит, а не передознулся же вроде',
    ])).toEqual([]);
  });

  it('5. past and resolved events stay quiet; a sign now after a past event fires', () => {
    expect(wrongActions('none', [
      "last month my friend OD'd but he's ok now", 'вчера передознулся, сейчас норм', 'скорая приехала, она дышит', 'skoraya priehala, on dyshit',
      "he woke up, he's breathing fine now", 'врачи уже здесь, она пришла в себя', "narcan worked, she's awake and talking",
      'last summer she stopped breathing at a festival but paramedics saved her', 'false alarm, he was just asleep',
    ])).toEqual([]);
    expect(wrongActions('start', [
      'вчера был передоз, а сейчас он опять не дышит', 'vchera byl peredoz, a seichas on opyat ne dyshit',
      "last month he OD'd and now he's turning blue again", 'откачали час назад, а теперь снова засыпает и хрипит',
    ])).toEqual([]);
  });

  it('6. numbers alone never make the model ask', () => {
    const everyday = [
      'call me back after 5 pm', 'room 12 floor 3', 'bus 46 stop 2', 'приду в 15:30', 'мне 34 года',
      'встречаемся у метро в 18:45, выход 3', 'my appointment is at 10:30 on the 4th floor', 'zavtra v 14:00 budu',
    ];
    expect(wrongActions('none', everyday)).toEqual([]);
    // The model reads no digits: a number is no evidence, and does not count as a word.
    expect(modelText('приду в 15:30, кв. 12')).toBe('приду в кв');
    expect(modelWords('room 12 floor 3')).toBeLessThan(MODEL_MIN_WORDS);
    expect(emergencyProbability('call me back after 5 pm')).toBe(emergencyProbability('call me back after 17 pm'));
    // …while the rules still read a number that is a sign.
    expect(wrongActions('start', [
      'room 12, she is not breathing', 'he took 4 bars 10 minutes ago and now he is blue', 'пульс 190 после кокса, давит в груди',
      'выпила 30 таблеток амитриптилина', 'took 20 benadryl and seeing things',
    ])).toEqual([]);
  });
});

// Issue 9, fresh set dev7 (was holdout 5): translit emergencies were the weak spot, and seven
// false full replies had general causes. One test per pattern, each with its real-emergency side.
describe('issue 9 — translit in all its spellings, and the false full replies of dev7', () => {
  it('reads digits written for letters (4 = ч, 6 = ш in translit / б in Cyrillic, 3 = з, 0 = о), numbers stay numbers', () => {
    expect(normalizeForMatching('on ne di6it 4to delat')).toBe('on ne dishit chto delat');
    expect(normalizeForMatching('sro4no, 3adyhaetsya, p0m0gite')).toBe('srochno zadyhaetsya pomogite');
    expect(normalizeForMatching('4то с ним, 6ыл в отключке')).toBe('что с ним был в отключке');
    for (const number of ['10mg', '4pm', '3rd', '40градусов', '5мин', 'covid19', '3й', 'kv 34']) expect(normalizeForMatching(number)).toBe(number);
    expect(wrongActions('start', [
      'on ne di6it 4to delat', 'sei4as on ne dy6it voob6e', 'sro4no pomogite 0na posinela', 'on u6el v otklu4ku i ne di6it', 'e6e dy6it no o4en redko',
    ])).toEqual([]);
    expect(wrongActions('none', ['4to takoe peredoz, obyasnite', 'e6e raz spasibo, vse xoro6o', 'zavtra v 4 budu u vas'])).toEqual([]);
  });

  it('reads a Latin run inside a Cyrillic word as translit when it cannot be a look-alike', () => {
    expect(normalizeForMatching('он не дыshит')).toBe('он не дышит');
    expect(normalizeForMatching('он нe dышит')).toBe('он не дышит');
    expect(normalizeForMatching('пеpедоз')).toBe('передоз'); // a look-alike stays a look-alike
    expect(wrongActions('start', ['он нe dышит', 'он не дыshит помогите', 'пomoгите он не дышит', 'drug не дышит pomogite', 'он ne реагирует, зрачки как точки'])).toEqual([]);
  });

  it('reads the many spellings of translit: x/kh/h, w/sh, j, -tsa/-tsya, й as i, ы as i, я as ia, one-letter words', () => {
    const read = (t: string) => russianReading(normalizeForMatching(t));
    expect(read('ploxo dyxanie xripit')).toBe('плохо дыхание хрипит');
    expect(read('on ne dywit')).toBe('он не дышит');
    expect(read('lejit uje nujno mojet')).toBe('лежит уже нужно может');
    expect(read('ne prosypaetsa ne ochnetsya ne otzyvaetsya')).toBe('не просыпается не очнется не отзывается');
    expect(read('seryi sinii takoi seichas sejchas svoi')).toBe('серый синий такой сейчас сейчас свои');
    expect(read('u menya v okno i ne a on')).toBe('у меня в окно и не а он');
    expect(read('rebenok sjel metadon')).toBe('ребенок съел метадон'); // (the rules then read «ъ» like «ь»: "sel" is «съел» too)
    expect(wrongActions('start', [
      'drug shirnulsya v mashine i otkinulsya, dyxanie redkoe', 'nikak ne ochnetsa, ya uzhe polchasa buzhu', 'ona lejit i ne dvigaetsya, uje minut 5',
      'on sovsem seryi i holodnyi, vmazalsya chas nazad', 'pomogite srochno drug ne prosipaetsia', 'perestal dishat', 'on dyshit raz v 10 sekund, eto normalno?',
      'rebenok sjel metadon iz shkafa', 'narkan ne deistvuet, on vse takoi zhe sinii', 'kozha ledianaia, dikhanie ele slyshno', 'on sinejet',
    ])).toEqual([]);
    // …and translit near misses stay near misses
    expect(wrongActions('none', [
      'kogda u menya bil peredoz, nikto ne pomog. teper ya volonter', 'rebenok spit uzhe 10 chasov, ne mogu razbudit v shkolu',
      'ya v otklyuchke posle smeny, splyu sutki', 'on ne dyshit v moyu storonu uzhe mesyac', 'etot trek prosto peredoz kaifa',
      "kto-nibud' mozhet pobyt' na svjazi poka ja stavljus'? ja odin doma",
    ])).toEqual([]);
  });

  it('repairs key words written without their vowels, and only key words', () => {
    expect(wrongActions('start', ['drg n dshit pmgt', 'on ne dshit sovsem', 'podruga ne dysht i sinyaya', 'pmgt on n dyshit'])).toEqual([]);
    // «сне» is no «синие», «нет» is no «не»
    expect(wrongActions('none', ['ночью он хрипел во сне, а утром встал как ни в чём не бывало. это был передоз?', 'ne di6it? net, di6it normalno, prosto spit'])).toEqual([]);
  });

  it('answers a cry for help alone in translit', () => {
    expect(wrongActions('start', ['POMOGITEEE', 'sos srochno', 'spasite pozhaluista'])).toEqual([]);
  });

  it('reads naloxone given, breathing or waking still awaited, and a relapse after it, in Russian and translit', () => {
    expect(wrongActions('start', [
      'nalokson konchilsya a ona tak i ne zadyshala', 'nalokson sdelali, on ochnulsya na minutu i snova otrubilsya', 'налоксон поставили, пока не очнулся',
      'brizgnuli nalokson v nos, on poka ne ochnulsya', 'налоксон сделали, она очнулась на минуту и снова отрубилась', 'on s utra tak i ne prishel v sebya',
      'vkololsya i otklyuchayus, strashno', 'я отключаюсь, вмазался, помогите',
    ])).toEqual([]);
    expect(wrongActions('none', ['skoraya uzhe zdes, ona zadyshala', 'nalokson srabotal, ona prishla v sebya i vse ok', 'откинулся с зоны месяц назад, хочу на метадон'])).toEqual([]);
  });

  it('negated signs are no signs: «губы не синие», "lips aren\'t blue", «да не передоз»; signs said to be absent mean the person is back', () => {
    expect(wrongActions('none', [
      'губы не синие, дыхание ровное, он просто уснул после смены', 'da ne peredoz u menya, prosto golova bolit', 'nu net, ne peredoz, prosto perepil',
      'vse norm, nikto ne posinel, prosto sprashivayu pro nalokson', "lips aren't blue, breathing normally, he just fell asleep after work",
      'лицо не серое, губы розовые, он храпит как обычно', 'пульс есть, дыхание нормальное, просто крепко спит', "his lips are pink and he's snoring normally, just tired",
    ])).toEqual([]);
    expect(wrongActions('start', [
      'губы синие, не дышит', 'губы не синие, но он не дышит', "his lips are blue and he's barely breathing", 'не передоз ли это? он не дышит',
    ])).toEqual([]);
  });

  it('breathless from a feeling, the heat or the work is a figure of speech', () => {
    expect(wrongActions('none', [
      'задыхаюсь от восторга, наконец-то дали квартиру', 'zadyxayus ot schastya, syn rodilsya', 'на работе завалили, просто задыхаюсь от дел',
      'в этой духоте задыхаюсь, кондиционер сломался', "i'm breathless with excitement, we got the flat", 'umirayu kak hochu spat posle smeny',
      'zadyhayus v metro, takaya davka', // the writer's own «задыхаюсь» counts with a drug or a plea
    ])).toEqual([]);
    expect(wrongActions('start', [
      'он задыхается и хрипит после метадона', 'задыхается после мефа, губы синеют', 'ona 3adyxaetsya i posinela', 'задыхаюсь после скорости', 'задыхаюсь, помогите',
    ])).toEqual([]);
    // blue from a stain is no sign for the rules (the model may still ask)
    expect(detectByRules('губы синие от черничного мороженого').emergency).toBe(false);
    expect(detectByRules('my lips are blue from the blueberry slushie lol').emergency).toBe(false);
  });

  it('an overdose of food is a figure of speech; of a drug it is not', () => {
    expect(wrongActions('none', ['overdosed on christmas cookies again', 'overdosed on cheese at the party', 'overdosed on sunshine this weekend', 'передоз мандаринов, всё лицо в пятнах', 'передоз печенек на новый год опять', 'peredoz tiktoka segodnya'])).toEqual([]);
    expect(wrongActions('start', ['у друга передоз метадоном', "he OD'd after going cold turkey, now he's blue", 'she overdosed on her pills and wont wake up'])).toEqual([]);
  });

  it('a question about overdoses in general, asked of nobody in particular, is a topic', () => {
    expect(wrongActions('none', [
      'can an overdose come back after narcan wears off', 'can someone stop breathing again after naloxone wears off?', 'pochemu ot geroina sineyut guby?',
      'почему от героина синеют губы', 'kak pravilno delat iskusstvennoe dyhanie', 'kuda kolot nalokson, v myshcu ili v venu?', 'a mozhet peredoz byt ot travy?',
      'how long should i stay with someone after narcan', 'after narcan wears off can they stop breathing again',
      'сколько минут без дыхания опасно для мозга, просто интересно',
    ])).toEqual([]);
    expect(wrongActions('start', ['came to after narcan and wants to go use again', "he might stop breathing, he's turning blue", 'on bez pulsa', 'лежит без дыхания'])).toEqual([]);
    // a person, "now" or haste makes it that person's emergency
    expect(wrongActions('start', ['почему он не дышит??', 'why is my friend not breathing', 'куда колоть налоксон быстро', "can someone help, he's not breathing"])).toEqual([]);
  });

  it('a purpose to avoid something is prevention: "so i don\'t overheat"', () => {
    expect(wrongActions('none', [
      "how much water should i drink on mdma so i don't overheat", 'how do i keep cool on molly so i dont overheat at the festival',
      "what should i do so i don't pass out on ketamine",
    ])).toEqual([]);
    expect(wrongActions('start', ['took mdma and now she is overheating and confused, burning up'])).toEqual([]);
  });

  it('comedown misery — wanting to lie still — is no sign; lying still and not breathing is', () => {
    expect(wrongActions('none', [
      'отходняк после мефа, депрессия, хочется лежать и не двигаться', 'после солей не хочется ни двигаться, ни говорить, просто лежу',
      'posle mefa depressiya vtoroi den, hochu prosto lezhat', 'othodnyak posle mefa, depressiya, hochetsya lezhat i ne dvigatsya',
      'kashlyayu i tyazhelo dyshat, prostyl kazhetsya',
    ])).toEqual([]);
    expect(wrongActions('start', ['после мефа лежит и не двигается, почти не дышит', 'на отходняке после мефа упал и не дышит', 'ona lezhit i ne dvigaetsya posle dozy'])).toEqual([]);
  });

  it('transliterated five ways, the Cyrillic labelled messages keep their full replies and gain no false ones', () => {
    const here = dirname(fileURLToPath(import.meta.url));
    const messages = ['dev.jsonl', 'dev4-was-holdout2.jsonl', 'dev7-was-holdout5.jsonl'].flatMap((f) => parseJsonl(readFileSync(join(here, 'labelled', f), 'utf8'), f));
    for (const r of translitCheck(messages)) {
      expect(r.fullKept / r.fullInCyrillic, `${r.style}: lost ${JSON.stringify(r.lost)}`).toBeGreaterThanOrEqual(0.98);
      expect(r.falseFullAdded / r.others, `${r.style}: added ${JSON.stringify(r.added)}`).toBeLessThanOrEqual(0.01);
    }
  });
});

// Issue 9, third round (dev10 = holdout 6): the false full replies it showed, each family with its
// real-emergency counterpart. 'none' here means "not the full reply" is not enough: it must be no reply.
describe('issue 9 — past overdoses, aftercare, general questions, negations, the writer waking up', () => {
  const notFull = (texts: string[]) => texts.map((t) => [t, actionOf(t)] as const).filter(([, got]) => got === 'start');

  it('a past overdose told with its signs and now resolved is over; a relapse now is not', () => {
    expect(notFull([
      'ночью она хрипела, мы дали наркан, она очнулась. сейчас день, она обедает',
      'вчера брат не дышал, откачали, сегодня всё нормально, просто хочу сказать спасибо',
      'utrom on byl sinii, dali nalokson, uzhe 5 chasov kak vse norm',
      'he went grey at midnight, narcan brought him back, this morning he\'s having breakfast',
      "she stopped breathing last night, we gave naloxone, she's been up and chatting since",
      'earlier he passed out and went blue but he\'s fine now and watching tv',
    ])).toEqual([]);
    expect(wrongActions('start', [
      'дали налоксон, она очнулась, а сейчас опять синеет и не дышит',
      'otkachali chas nazad, a teper opyat ne dyshit',
      'he came round after narcan but now his lips are going blue again',
      "she was awake and talking after naloxone but now she won't wake up again",
    ])).toEqual([]);
  });

  it('aftercare questions about an earlier overdose are past; the same words with a sign now are not', () => {
    expect(notFull([
      'после вчерашнего передоза у неё болит голова, это нормально?',
      'posle proshlogo peredoza on boitsya upotreblyat odin, chto posovetuete?',
      "my chest is sore after last night's overdose, is that normal?",
      'my sister has been anxious since her overdose, who can she talk to?',
    ])).toEqual([]);
    expect(wrongActions('start', [
      'после вчерашнего передоза он сегодня опять укололся и не дышит',
      "after yesterday's overdose he used again and right now he's blue and not breathing",
    ])).toEqual([]);
  });

  it('questions about overdoses in general are a topic; the same question about someone in danger now is not', () => {
    expect(notFull([
      'как понять, что у человека передоз? хочу знать заранее',
      'правда ли, что после наркана человек может снова перестать дышать?',
      'алкоголь усиливает передоз метадоном?', 'peredoz mozhet vernutsya posle naloksona?',
      'can alcohol make a fentanyl overdose worse?', 'do you still need to call an ambulance if narcan works?',
    ])).toEqual([]);
    expect(wrongActions('start', [
      'как понять передоз у него или нет? он не дышит и синий',
      'peredoz mozhet vernutsya? emu dali nalokson a seichas on opyat ne dyshit',
      "can benzos make an overdose worse? he took both and now he won't wake up",
      "how much narcan do i give, she's not breathing",
    ])).toEqual([]);
  });

  it('a negated or nobody\'s unconsciousness, reassurance and feelings are no signs; a sign beside them is', () => {
    expect(notFull([
      'она не без сознания, просто спит после смены', 'не волнуйтесь, он дышит, хотел спросить про тесты',
      'никто не передознулся, просто спрашиваю адрес', 'on ne v otklyuchke, prosto zlitsya i ne otvechaet',
      "she's not unconscious, just exhausted", 'nobody is dying, i just want to ask about the van',
      'сердце выпрыгивает от счастья, сдал экзамен', 'I can\'t breathe, this meme is so funny', 'i stopped breathing when she proposed',
    ])).toEqual([]);
    expect(wrongActions('start', [
      'он не спит, он без сознания и не дышит', "he's not sleeping, he's unconscious and not breathing",
      "she's not joking, she's actually not breathing", 'not funny, he is not breathing after a shot',
    ])).toEqual([]);
  });

  it('"woke up" is the person coming round only when they woke; the writer waking to someone in danger is an emergency', () => {
    expect(wrongActions('start', [
      'woke up to my dad barely breathing, pill bottles on the floor', 'i woke up and my girlfriend is blue and not breathing',
      'just woke up, my roommate won\'t respond and there is a needle next to him', 'проснулась, а муж не дышит и губы синие',
      'ya prosnulsya, a drug ryadom ne dyshit',
    ])).toEqual([]);
    expect(notFull(['we gave him narcan and he woke up, he\'s breathing fine now', 'дали налоксон, он очнулся, сейчас дышит ровно и ест'])).toEqual([]);
  });
});
