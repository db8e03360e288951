import type { Child } from 'hono/jsx';
import type { Locale } from '../../config.ts';
import { t } from '../../i18n/index.ts';
import type { TimelineEntry, TranscriptEntry } from './data.ts';
import { formatClock, type Chrome } from '../frame/chrome.tsx';
import { shown } from '../../privacy/unreadable.ts';

/**
 * The case's timeline as a worker reads it: people's messages as bubbles, the bot's messages as
 * its own (emergency steps folded, one tap to open), the client's taps and every action on the
 * case as one line each, in the order they happened.
 */

/** The bot's messages are Telegram HTML; the console shows their words. */
export function plainText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

const slug = (code: unknown) => String(code ?? '').replace(/_/g, '-');
const str = (v: unknown) => (typeof v === 'string' ? v : '');

function time(chrome: Chrome, at: Date) {
  return <time datetime={at.toISOString()}>{formatClock(chrome, at)}</time>;
}

function who(locale: Locale, e: TimelineEntry): string {
  const name = e.who ?? t(locale, 'console-author-unknown');
  return e.via === 'console' ? t(locale, 'console-tl-who-console', { name }) : name;
}

/** One line for an event that is not a message: what happened, said in the console's language. */
export function eventLine(chrome: Chrome, e: TimelineEntry): string {
  const { locale } = chrome;
  const d = e.data;
  const need = (code: string) => chrome.taxonomy.needs.find((n) => n.code === code)?.label[locale] ?? code;
  switch (e.kind) {
    case 'client_tap':
      return t(locale, 'console-tl-tap', { label: e.text !== null ? shown(locale, e.text) : str(d.button) });
    case 'feedback':
      return t(locale, 'console-tl-feedback', { rating: Number(d.rating) > 0 ? '👍' : '👎' });
    case 'claimed':
      return t(locale, 'console-tl-claimed', { who: who(locale, e) });
    case 'assigned':
      return t(locale, 'console-tl-assigned', { who: who(locale, e) });
    case 'referred':
      return t(locale, 'console-tl-referred', { who: who(locale, e), role: t(locale, `console-referral-role-${slug(d.role)}`), reason: e.text !== null ? shown(locale, e.text) : '—' });
    case 'referral_taken':
      return t(locale, 'console-tl-referral-taken', { who: who(locale, e) });
    case 'referral_outcome':
      return t(locale, 'console-tl-referral-outcome', { who: who(locale, e), outcome: t(locale, `console-referral-outcome-${slug(d.outcome)}`) });
    case 'external_referral':
      return t(locale, 'console-tl-external', { who: who(locale, e) });
    case 'followups_stopped':
      return t(locale, 'console-tl-followups-stopped', { who: e.actor === 'staff' ? who(locale, e) : t(locale, 'console-tl-system'), reason: t(locale, `console-tl-stop-${slug(d.reason) || 'other'}`) });
    case 'status':
      return t(locale, 'console-tl-status', { to: t(locale, `console-status-${str(d.to)}`) });
    case 'emergency':
      // The flow's own record: the case marked, the client asked, or the client's words read as an answer.
      if (d.answer) return t(locale, 'console-tl-answer', { answer: t(locale, `console-tl-answer-${slug(d.answer)}`) });
      if (d.level === 'possible') return t(locale, 'console-tl-emergency-possible');
      return t(locale, d.again ? 'console-tl-emergency-again' : 'console-tl-emergency');
    case 'closed': {
      const record = (d.record ?? {}) as { needs?: string[]; outcome?: string | null };
      return t(locale, 'console-tl-closed', {
        who: who(locale, e),
        needs: (record.needs ?? []).map(need).join(', ') || '—',
        outcome: record.outcome ? t(locale, `record-outcome-${record.outcome}`) : '—',
      });
    }
    case 'dropped':
      return t(locale, 'console-tl-dropped', { who: who(locale, e), reason: t(locale, `console-reports-key-${slug(d.reason) || 'not-recorded'}`) });
    case 'reopened':
      return e.actor === 'client' ? t(locale, 'console-tl-reopened-client') : t(locale, 'console-tl-reopened', { who: who(locale, e) });
    case 'client_edit':
    case 'staff_edit':
      return e.text !== null ? t(locale, 'console-tl-edited', { before: shown(locale, e.text) }) : t(locale, 'console-tl-edited-erased');
    default:
      return e.kind;
  }
}

