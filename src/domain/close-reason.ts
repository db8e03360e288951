/**
 * Why a case was closed without a record, as a code: the worker's words are kept as a sealed note
 * on the case, and only this code is stored in the clear (and shown in reports).
 */
const KNOWN_REASONS: Record<string, string> = {
  spam: 'spam',
  спам: 'spam',
  duplicate: 'duplicate',
  дубль: 'duplicate',
  дубликат: 'duplicate',
  test: 'test',
  тест: 'test',
  тестовое: 'test',
  // Set by /forget itself, never typed: the client asked to be forgotten.
  forgotten: 'forgotten',
};

export function reasonCode(reason: string | null): string {
  if (reason === null) return 'not_recorded';
  const first = reason.trim().toLowerCase().split(/[\s.,!:;]+/)[0] ?? '';
  return KNOWN_REASONS[first] ?? (Object.values(KNOWN_REASONS).includes(first) || first === 'other' ? first : 'other');
}
