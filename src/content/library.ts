import type { Locale } from '../config.ts';
import type { Db } from '../db/open.ts';
import { LOCALES } from '../i18n/index.ts';
import type { Settings } from '../organisation/settings.ts';
import type { FlowTexts } from '../emergency/responder.ts';
import { allVerified, fillFromSettings, fillPlaceholders, renderArticle, verifiedArticle, type VerifiedArticle } from './articles.ts';
import { FLOW_STEP_IDS, flowSteps, OVERDOSE_FLOW_SLUG } from './pack.ts';
import { matchArticles, searchArticles } from './search.ts';

/**
 * The verified content the bot may send, held in memory: the emergency reply must not wait for
 * the database, and the whole pack is a few dozen short texts. Only verified rows are ever loaded,
 * which is what keeps an unverified text from being sent. `load()` again after an import.
 */
export class ContentLibrary implements FlowTexts {
  #articles = new Map<Locale, VerifiedArticle[]>();
  #steps = new Map<Locale, Map<string, string>>();

  constructor(
    private readonly db: Db,
    private readonly settings: () => Settings,
  ) {}

  async load(): Promise<void> {
    const articles = new Map<Locale, VerifiedArticle[]>();
    const steps = new Map<Locale, Map<string, string>>();
    for (const locale of LOCALES) {
      articles.set(locale, await allVerified(this.db, locale));
      const flow = await verifiedArticle(this.db, OVERDOSE_FLOW_SLUG, locale);
      const filled = new Map<string, string>();
      // A flow in the other language is no help in an emergency: only the client's own language counts.
      if (flow && !flow.fallback) {
        const fill = fillFromSettings(this.settings(), locale);
        for (const [id, text] of flowSteps(flow.body)) {
          const value = fillPlaceholders(text, fill);
          if (value && (FLOW_STEP_IDS as readonly string[]).includes(id)) filled.set(id, value);
        }
      }
      steps.set(locale, filled);
    }
    this.#articles = articles;
    this.#steps = steps;
  }

  step(locale: Locale, id: string): string | undefined {
    return this.#steps.get(locale)?.get(id);
  }

  /** The article as Telegram HTML, or undefined when it has no verified text. */
  render(slug: string, locale: Locale): string | undefined {
    const article = this.#find(slug, locale);
    if (!article) return undefined;
    return renderArticle(article, locale, fillFromSettings(this.settings(), locale), { timeZone: this.settings().timeZone });
  }

  /** Which verified text `render` sends: the article's version and its language (the timeline records it). */
  versionOf(slug: string, locale: Locale): { version: number; locale: Locale } | undefined {
    const a = this.#find(slug, locale);
    return a ? { version: a.version, locale: this.#articles.get(locale)?.includes(a) ? locale : LOCALES.find((l) => l !== locale)! } : undefined;
  }

  /** Titles of verified articles, in the order asked (all of them when `slugs` is undefined). */
  titles(slugs: readonly string[] | undefined, locale: Locale): { slug: string; title: string }[] {
    const list = slugs ?? (this.#articles.get(locale) ?? []).map((a) => a.slug);
    return list.flatMap((slug) => {
      const a = this.#find(slug, locale);
      return a ? [{ slug, title: a.title }] : [];
    });
  }

  /** Articles worth offering for a client's free text (never the overdose ones: that has its own flow). */
  offersFor(text: string, locale: Locale): { slug: string; title: string }[] {
    return matchArticles(text, this.#articles.get(locale) ?? [], locale).map((m) => ({ slug: m.slug, title: m.title }));
  }

  /** The taxonomy needs an article answers (for the closing record's suggestions). */
  needsOf(slug: string): string[] {
    return LOCALES.flatMap((l) => this.#articles.get(l)?.find((a) => a.slug === slug)?.needs ?? []);
  }

  /** Needs suggested by a client's words: those of the articles they match. */
  needsOfText(text: string): string[] {
    return LOCALES.flatMap((l) => matchArticles(text, this.#articles.get(l) ?? [], l).flatMap((m) => this.needsOf(m.slug)));
  }

  /** A worker's `/kb` search over both languages; slugs, best first. */
  search(query: string): string[] {
    const scored = LOCALES.flatMap((l) => searchArticles(query, this.#articles.get(l) ?? [], l));
    scored.sort((a, b) => b.score - a.score);
    return [...new Set(scored.map((m) => m.slug))];
  }

  #find(slug: string, locale: Locale): VerifiedArticle | undefined {
    const own = this.#articles.get(locale)?.find((a) => a.slug === slug);
    if (own) return own;
    const other = LOCALES.find((l) => l !== locale)!;
    return this.#articles.get(other)?.find((a) => a.slug === slug);
  }
}