function BotMessage(props: { chrome: Chrome; e: TimelineEntry }) {
  const { chrome, e } = props;
  const { locale } = chrome;
  const flow = str(e.data.flow) || 'other';
  const words = e.text !== null ? plainText(shown(locale, e.text)) : null;
  const label = t(locale, `console-tl-flow-${slug(flow)}`);
  const head = (
    <p class="head">
      <span aria-hidden="true">🤖 </span>
      {t(locale, 'console-tl-bot')} · {label}
      {e.actor === 'staff' ? ` · ${who(locale, e)}` : ''} · {time(chrome, e.at)}
    </p>
  );
  const body = words === null ? <p class="label">{t(locale, 'console-text-erased')}</p> : <p class="body">{words}</p>;
  // Emergency steps are long and verified text a worker knows: folded to their first line until
  // opened. A one-line message (a question) has nothing to fold.
  const lines = (words ?? '').split('\n').filter((l) => l.trim() !== '');
  if ((flow === 'emergency' || flow === 'followup') && lines.length > 1) {
    const first = lines[0]!;
    return (
      <li class={`msg bot ${flow}`} id={`e${e.id}`}>
        {head}
        <details class="fold">
          <summary>{first.length > 90 ? `${first.slice(0, 89)}…` : first}</summary>
          {body}
        </details>
      </li>
    );
  }
  return (
    <li class={`msg bot ${flow}`} id={`e${e.id}`}>
      {head}
      {body}
    </li>
  );
}

/** A message event drawn by the transcript's own bubble; everything else by the timeline. */
export function TimelineItem(props: { chrome: Chrome; e: TimelineEntry; renderMessage: (m: TranscriptEntry) => Child }) {
  const { chrome, e } = props;
  if (e.kind === 'client_message' || e.kind === 'staff_message' || e.kind === 'note') return <>{e.message ? props.renderMessage(e.message) : null}</>;
  if (e.kind === 'bot_message') return <BotMessage chrome={chrome} e={e} />;
  const tone = e.kind === 'emergency' && !e.data.answer ? 'em' : e.kind === 'emergency' ? 'tap' : e.kind === 'client_tap' ? 'tap' : e.kind === 'closed' || e.kind === 'dropped' || e.kind === 'reopened' ? 'case' : '';
  return (
    <li class={`event ${tone}`} id={`e${e.id}`} data-event={e.kind}>
      <span class="line">{eventLine(chrome, e)}</span> · {time(chrome, e.at)}
    </li>
  );
}

export const TIMELINE_CSS = `
.msg.bot{border-color:#137333;background:#e6f4ea;margin-right:1.5rem}
.msg.bot.emergency,.msg.bot.followup{border-color:#b3261e;background:#fdecea}
.msg.bot details.fold{border:0;padding:0;margin:0;background:none}
.msg.bot details.fold summary{cursor:pointer;font-weight:600;padding:0}
.msg.bot details.fold[open] summary{margin-bottom:.25rem}
.event{font-size:.9rem;color:#333;margin:.35rem 0 .35rem .25rem;padding-left:.5rem;border-left:2px dotted #999}
.event.tap{color:#0b57d0;border-left-color:#0b57d0}
.event.em{color:#b3261e;font-weight:600;border-left-color:#b3261e}
.event.case{font-weight:600}
.event time{color:#555}
.transcript .day{text-align:center;font-size:.8rem;color:#555;margin:.75rem 0 .25rem}
`;
