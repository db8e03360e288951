import type { Locale } from '../../config.ts';
import { t } from '../../i18n/index.ts';

/** Newer / older links under a paged list; `href(page)` keeps the list's filters. */
export function Pager(props: { locale: Locale; page: number; hasMore: boolean; href: (page: number) => string; label: string }) {
  const { locale, page } = props;
  if (page <= 1 && !props.hasMore) return null;
  return (
    <nav class="row" aria-label={props.label}>
      {page > 1 ? (
        <a class="button" rel="prev" href={props.href(page - 1)}>
          {t(locale, 'console-pager-previous')}
        </a>
      ) : null}
      <span class="meta">{t(locale, 'console-pager-page', { page })}</span>
      {props.hasMore ? (
        <a class="button" rel="next" href={props.href(page + 1)}>
          {t(locale, 'console-pager-next')}
        </a>
      ) : null}
    </nav>
  );
}

/** A page number from the query: a whole number from 1 (1 when absent or nonsense). */
export function pageOf(v: string | undefined): number {
  const n = Number((v ?? '').trim());
  return Number.isSafeInteger(n) && n >= 1 && n <= 100_000 ? n : 1;
}
