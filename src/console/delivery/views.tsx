import { CsrfField } from '../auth/csrf.ts';
import { t } from '../../i18n/index.ts';
import type { ParkedItem } from '../../outbox/store.ts';
import { formatTime, SignedInHeader, type Chrome } from '../frame/chrome.tsx';
import { Layout } from '../frame/layout.tsx';

export interface QueueLine {
  kind: string;
  depth: number;
  oldestS: number;
}

/**
 * Delivery to Telegram, as an admin needs it: what waits (per kind of chat, and how long the
 * oldest has waited) and what was set aside after Telegram refused it or it kept failing, with
 * the error, to send again or give up. Never a message's text: the case link leads to it.
 */
export function DeliveryPage(props: { chrome: Chrome; queue: QueueLine[]; parked: ParkedItem[]; done?: string }) {
  const { chrome, queue, parked } = props;
  const { locale, base } = chrome;
  const waiting = queue.filter((q) => q.depth > 0);
  return (
    <Layout locale={locale} title={t(locale, 'console-delivery-title')} header={<SignedInHeader chrome={chrome} />}>
      {props.done ? (
        <p class="notice" role="status" id="delivery-done">
          {t(locale, `console-delivery-done-${props.done}`)}
        </p>
      ) : null}
      <p class="hint">{t(locale, 'console-delivery-intro')}</p>
      <h2>{t(locale, 'console-delivery-queue')}</h2>
      {waiting.length === 0 ? (
        <p id="delivery-queue-empty">{t(locale, 'console-delivery-queue-empty')}</p>
      ) : (
        <ul id="delivery-queue">
          {waiting.map((q) => (
            <li>{t(locale, 'console-delivery-queue-line', { kind: t(locale, `console-delivery-kind-${q.kind}`), count: q.depth, minutes: Math.round(q.oldestS / 60) })}</li>
          ))}
        </ul>
      )}
      <h2>{t(locale, 'console-delivery-parked')}</h2>
      {parked.length === 0 ? (
        <p id="delivery-parked-empty">{t(locale, 'console-delivery-parked-empty')}</p>
      ) : (
        <ol class="cases" id="delivery-parked">
          {parked.map((p) => (
            <li data-item={String(p.id)}>
              <p class="title" style="margin:0">
                {t(locale, `console-delivery-kind-${p.kind}`)}
                {p.caseId !== null ? (
                  <>
                    {' · '}
                    <a href={`${base}/cases/${p.caseId}`}>{t(locale, 'console-audit-case', { case: p.caseId })}</a>
                  </>
                ) : null}
              </p>
              <p class="meta">
                <time datetime={p.createdAt.toISOString()}>{formatTime(chrome, p.createdAt)}</time>
                {' · '}
                {t(locale, 'console-delivery-attempts', { count: p.attempts })}
              </p>
              {p.lastError ? (
                <p class="meta">
                  <code>{p.lastError}</code>
                </p>
              ) : null}
              <form method="post" action={`${base}/delivery/${p.id}/retry`} style="display:inline">
                <CsrfField token={chrome.csrf} />
                <button type="submit">{t(locale, 'console-delivery-retry')}</button>
              </form>{' '}
              <form method="post" action={`${base}/delivery/${p.id}/discard`} style="display:inline">
                <CsrfField token={chrome.csrf} />
                <button type="submit" class="secondary">
                  {t(locale, 'console-delivery-discard')}
                </button>
              </form>
            </li>
          ))}
        </ol>
      )}
    </Layout>
  );
}
