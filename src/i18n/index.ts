import { FluentBundle, FluentResource, type FluentVariable } from '@fluent/bundle';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locale } from '../config.ts';

export const LOCALES: readonly Locale[] = ['ru', 'en'];

const here = dirname(fileURLToPath(import.meta.url));

/** A locale's messages: `ru.ftl` plus each feature's `<feature>.ru.ftl`. */
function files(locale: Locale): string[] {
  return readdirSync(here)
    .filter((f) => f === `${locale}.ftl` || f.endsWith(`.${locale}.ftl`))
    .sort();
}

function load(locale: Locale): FluentBundle {
  // Unicode isolation marks around arguments would show up as junk in Telegram topic names.
  const bundle = new FluentBundle(locale, { useIsolating: false });
  for (const file of files(locale)) {
    const errors = bundle.addResource(new FluentResource(readFileSync(join(here, file), 'utf8')));
    if (errors.length > 0) throw new Error(`i18n/${file}: ${errors.map(String).join('; ')}`);
  }
  return bundle;
}

const bundles = new Map<Locale, FluentBundle>(LOCALES.map((l) => [l, load(l)]));

/** Translates `id`; a missing message is a programming error caught by the i18n test, not a user's problem. */
export function t(locale: Locale, id: string, args?: Record<string, FluentVariable>): string {
  const bundle = bundles.get(locale) ?? bundles.get('ru')!;
  const message = bundle.getMessage(id) ?? bundles.get('ru')!.getMessage(id);
  if (!message?.value) return id;
  return bundle.formatPattern(message.value, args);
}

export function messageIds(locale: Locale): string[] {
  return files(locale).flatMap((f) => [...readFileSync(join(here, f), 'utf8').matchAll(/^([a-z][a-z0-9-]*)\s*=/gm)].map((m) => m[1]!));
}

/** Maps Telegram's `language_code` (e.g. "en-GB") to a supported locale. */
export function localeFromTelegram(languageCode: string | undefined, fallback: Locale): Locale {
  const base = languageCode?.toLowerCase().split('-')[0];
  if (base === 'en') return 'en';
  if (base === 'ru' || base === 'uk' || base === 'be' || base === 'kk') return 'ru';
  return languageCode ? 'en' : fallback;
}
