import ExcelJS from 'exceljs';
import type { Locale } from '../config.ts';
import { SECTIONS, type Report, type ReportRow, type SectionId } from './compute.ts';

/**
 * The report in four formats. CSV, JSON and xlsx carry exactly the report's rows (codes, numbers,
 * change); Markdown is the readable donor report in Russian or English, with labels from the
 * report's taxonomy.
 */

type L = { ru: string; en: string };

const SECTION_TITLES: Record<SectionId, L> = {
  contacts: { ru: 'Обращения и клиенты', en: 'Contacts and clients' },
  needs: { ru: 'Потребности клиентов (темы и подтемы)', en: "Clients' needs (themes and sub-themes)" },
  services: { ru: 'Оказанные услуги', en: 'Services given' },
  referrals: { ru: 'Перенаправления', en: 'Referrals' },
  online: { ru: 'Решено онлайн или понадобился офлайн-шаг', en: 'Met fully online or needing an offline step' },
  outcomes: { ru: 'Результаты обращений', en: 'Outcomes' },
  emergencies: { ru: 'Экстренные случаи (передозировки)', en: 'Emergencies (overdoses)' },
  response: { ru: 'Время до первого ответа сотрудника', en: 'Time to first staff reply' },
  voice: { ru: 'Голосовые сообщения', en: 'Voice messages' },
  phone: { ru: 'Телефонные звонки', en: 'Phone calls' },
  feedback: { ru: 'Отзывы клиентов', en: 'Client feedback' },
  workers: { ru: 'По сотрудникам', en: 'By worker' },
};

const METRICS: Record<string, L> = {
  cases: { ru: 'Обращения (случаи)', en: 'Contacts (cases)' },
  unique_clients: { ru: 'Уникальные клиенты', en: 'Unique clients' },
  new_clients: { ru: 'Новые клиенты', en: 'New clients' },
  returning_clients: { ru: 'Вернувшиеся клиенты', en: 'Returning clients' },
  cases_per_client: { ru: 'Обращений на клиента', en: 'Cases per client' },
  first_contact: { ru: 'Канал первого контакта', en: 'Channel of first contact' },
  case_channel: { ru: 'Канал обращения', en: 'Channel of the case' },
  closed: { ru: 'Закрыто', en: 'Closed' },
  still_open: { ru: 'Ещё открыто', en: 'Still open' },
  recorded: { ru: 'С заполненной карточкой', en: 'With a closing record' },
  closed_without_record: { ru: 'Закрыто без карточки', en: 'Closed without a record' },
  theme: { ru: 'Тема', en: 'Theme' },
  need: { ru: 'Подтема', en: 'Sub-theme' },
  cases_with_several_needs: { ru: 'Случаи с несколькими потребностями', en: 'Cases with several needs' },
  service: { ru: 'Услуга', en: 'Service' },
  cases_with_offline_service: { ru: 'Случаи с офлайн-услугой', en: 'Cases with an offline service' },
  cases_referred: { ru: 'Случаи с перенаправлением', en: 'Cases referred' },
  referrals: { ru: 'Перенаправления', en: 'Referrals' },
  completed: { ru: 'Завершены (клиент получил услугу)', en: 'Completed (service received)' },
  completed_share: { ru: 'Доля завершённых', en: 'Share completed' },
  internal_outcome: { ru: 'Внутренние: результат', en: 'Internal: outcome' },
  external_outcome: { ru: 'Внешние: результат', en: 'External: outcome' },
  internal_to_role: { ru: 'Внутренние: к кому', en: 'Internal: to whom' },
  met_fully_online: { ru: 'Решено полностью онлайн', en: 'Met fully online' },
  needed_offline: { ru: 'Понадобился офлайн-шаг', en: 'Needed an offline step' },
  met_fully_online_share: { ru: 'Доля решённых онлайн', en: 'Share met fully online' },
  needed_offline_share: { ru: 'Доля с офлайн-шагом', en: 'Share needing an offline step' },
  outcome: { ru: 'Результат', en: 'Outcome' },
  emergencies: { ru: 'Экстренные случаи', en: 'Emergencies' },
  emergency_share: { ru: 'Доля экстренных', en: 'Share of emergencies' },
  ambulance_called: { ru: 'Вызвана скорая', en: 'Ambulance called' },
  first_staff_reply_median_min: { ru: 'Медиана до ответа сотрудника, мин', en: 'Median to a staff reply, min' },
  after_hours_share: { ru: 'Доля обращений в нерабочее время', en: 'Share after hours' },
  answered: { ru: 'С ответом сотрудника', en: 'Answered by staff' },
  first_reply_median_min: { ru: 'Медиана до первого ответа, мин', en: 'Median to first reply, min' },
  first_reply_p90_min: { ru: '90-й перцентиль до первого ответа, мин', en: '90th percentile to first reply, min' },
  client_messages: { ru: 'Сообщения клиентов', en: 'Client messages' },
  voice_messages: { ru: 'Голосовые', en: 'Voice messages' },
  voice_share: { ru: 'Доля голосовых среди сообщений клиентов', en: 'Share of client messages that are voice' },
  cases_with_voice: { ru: 'Случаи с голосовыми', en: 'Cases with voice messages' },
  cases_with_voice_share: { ru: 'Доля случаев с голосовыми', en: 'Share of cases with voice' },
  proposed: { ru: 'Звонок предложен', en: 'Call proposed' },
  phone_call: { ru: 'Звонок', en: 'Phone call' },
  accepted_share: { ru: 'Доля согласившихся (из предложенных)', en: 'Share accepted (of proposed)' },
  rated: { ru: 'Оценок', en: 'Ratings' },
  positive: { ru: '👍', en: '👍' },
  negative: { ru: '👎', en: '👎' },
  positive_share: { ru: 'Доля положительных', en: 'Share positive' },
  rated_share: { ru: 'Доля закрытых случаев с оценкой', en: 'Share of closed cases rated' },
};

