import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, loadSettings, SETTINGS_FILE, settingsSchema, type Settings } from '../organisation/settings.ts';
import { parseHtml } from '../bot-api/format.ts';
import { clientTextProblems } from './client-texts.ts';
import { lawText } from './replies.ts';
import { checkTelegramHtml } from './telegram-html.ts';

describe('the Telegram HTML check', () => {
  const samples = [
    '<b>Действуйте сейчас:</b>\n1. Звоните 103.',
    'A&amp;E &lt;free&gt; &quot;q&quot; &#128680; &#x1F6A8;',
    'A&E is fine as a bare ampersand',
    '<i>a <b>b</b></i> <a href="https://x.org/?a=1&amp;b=2">link</a> <span class="tg-spoiler">s</span>',
    'A&E <free>',
    '<b>unclosed',
    '<b>a</i>',
    '</b>',
    '<span>no class</span>',
    '<p>paragraph</p>',
  ];
  it.each(samples)('agrees with the emulator’s parser (Telegram’s wording) on %j', (html) => {
    let telegram: string | undefined;
    try {
      telegram = parseHtml(html).text;
    } catch {
      telegram = undefined;
    }
    const ours = checkTelegramHtml(html);
    expect(ours.ok).toBe(telegram !== undefined);
    if (ours.ok) expect(ours.text).toBe(telegram);
  });

  it('refuses named entities Telegram does not know (a sign of something not escaped)', () => {
    expect(checkTelegramHtml('a&nbsp;b')).toMatchObject({ ok: false, error: 'unsupported entity "&nbsp;"' });
  });
});

describe('what clients would get with the settings', () => {
  it('is fine with the defaults, and with the organisation’s words escaped', () => {
    expect(clientTextProblems(DEFAULT_SETTINGS)).toEqual([]);
    const law: Settings = { ...DEFAULT_SETTINGS, ambulanceLaw: { ru: 'A&E <free> & <b>', en: 'A&E <free>' } };
    expect(clientTextProblems(law)).toEqual([]);
    expect(lawText(law, 'en')).toBe('A&amp;E &lt;free&gt;');
  });

  it('names the field whose value would make a message Telegram refuses', () => {
    // Past the schema's limits (as an old stored version or a hand-edited object could be): the rendering says so.
    const long: Settings = { ...DEFAULT_SETTINGS, doctorContact: { ru: 'врач '.repeat(900), en: 'ok' }, closingContactLine: { ru: 'ok', en: 'x'.repeat(5000) } };
    expect(clientTextProblems(long)).toEqual([
      expect.objectContaining({ path: ['doctorContact', 'ru'], kind: 'too-long', max: 4096 }),
      expect.objectContaining({ path: ['closingContactLine', 'en'], kind: 'too-long' }),
    ]);
  });

  it('gives the free-text fields clients read a length limit with a clear error', () => {
    const parsed = settingsSchema.safeParse({ ...DEFAULT_SETTINGS, ambulanceLaw: { ru: 'x'.repeat(3001), en: 'ok' } });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]).toMatchObject({ path: ['ambulanceLaw', 'ru'], message: 'at most 3000 characters: the bot sends it to clients in one Telegram message' });
  });

  it('refuses a settings file whose values would break a client’s message, naming the field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'netreach-client-texts-'));
    try {
      writeFileSync(join(dir, SETTINGS_FILE), JSON.stringify({ ...DEFAULT_SETTINGS, ambulanceLaw: { ru: 'A&E <free>', en: 'x'.repeat(3500) } }));
      expect(loadSettings(dir)).toEqual({ ok: false, errors: ['organisation.json: ambulanceLaw.en: at most 3000 characters: the bot sends it to clients in one Telegram message'] });
      writeFileSync(join(dir, SETTINGS_FILE), JSON.stringify({ ...DEFAULT_SETTINGS, ambulanceLaw: { ru: 'A&E <free>', en: 'A&E <free>' } }));
      expect(loadSettings(dir)).toMatchObject({ ok: true });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
