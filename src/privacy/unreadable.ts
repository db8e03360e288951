import type { Locale } from '../config.ts';
import { t } from '../i18n/index.ts';
import type { Vault } from './vault.ts';

/**
 * What a page shows for a sealed value that no key held can open (`netreach keys destroy`, or a
 * value left under a key rotated away). Read paths return this mark instead of failing; the
 * console shows it in the reader's language (`shown`), and anywhere it is not translated it still
 * reads in both.
 */
export const UNREADABLE = '🔒 текст не читается / text unreadable';

/** The opened value, or the mark when it cannot be read. */
export function openOrMark(vault: Vault, purpose: string, sealed: string): string {
  return vault.tryOpen(purpose, sealed) ?? UNREADABLE;
}

/** `text` as shown to a reader: the mark in their language. */
export function shown(locale: Locale, text: string): string {
  return text === UNREADABLE ? t(locale, 'privacy-unreadable') : text;
}