const KEYS: Record<string, L> = {
  online: { ru: 'Тема 1: можно решить полностью онлайн', en: 'Theme 1: can be met fully online' },
  online_offline: { ru: 'Тема 2: онлайн и офлайн', en: 'Theme 2: online and offline' },
  other: { ru: 'Другое', en: 'Other' },
  all: { ru: 'все', en: 'all' },
  on_duty: { ru: 'в рабочие часы', en: 'in duty hours' },
  after_hours: { ru: 'в нерабочее время', en: 'after hours' },
  emergency: { ru: 'экстренные', en: 'emergencies' },
  internal: { ru: 'внутренние', en: 'internal' },
  external: { ru: 'внешние', en: 'external' },
  pending: { ru: 'ожидается', en: 'pending' },
  done: { ru: 'получил услугу', en: 'done' },
  did_not_come: { ru: 'не пришёл', en: 'did not come' },
  declined: { ru: 'отказался', en: 'declined' },
  not_proposed: { ru: 'не предлагался', en: 'not proposed' },
  accepted: { ru: 'согласился', en: 'accepted' },
  refused: { ru: 'отказался', en: 'refused' },
  client_left: { ru: 'клиент пропал', en: 'client left' },
  resolved: { ru: 'решено', en: 'resolved' },
  partly_resolved: { ru: 'решено частично', en: 'partly resolved' },
  referred: { ru: 'перенаправлен', en: 'referred' },
  unknown: { ru: 'неизвестно', en: 'unknown' },
  not_recorded: { ru: 'не указано', en: 'not recorded' },
  open: { ru: 'ещё открыт', en: 'still open' },
  direct: { ru: 'напрямую', en: 'direct' },
  chat: { ru: 'чат сообщества', en: 'community chat' },
  community: { ru: 'чат сообщества', en: 'community chat' },
  channel: { ru: 'канал', en: 'channel' },
  peer: { ru: 'по рекомендации', en: 'peer recommendation' },
  unit: { ru: 'мобильный пункт', en: 'mobile unit' },
  bot: { ru: 'бот (личные сообщения)', en: 'bot (direct messages)' },
  spam: { ru: 'спам', en: 'spam' },
  duplicate: { ru: 'дубликат', en: 'duplicate' },
  test: { ru: 'тест', en: 'test' },
  doctor: { ru: 'врач', en: 'doctor' },
  psychologist: { ru: 'психолог', en: 'psychologist' },
  lawyer: { ru: 'юрист', en: 'lawyer' },
  social_worker: { ru: 'социальный работник', en: 'social worker' },
  unspecified: { ru: 'не указано', en: 'unspecified' },
  unclaimed: { ru: 'не взят в работу', en: 'unclaimed' },
};

