/**
 * Case lifecycle as data: which status may follow which, and on what event. Every status change
 * goes through `nextStatus`, so a rule lives here once instead of in scattered `if`s.
 */
export const CASE_STATUSES = ['new', 'open', 'waiting', 'referred', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export type CaseEvent = 'claim' | 'staff_reply' | 'client_message' | 'refer' | 'referral_taken' | 'close' | 'reopen';

export const TRANSITIONS: Record<CaseEvent, Partial<Record<CaseStatus, CaseStatus>>> = {
  claim: { new: 'open', waiting: 'open', referred: 'referred', open: 'open' },
  staff_reply: { new: 'waiting', open: 'waiting', waiting: 'waiting', referred: 'referred' },
  client_message: { waiting: 'open', new: 'new', open: 'open', referred: 'referred' },
  refer: { new: 'referred', open: 'referred', waiting: 'referred', referred: 'referred' },
  referral_taken: { referred: 'open' },
  close: { new: 'closed', open: 'closed', waiting: 'closed', referred: 'closed' },
  reopen: { closed: 'open' },
};

/** The status after `event`, or undefined when the event is not allowed in `status`. */
export function nextStatus(status: CaseStatus, event: CaseEvent): CaseStatus | undefined {
  return TRANSITIONS[event][status];
}

/**
 * The mark a topic's name starts with. Open and waiting share one: renaming a topic posts a
 * service message in the staff group, which counts against Telegram's 20-a-minute limit there,
 * so the name changes only at the steps a worker scans for (new, referred, closed).
 */
export const STATUS_MARK: Record<CaseStatus, string> = {
  new: '🆕',
  open: '💬',
  waiting: '💬',
  referred: '↪️',
  closed: '✅',
};
