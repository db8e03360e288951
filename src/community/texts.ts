import type { Locale } from '../config.ts';
import { t } from '../i18n/index.ts';
import type { Settings } from '../organisation/settings.ts';

/** The chat's rules as the organisation wrote them, or the default ones. */
export function rulesText(settings: Settings, locale: Locale): string {
  return settings.community.rules?.[locale] ?? t(locale, 'community-rules-default');
}

/** A length of time as people say it, in words: "45 минут", "3 часа", "7 дней" (as in "нельзя писать 7 дней"). */
export function durationText(locale: Locale, minutes: number): string {
  if (minutes % (24 * 60) === 0) return t(locale, 'community-days', { n: minutes / (24 * 60) });
  if (minutes % 60 === 0) return t(locale, 'community-hours', { n: minutes / 60 });
  return t(locale, 'community-minutes', { n: minutes });
}

/** "/mute 30m", "/mute 2h", "/mute 3d", "/mute 90" (minutes): minutes, or undefined when it is no duration. */
export function parseDuration(text: string): number | undefined {
  const m = /^(\d{1,5})\s*(m|min|м|мин|h|ч|d|д|дн)?$/i.exec(text.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = (m[2] ?? 'm').toLowerCase();
  const minutes = /^(h|ч)$/.test(unit) ? n * 60 : /^(d|д|дн)$/.test(unit) ? n * 24 * 60 : n;
  return minutes >= 1 && minutes <= 366 * 24 * 60 ? minutes : undefined;
}