const TEXT = {
  title: { ru: 'Отчёт о работе веб-аутрича', en: 'Web outreach report' },
  period: { ru: 'Период', en: 'Period' },
  comparison: { ru: 'Сравнение с предыдущим периодом той же длины', en: 'Compared with the previous period of equal length' },
  timeZone: { ru: 'часовой пояс', en: 'time zone' },
  summary: { ru: 'Главное', en: 'Key figures' },
  metric: { ru: 'Показатель', en: 'Figure' },
  current: { ru: 'Период', en: 'This period' },
  previous: { ru: 'Ранее', en: 'Previous' },
  change: { ru: 'Изменение', en: 'Change' },
  cases: { ru: 'Случаи', en: 'Cases' },
  share: { ru: 'Доля', en: 'Share' },
  previousShare: { ru: 'Доля ранее', en: 'Previous share' },
  shareNote: {
    ru: 'Доли — от случаев с заполненной карточкой; у случая может быть несколько потребностей, поэтому сумма может превышать 100 %. Изменение долей — в процентных пунктах (п. п.).',
    en: 'Shares are of cases with a closing record; a case may have several needs, so shares can add up to more than 100 %. Shares change in percentage points (pp).',
  },
  privacy: {
    ru: 'Отчёт построен только по структуре случаев (коды, время, число сообщений); тексты сообщений не читались.',
    en: 'Built from the structure of cases only (codes, times, message counts); no message text was read.',
  },
  worker: { ru: 'Сотрудник', en: 'Worker' },
  minutes: { ru: 'мин', en: 'min' },
};

function label(entry: L | undefined, locale: Locale, fallback: string): string {
  return entry ? entry[locale] : fallback;
}

