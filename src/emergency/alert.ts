import type { TopicButtons } from '../cases/deps.ts';
import type { Locale } from '../config.ts';
import { escapeHtml } from '../content/articles.ts';
import { t } from '../i18n/index.ts';
import { formatDutyForStaff } from '../organisation/format.ts';
import { localTimeOf } from '../organisation/mobile-units.ts';
import type { Settings } from '../organisation/settings.ts';
import { parseCallback } from './actions.ts';
import { followUpsMoot, JOB_SECOND_DOSE, type CourseEntry, type EmergencyState } from './state.ts';

/** How many entries of the emergency's course the alert lists (the latest ones). */
const COURSE_SHOWN = 12;

export interface AlertMessage {
  text: string;
  keyboard?: { inline_keyboard: { text: string; callback_data: string }[][] };
}

/**
 * The pinned alert in the case topic, as HTML (every value escaped): what set it off, what the
 * client answered and when, whether help arrived, the follow-ups (pending, sent, stopped and by
 * whom), the course of taps and bot messages, and who is on duty. It is edited in place as the
 * emergency goes on rather than followed by new messages (the staff group has ~20 a minute).
 */
export function renderAlert(settings: Settings, locale: Locale, state: EmergencyState, now: Date, buttons: Pick<TopicButtons, 'stopFollowUps'>): AlertMessage {
  const e = state.episode;
  const time = (at: Date) => localTimeOf(settings, at);
  const h = (id: string, args?: Record<string, string | number>) => escapeHtml(t(locale, id, args));
  const lines = [`<b>${h('staff-od-alert-head', { case: state.caseId })}</b>`];
  if (e) {
    lines.push(h(e.count > 1 ? 'staff-od-signal-again' : 'staff-od-signal', { trigger: t(locale, `staff-od-trigger-${e.trigger}`), time: time(e.at), count: e.count }));
    lines.push(e.substance ? h('staff-od-substance', { substance: t(locale, `od-${e.substance.code}`), time: time(e.substance.at) }) : h('staff-od-substance-none'));
    lines.push(e.breathing ? h(e.breathing.yes ? 'staff-od-breathing-yes' : 'staff-od-breathing-no', { time: time(e.breathing.at) }) : h('staff-od-breathing-none'));
    if (e.helpArrived) lines.push(h('staff-od-help-arrived', { time: time(e.helpArrived) }));
    if (e.recovered) lines.push(h('staff-od-recovered', { time: time(e.recovered) }));
    if (!e.helpArrived && !e.recovered) lines.push(h('staff-od-help-none'));
    lines.push(followUpsLine(locale, state, time));
  }
  const course = state.course.filter((c) => !e || e.count === 1 || c.at >= e.at);
  if (course.length > 0) {
    const shown = course.slice(-COURSE_SHOWN).map((c) => `${time(c.at)} ${escapeHtml(courseLabel(locale, c))}`);
    lines.push(h('staff-od-course', { steps: `${course.length > COURSE_SHOWN ? '… ' : ''}${shown.join(' · ')}` }));
  }
  // The duty line is HTML already (names escaped by the formatter).
  lines.push(formatDutyForStaff(settings, now, locale));
  const stoppable = !followUpsMoot(e) && state.status !== 'closed' && episodeJobs(state).some((j) => j.status === 'pending');
  return {
    text: lines.join('\n'),
    // The staff adapter owns the button's data (telegram/staff/callbacks.ts).
    keyboard: stoppable ? buttons.stopFollowUps(state.caseId) : undefined,
  };
}

/** The follow-ups of the latest emergency (an earlier one's, cancelled long ago, are not its business). */
function episodeJobs(state: EmergencyState) {
  const e = state.episode;
  return state.followUps.filter((j) => !e || e.count === 1 || j.dueAt >= e.at);
}

function followUpsLine(locale: Locale, state: EmergencyState, time: (at: Date) => string): string {
  const h = (id: string, args?: Record<string, string | number>) => escapeHtml(t(locale, id, args));
  const stopped = state.episode?.stopped;
  const jobs = episodeJobs(state).map((j) => {
    const what = t(locale, j.kind === JOB_SECOND_DOSE ? 'staff-od-job-second-dose' : 'staff-od-job-arrived-check');
    const at = time(j.status === 'pending' ? j.dueAt : (j.doneAt ?? j.dueAt));
    return t(locale, `staff-od-job-${j.status}`, { job: what, time: at });
  });
  const list = jobs.join('; ') || t(locale, 'staff-od-jobs-none');
  if (!stopped) return h('staff-od-followups', { list });
  // A worker's name is theirs to choose: escaped with the rest.
  const who = stopped.reason === 'staff' ? (stopped.by ?? t(locale, 'staff-od-stopped-by-someone')) : t(locale, `staff-od-stopped-${stopped.reason.replaceAll('_', '-')}`);
  return h('staff-od-followups-stopped', { who, time: time(stopped.at), list });
}

/** A short label of one entry of the course, in the staff's language. */
export function courseLabel(locale: Locale, c: CourseEntry): string {
  if (c.kind === 'answer') return t(locale, 'staff-od-course-answer', { answer: t(locale, `staff-od-answer-${c.code.replaceAll('_', '-')}`) });
  if (c.kind === 'tap') return t(locale, 'staff-od-course-tap', { button: buttonName(locale, c.code) });
  const step = c.code.startsWith('substance-') ? t(locale, 'staff-od-step-substance', { substance: t(locale, `od-${c.code.slice('substance-'.length)}`) }) : t(locale, `staff-od-step-${c.code}`);
  return t(locale, c.followUp ? 'staff-od-course-followup' : 'staff-od-course-bot', { step });
}

function buttonName(locale: Locale, data: string): string {
  if (data === 'menu:overdose') return t(locale, 'menu-overdose');
  const a = parseCallback(data);
  switch (a?.kind) {
    case 'substance':
      return t(locale, `od-${a.substance}`);
    case 'breathing':
      return t(locale, a.breathing ? 'od-breathing-yes' : 'od-breathing-no');
    case 'arrived':
      return t(locale, a.arrived ? 'od-arrived-yes' : 'od-arrived-no');
    case 'law':
      return t(locale, 'od-law');
    case 'doctor':
      return t(locale, 'od-doctor');
    case 'start':
      return t(locale, 'od-possible-yes');
    case 'fine':
      return t(locale, 'od-possible-no');
    default:
      return data;
  }
}
