import { describe, expect, it } from 'vitest';
import { CASE_STATUSES, nextStatus, STATUS_MARK, TRANSITIONS } from './case-states.ts';

describe('case lifecycle', () => {
  it('follows the process: new → open (claimed) → waiting → referred → closed, and reopens', () => {
    expect(nextStatus('new', 'claim')).toBe('open');
    expect(nextStatus('open', 'staff_reply')).toBe('waiting');
    expect(nextStatus('waiting', 'client_message')).toBe('open');
    expect(nextStatus('open', 'refer')).toBe('referred');
    expect(nextStatus('referred', 'referral_taken')).toBe('open');
    expect(nextStatus('waiting', 'close')).toBe('closed');
    expect(nextStatus('closed', 'reopen')).toBe('open');
  });

  it('refuses what the process does not allow', () => {
    expect(nextStatus('closed', 'close')).toBeUndefined();
    expect(nextStatus('closed', 'staff_reply')).toBeUndefined();
    expect(nextStatus('open', 'reopen')).toBeUndefined();
    expect(nextStatus('new', 'referral_taken')).toBeUndefined();
  });

  it('has only known statuses in its table and a mark for each', () => {
    for (const byStatus of Object.values(TRANSITIONS)) {
      for (const [from, to] of Object.entries(byStatus)) {
        expect(CASE_STATUSES).toContain(from);
        expect(CASE_STATUSES).toContain(to);
      }
    }
    for (const s of CASE_STATUSES) expect(STATUS_MARK[s]).toBeTruthy();
  });
});