/** The human label of a row's key: taxonomy first, then the fixed vocabulary, then the code itself. */
function keyLabel(report: Report, row: ReportRow, locale: Locale): string {
  if (row.section === 'workers') return row.key.replace(/^Worker #/, locale === 'ru' ? 'Сотрудник №' : 'Worker #');
  if (row.metric === 'need' || row.metric === 'need_share') {
    const n = report.taxonomy.needs.find((x) => x.code === row.key);
    if (n) return n.label[locale];
  }
  if (row.metric === 'service' || row.metric === 'service_share') {
    const s = report.taxonomy.services.find((x) => x.code === row.key);
    if (s) return s.label[locale];
  }
  return label(KEYS[row.key], locale, row.key);
}

function rowLabel(report: Report, row: ReportRow, locale: Locale): string {
  const m = label(METRICS[row.metric], locale, row.metric);
  return row.key === '' ? m : `${m}: ${keyLabel(report, row, locale)}`;
}

function num(value: number | null, unit: ReportRow['unit'], locale: Locale): string {
  if (value === null) return '—';
  const n = new Intl.NumberFormat(locale === 'ru' ? 'ru-RU' : 'en-GB', { maximumFractionDigits: 2 }).format(value);
  return unit === 'percent' ? `${n} %` : n;
}

function localChange(change: string, locale: Locale): string {
  if (change === '') return '—';
  if (locale === 'en') return change;
  if (change === 'new') return 'новое';
  return change.replace('.', ',').replace(/ pp$/, ' п. п.');
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

/** A Markdown table; the first `textColumns` columns align left, the numbers right. */
function table(header: string[], rows: string[][], textColumns = 1): string {
  const lines = [`| ${header.map(cell).join(' | ')} |`, `|${header.map((_, i) => (i < textColumns ? ' --- ' : ' ---: ')).join('|')}|`];
  for (const r of rows) lines.push(`| ${r.map(cell).join(' | ')} |`);
  return lines.join('\n');
}

/** A readable donor report in Russian or English: key figures, the paper's needs table, every section with the comparison. */
export function toMarkdown(report: Report, locale: Locale = 'ru'): string {
  const t = (k: keyof typeof TEXT) => TEXT[k][locale];
  const get = (section: SectionId, metric: string, key = '') => report.rows.find((r) => r.section === section && r.metric === metric && r.key === key);
  const p = report.period;
  const q = report.previousPeriod;
  const out: string[] = [];
  out.push(`# ${t('title')}: ${report.organisation[locale]}`, '');
  out.push(`**${t('period')}:** ${p.firstDay} — ${p.lastDay} (${t('timeZone')} ${report.timeZone})  `);
  out.push(`**${t('comparison')}:** ${q.firstDay} — ${q.lastDay}`, '');
  out.push(`_${t('privacy')}_`, '');

  const line = (r: ReportRow | undefined): string[] | undefined =>
    r && [rowLabel(report, r, locale), num(r.current, r.unit, locale), num(r.previous, r.unit, locale), localChange(r.change, locale)];
  const header = [t('metric'), t('current'), t('previous'), t('change')];

  const summary = [
    get('contacts', 'cases'),
    get('contacts', 'unique_clients'),
    get('contacts', 'new_clients'),
    get('online', 'met_fully_online_share'),
    get('referrals', 'referrals', 'internal'),
    get('referrals', 'referrals', 'external'),
    get('emergencies', 'emergencies'),
    get('response', 'first_reply_median_min', 'on_duty'),
    get('response', 'after_hours_share'),
    get('feedback', 'positive_share'),
  ]
    .map(line)
    .filter((x): x is string[] => x !== undefined);
  out.push(`## ${t('summary')}`, '', table(header, summary), '');

  for (const section of SECTIONS) {
    const rows = report.rows.filter((r) => r.section === section);
    if (rows.length === 0) continue;
    out.push(`## ${SECTION_TITLES[section][locale]}`, '');
    if (section === 'needs' || section === 'services') {
      // The paper's table: each need (or service) with its count and share, now and before.
      const countMetric = section === 'needs' ? 'need' : 'service';
      const shareOf = (r: ReportRow) => get(section, `${r.metric}_share`, r.key);
      const paired = (r: ReportRow, first: string, second: string) => {
        const s = shareOf(r);
        return [first, second, num(r.current, r.unit, locale), num(s?.current ?? null, 'percent', locale), num(r.previous, r.unit, locale), num(s?.previous ?? null, 'percent', locale), localChange(r.change, locale)];
      };
      const head = [section === 'needs' ? label(METRICS.theme, locale, '') : '', label(METRICS[countMetric], locale, ''), t('cases'), t('share'), t('previous'), t('previousShare'), t('change')];
      const body: string[][] = [];
      if (section === 'needs') {
        const recorded = get('needs', 'recorded');
        if (recorded) body.push([rowLabel(report, recorded, locale), '', num(recorded.current, 'count', locale), '100 %', num(recorded.previous, 'count', locale), '100 %', localChange(recorded.change, locale)]);
        for (const theme of rows.filter((r) => r.metric === 'theme')) {
          body.push(paired(theme, `**${keyLabel(report, theme, locale)}**`, ''));
          const codes = new Set(report.taxonomy.needs.filter((n) => n.theme === theme.key).map((n) => n.code));
          for (const need of rows.filter((r) => r.metric === 'need' && (codes.has(r.key) || (theme.key === 'other' && !report.taxonomy.needs.some((n) => n.code === r.key))))) {
            body.push(paired(need, '', keyLabel(report, need, locale)));
          }
        }
      } else {
        for (const s of rows.filter((r) => r.metric === 'service')) body.push(paired(s, '', keyLabel(report, s, locale)));
      }
      out.push(table(head, body, 2), '');
      const rest = rows.filter((r) => !['theme', 'theme_share', 'need', 'need_share', 'service', 'service_share', 'recorded'].includes(r.metric));
      if (rest.length) out.push(table(header, rest.map((r) => line(r)!)), '');
      if (section === 'needs') out.push(`_${t('shareNote')}_`, '');
      continue;
    }
    if (section === 'workers') {
      const metrics = [...new Set(rows.map((r) => r.metric))];
      const workers = [...new Set(rows.map((r) => r.key))];
      const head = [t('worker'), ...metrics.map((m) => label(METRICS[m], locale, m))];
      const body = workers.map((w) => {
        const first = rows.find((r) => r.key === w)!;
        return [keyLabel(report, first, locale), ...metrics.map((m) => {
          const r = rows.find((x) => x.key === w && x.metric === m);
          return r ? `${num(r.current, r.unit, locale)} (${num(r.previous, r.unit, locale)})` : '—';
        })];
      });
      out.push(table(head, body), '', `_${t('current')} (${t('previous').toLowerCase()})_`, '');
      continue;
    }
    out.push(table(header, rows.map((r) => line(r)!)), '');
  }
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------
// CSV, JSON, xlsx: the same rows, machine-readable.

export const CSV_HEADER = ['section', 'metric', 'key', 'current', 'previous', 'change'] as const;

/** One RFC 4180 field: quoted when it holds a comma, a quote or a line break; quotes doubled. */
export function csvField(value: string | number | null | undefined): string {
  const s = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A key that a spreadsheet would run as a formula (a worker's name from a resolver) is prefixed with an apostrophe. */
function safeKey(key: string): string {
  return /^[=+\-@\t\r]/.test(key) ? `'${key}` : key;
}

export function csvLines(rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** `section,metric,key,current,previous,change`, one line per figure, CRLF line ends (RFC 4180). */
export function toCsv(report: Report): string {
  return csvLines([CSV_HEADER, ...report.rows.map((r) => [r.section, r.metric, safeKey(r.key), r.current, r.previous, r.change])]);
}

export function toJson(report: Report): string {
  return JSON.stringify(report, null, 2) + '\n';
}

/**
 * An xlsx workbook: an "about" sheet (organisation, periods), then one sheet per section with the
 * CSV's columns and numbers (numbers as numbers) and a readable label in `locale`.
 */
export async function toXlsx(report: Report, locale: Locale = 'en'): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Netreach';
  const about = wb.addWorksheet('about');
  about.addRows([
    ['organisation', report.organisation[locale]],
    ['time_zone', report.timeZone],
    ['period', `${report.period.firstDay} — ${report.period.lastDay}`],
    ['previous_period', `${report.previousPeriod.firstDay} — ${report.previousPeriod.lastDay}`],
    ['taxonomy_version', report.taxonomy.version],
  ]);
  about.getColumn(1).width = 18;
  about.getColumn(2).width = 40;
  for (const section of SECTIONS) {
    const rows = report.rows.filter((r) => r.section === section);
    if (rows.length === 0) continue;
    const ws = wb.addWorksheet(section);
    ws.addRow([...CSV_HEADER.slice(1), 'label']).font = { bold: true };
    for (const r of rows) ws.addRow([r.metric, safeKey(r.key), r.current, r.previous, r.change, rowLabel(report, r, locale)]);
    ws.getColumn(1).width = 30;
    ws.getColumn(2).width = 32;
    ws.getColumn(6).width = 60;
    ws.views = [{ state: 'frozen', ySplit: 1 }];
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
