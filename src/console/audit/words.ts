import type { Locale } from '../../config.ts';
import { t } from '../../i18n/index.ts';

/**
 * The log in words. An action has words when the console's messages hold
 * `console-audit-action-<action with . and _ as ->`; any other (a newer feature's, say) is shown
 * as written, so nothing in the log is ever hidden for want of a translation.
 */
export function auditActionLabel(locale: Locale, action: string): string {
  const id = `console-audit-action-${action.replace(/[._:]/g, '-')}`;
  const words = /^[a-z0-9-]+$/.test(id) ? t(locale, id) : id;
  return words === id ? action : words;
}

/** A role in words (`console-role-*`), or as written when unknown. */
export function roleLabel(locale: Locale, role: string): string {
  const id = `console-role-${role.replace(/_/g, '-')}`;
  const words = /^[a-z0-9-]+$/.test(id) ? t(locale, id) : id;
  return words === id ? role : words;
}

/**
 * An entry's detail as shown: what the console writes in a fixed form is put in words (a live
 * refresh of a transcript, the message a file belongs to); anything else as written.
 */
export function auditDetailText(locale: Locale, action: string, detail: string | null): string {
  if (detail === null) return '';
  if (action === 'transcript.view' && detail === 'live') return t(locale, 'console-audit-detail-live');
  if (action === 'transcript.media' && /^\d+$/.test(detail)) return t(locale, 'console-audit-detail-message', { id: detail });
  if (action === 'login.failed' || action === 'login.throttled') return signInDetail(locale, action, detail) ?? detail;
  // An invite to the community chat: "#<id> <where people come from>" (community/routes.tsx).
  const invite = action === 'community.invite_create' ? /^(#\d+) (unit|event|peer|other)$/.exec(detail) : null;
  if (invite) return `${invite[1]} · ${t(locale, `console-community-source-${invite[2]}`)}`;
  return detail;
}

/**
 * A failed or held-back sign-in's detail (`password`, `code, pair`, `…, unknown login 3f9a…`) in
 * words; undefined, so shown as written, as soon as one part is not a known one.
 */
function signInDetail(locale: Locale, action: 'login.failed' | 'login.throttled', detail: string): string | undefined {
  const words: string[] = [];
  for (const [i, part] of detail.split(/[,;]\s*/).entries()) {
    const unknown = /^unknown login (\S+)$/.exec(part);
    if (unknown) {
      words.push(t(locale, 'console-audit-detail-unknown-login', { ref: unknown[1]! }));
      continue;
    }
    const kind = action === 'login.failed' ? (i === 0 ? 'failed' : undefined) : i === 0 ? 'step' : i === 1 ? 'held' : undefined;
    if (!kind || !/^[a-z-]+$/.test(part)) return undefined;
    const id = `console-audit-detail-${kind}-${part}`;
    const w = t(locale, id);
    if (w === id) return undefined;
    words.push(w);
  }
  return words.join(', ');
}
