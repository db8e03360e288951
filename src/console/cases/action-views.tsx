import type { Locale } from '../../config.ts';
import type { Draft } from '../../cases/closing-record.ts';
import { REFERRAL_OUTCOMES, ROLES as REFERRAL_ROLES } from '../../cases/referral.ts';
import { OUTCOMES, PHONE_CALL } from '../../domain/taxonomy.ts';
import { t } from '../../i18n/index.ts';
import { CsrfField } from '../auth/csrf.ts';
import type { CaseActionData, ClosedRecord, StaffOption } from './actions.ts';
import { CONTACT_MAX_LENGTH, REASON_MAX_LENGTH } from './forms.ts';
import type { ReferralEntry } from './data.ts';
import { Errors } from '../frame/layout.tsx';
import type { Chrome } from '../frame/chrome.tsx';

/**
 * The case page's action forms: who has the case, referrals and their outcomes, articles, and
 * closing (with the record, or without one for a reason). Plain forms that post and come back;
 * the longer ones fold away in <details>, opened when they come back with errors.
 */

export type ActionForm = 'claim' | 'assign' | 'refer' | 'external' | 'outcome' | 'close' | 'drop' | 'article' | 'reopen' | 'follow-ups';

/** A form that came back: its errors, which fields they are about, and what was chosen or typed. */
export interface FailedForm {
  form: ActionForm;
  errors: string[];
  invalid: string[];
  values: Record<string, string>;
  draft?: Draft;
  referralId?: number;
}

export const CASE_ACTIONS_CSS = `input[type=search]{width:100%;font:inherit;padding:.6rem .75rem;min-height:44px;border:1px solid #5f6368;border-radius:6px;background:#fff;color:#1a1a1a}
details{border:1px solid #dadce0;border-radius:8px;margin:.75rem 0;padding:0 .75rem}
details[open]{padding-bottom:.75rem}
summary{cursor:pointer;font-weight:600;min-height:44px;display:flex;align-items:center}
.choices{display:grid;grid-template-columns:repeat(auto-fill,minmax(14rem,1fr));gap:0 1rem}
.check input{flex:none}
.maybe{color:#8a5a00;font-style:italic}
.check input[type=radio]{width:1.25rem;height:1.25rem;margin:0}
.quick{display:flex;flex-wrap:wrap;gap:.5rem;align-items:flex-start}
.quick button{margin:0;background:#eef3fd;color:#0b3a8c;border:1px solid #0b57d0}
ul.articles{list-style:none;padding:0;margin:.5rem 0}
ul.articles li{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:center;gap:.25rem 1rem;border-bottom:1px solid #dadce0;padding:.25rem 0}
ul.articles form button,form.inline button{margin:0}
form.inline{display:flex;flex-wrap:wrap;gap:.5rem;align-items:flex-end}
form.inline label{margin:.5rem 0 .25rem}
fieldset[aria-invalid=true]{border:2px solid #b3261e}
.record dd ul{margin:0;padding-left:1.25rem}`;

const isInvalid = (failed: FailedForm | undefined, form: ActionForm, field: string) => failed?.form === form && failed.invalid.includes(field);
/** aria-invalid on a field the errors are about, and the errors (plus the field's own hint) as its description. */
const invalid = (failed: FailedForm | undefined, form: ActionForm, field: string, hint?: string) => {
  const bad = isInvalid(failed, form, field);
  const describedBy = [hint, bad ? 'form-errors' : undefined].filter(Boolean).join(' ');
  return { ...(bad ? { 'aria-invalid': 'true' } : {}), ...(describedBy ? { 'aria-describedby': describedBy } : {}) };
};
const errorsOf = (locale: Locale, failed: FailedForm | undefined, form: ActionForm, referralId?: number) =>
  failed?.form === form && failed.referralId === referralId ? <Errors locale={locale} messages={failed.errors} /> : null;
const valueOf = (failed: FailedForm | undefined, form: ActionForm, field: string) => (failed?.form === form ? failed.values[field] : undefined);

function staffLabel(locale: Locale, s: StaffOption): string {
  const roles = s.roles.filter((r) => (REFERRAL_ROLES as readonly string[]).includes(r)).map((r) => t(locale, `role-${r}`));
  return [s.name, roles.length > 0 ? `(${roles.join(', ')})` : '', s.onDuty ? `· ${t(locale, 'console-act-on-duty')}` : ''].filter(Boolean).join(' ');
}

/** Claim for oneself (the account's staff member) or hand the case to someone. */
/** Who has the case: take it (any console account can: one not linked to Telegram acts under its own name), or hand it to someone. */
export function AssigneeSection(props: { chrome: Chrome; path: string; data: CaseActionData; mine: boolean; failed?: FailedForm }) {
  const { chrome, path, data, failed } = props;
  const { locale } = chrome;
  return (
    <section aria-labelledby="assignee-title" id="assignee">
      <h2 id="assignee-title">{t(locale, 'console-act-assignee-title')}</h2>
      {errorsOf(locale, failed, 'claim')}
      {props.mine ? (
        <p id="claim-mine">{t(locale, 'console-act-done-claim')}</p>
      ) : (
        <form method="post" action={`${path}/claim#assignee`}>
          <CsrfField token={chrome.csrf} />
          <button type="submit" id="claim">
            {t(locale, 'console-act-claim')}
          </button>
        </form>
      )}
      {errorsOf(locale, failed, 'assign')}
      {data.staff.length === 0 ? (
        <p class="hint">{t(locale, 'console-act-no-staff')}</p>
      ) : (
        <form method="post" action={`${path}/assign#assignee`}>
          <CsrfField token={chrome.csrf} />
          <label for="assign-member">{t(locale, 'console-act-assign-field')}</label>
          <select id="assign-member" name="member" required {...invalid(failed, 'assign', 'member')}>
            <option value="">{t(locale, 'console-act-choose')}</option>
            {data.staff.map((s) => (
              <option value={String(s.id)} selected={valueOf(failed, 'assign', 'member') === String(s.id)}>
                {staffLabel(locale, s)}
              </option>
            ))}
          </select>
          <button type="submit">{t(locale, 'console-act-assign')}</button>
        </form>
      )}
    </section>
  );
}

/** Quick replies, as buttons of the reply form: without scripts they post back with the box filled; with scripts they insert at the cursor. */
export function QuickReplies(props: { chrome: Chrome; path: string; data: CaseActionData }) {
  const { locale } = props.chrome;
  if (props.data.quickReplies.length === 0) return null;
  return (
    <fieldset>
      <legend>{t(locale, 'console-act-quick-title')}</legend>
      <p class="hint" id="quick-hint">
        {t(locale, 'console-act-quick-hint')}
      </p>
      <div class="quick">
        {props.data.quickReplies.map((q) => (
          <button type="submit" name="quick" value={q.id} formaction={`${props.path}/quick#composer`} formnovalidate data-quick-text={q.text} aria-describedby="quick-hint">
            {q.label}
          </button>
        ))}
      </div>
    </fieldset>
  );
}

/** Verified articles to send: a search, and a send button for each. */
export function ArticlesSection(props: { chrome: Chrome; path: string; data: CaseActionData; failed?: FailedForm }) {
  const { chrome, path, data, failed } = props;
  const { locale } = chrome;
  return (
    <section aria-labelledby="articles-title" id="articles">
      <h2 id="articles-title">{t(locale, 'console-act-articles-title')}</h2>
      <p class="hint">{t(locale, 'console-act-articles-hint')}</p>
      <form method="get" action={`${path}#articles`} role="search" class="inline">
        <div style="flex:1 1 12rem">
          <label for="kb-query">{t(locale, 'console-act-articles-search')}</label>
          <input id="kb-query" type="search" name="kb" value={data.query} maxlength={200} />
        </div>
        <button type="submit">{t(locale, 'console-act-articles-find')}</button>
      </form>
      {errorsOf(locale, failed, 'article')}
      {data.articles.length === 0 ? (
        <p id="no-articles">{t(locale, data.query ? 'console-act-articles-none-found' : 'console-act-articles-none')}</p>
      ) : data.query ? (
        <ArticleList chrome={chrome} path={path} articles={data.articles} />
      ) : (
        // The whole list is long on a phone: folded until asked for (a search shows its matches at once).
        <details open={failed?.form === 'article'} id="all-articles">
          <summary>{t(locale, 'console-act-articles-all', { count: data.articles.length })}</summary>
          <ArticleList chrome={chrome} path={path} articles={data.articles} />
        </details>
      )}
    </section>
  );
}

function ArticleList(props: { chrome: Chrome; path: string; articles: CaseActionData['articles'] }) {
  const { chrome, path } = props;
  const { locale } = chrome;
  return (
    <ul class="articles">
      {props.articles.map((a) => (
        <li data-article={a.slug}>
          <span>{a.title}</span>
          <form method="post" action={`${path}/article#articles`}>
            <CsrfField token={chrome.csrf} />
            <input type="hidden" name="slug" value={a.slug} />
            <button type="submit" aria-label={t(locale, 'console-act-article-send-named', { title: a.title })}>
              {t(locale, 'console-act-article-send')}
            </button>
          </form>
        </li>
      ))}
    </ul>
  );
}

/** A pending referral's outcome: the same three answers as the topic's buttons. */
export function OutcomeForm(props: { chrome: Chrome; path: string; referral: ReferralEntry; failed?: FailedForm }) {
  const { chrome, referral, failed } = props;
  const { locale } = chrome;
  const id = `outcome-${referral.id}`;
  return (
    <>
      {errorsOf(locale, failed, 'outcome', referral.id)}
      <form method="post" action={`${props.path}/referrals/${referral.id}/outcome#referrals`} class="inline">
        <CsrfField token={chrome.csrf} />
        <div>
          <label for={id}>{t(locale, 'console-act-outcome-field')}</label>
          <select id={id} name="outcome" required {...(failed?.form === 'outcome' && failed.referralId === referral.id ? { 'aria-invalid': 'true', 'aria-describedby': 'form-errors' } : {})}>
            <option value="">{t(locale, 'console-act-choose')}</option>
            {REFERRAL_OUTCOMES.map((o) => (
              <option value={o}>{t(locale, `referral-${o}`)}</option>
            ))}
          </select>
        </div>
        <button type="submit">{t(locale, 'console-act-outcome-save')}</button>
      </form>
    </>
  );
}

/** Refer inside the organisation (a role, maybe a person, a reason) or to an organisation of the directory. */
export function ReferForms(props: { chrome: Chrome; path: string; data: CaseActionData; failed?: FailedForm }) {
  const { chrome, path, data, failed } = props;
  const { locale } = chrome;
  const v = (field: string) => valueOf(failed, 'refer', field);
  return (
    <>
      <details open={failed?.form === 'refer'} id="refer">
        <summary>{t(locale, 'console-act-refer-title')}</summary>
        {errorsOf(locale, failed, 'refer')}
        <form method="post" action={`${path}/refer#refer`}>
          <CsrfField token={chrome.csrf} />
          <label for="refer-role">{t(locale, 'console-act-refer-role')}</label>
          <select id="refer-role" name="role" required {...invalid(failed, 'refer', 'role')}>
            <option value="">{t(locale, 'console-act-choose')}</option>
            {REFERRAL_ROLES.map((r) => (
              <option value={r} selected={v('role') === r}>
                {t(locale, `role-${r}`)}
              </option>
            ))}
          </select>
          <label for="refer-person">{t(locale, 'console-act-refer-person')}</label>
          <select id="refer-person" name="person" {...invalid(failed, 'refer', 'person')}>
            <option value="">{t(locale, 'console-act-refer-anyone')}</option>
            {data.staff.map((s) => (
              <option value={String(s.id)} selected={v('person') === String(s.id)}>
                {staffLabel(locale, s)}
              </option>
            ))}
          </select>
          <label for="refer-reason">{t(locale, 'console-act-refer-reason')}</label>
          <textarea id="refer-reason" name="reason" required maxlength={REASON_MAX_LENGTH} {...invalid(failed, 'refer', 'reason', 'refer-reason-hint')}>
            {v('reason') ?? ''}
          </textarea>
          <p class="hint" id="refer-reason-hint">
            {t(locale, 'console-act-refer-reason-hint')}
          </p>
          <button type="submit">{t(locale, 'console-act-refer-submit')}</button>
        </form>
      </details>
      <details open={failed?.form === 'external'} id="external">
        <summary>{t(locale, 'console-act-external-title')}</summary>
        {errorsOf(locale, failed, 'external')}
        {data.directory.length === 0 ? (
          <p>{t(locale, 'console-act-external-empty')}</p>
        ) : (
          <form method="post" action={`${path}/external#external`}>
            <CsrfField token={chrome.csrf} />
            <label for="external-org">{t(locale, 'console-act-external-field')}</label>
            <select id="external-org" name="organisation" required {...invalid(failed, 'external', 'organisation', 'external-hint')}>
              <option value="">{t(locale, 'console-act-choose')}</option>
              {data.directory.map((o) => (
                <option value={String(o.id)} disabled={!o.verified} selected={valueOf(failed, 'external', 'organisation') === String(o.id)}>
                  {o.verified ? o.name[locale] : `${o.name[locale]} — ${t(locale, 'console-act-external-unverified')}`}
                </option>
              ))}
            </select>
            <p class="hint" id="external-hint">
              {t(locale, 'console-act-external-hint')}
            </p>
            <button type="submit">{t(locale, 'console-act-external-submit')}</button>
          </form>
        )}
      </details>
    </>
  );
}

function Choice(props: { type: 'checkbox' | 'radio'; name: string; value: string; id: string; label: string; checked: boolean; bad: object; mark?: string }) {
  return (
    <div class="check">
      <input type={props.type} id={props.id} name={props.name} value={props.value} checked={props.checked} {...props.bad} />
      <label for={props.id}>
        {props.label}
        {props.mark ? <span class="maybe"> · {props.mark}</span> : null}
      </label>
    </div>
  );
}

/** The closing record (as the topic's /close form) and closing without one, for a reason (as /drop). */
export function CloseForms(props: { chrome: Chrome; path: string; data: CaseActionData; failed?: FailedForm; answered: boolean }) {
  const { chrome, path, data, failed } = props;
  const { locale, taxonomy } = chrome;
  const draft = failed?.form === 'close' && failed.draft ? failed.draft : data.draft;
  const bad = (field: string) => invalid(failed, 'close', field);
  const contact = valueOf(failed, 'close', 'contact') ?? data.defaultContact;
  return (
    <section aria-labelledby="close-title">
      <h2 id="close-title">{t(locale, 'console-act-close-title')}</h2>
      <details open={failed?.form === 'close'} id="close">
        <summary>{t(locale, 'console-act-record-title')}</summary>
        <p class="hint">{t(locale, 'console-act-record-hint')}</p>
        {errorsOf(locale, failed, 'close')}
        <form method="post" action={`${path}/close#close`}>
          <CsrfField token={chrome.csrf} />
          {props.answered ? null : (
            <div class="unanswered" id="close-unanswered">
              <p style="margin:0;font-weight:600">{t(locale, 'console-close-unanswered')}</p>
              <p style="margin:.25rem 0 0">{t(locale, 'console-close-unanswered-receives')}</p>
              <blockquote lang={data.clientLocale}>{data.closingPreview}</blockquote>
              <Choice type="checkbox" name="unanswered" value="1" id="close-unanswered-confirm" label={t(locale, 'console-close-unanswered-confirm')} checked={valueOf(failed, 'close', 'unanswered') === '1'} bad={bad('unanswered')} />
            </div>
          )}
          <fieldset {...bad('needs')}>
            <legend>{t(locale, 'record-needs')}</legend>
            {(draft.hints ?? []).some((h) => !draft.needs.includes(h)) ? <p class="hint">{t(locale, 'console-close-maybe-hint')}</p> : null}
            <div class="choices">
              {taxonomy.needs.filter((n) => !(data.needsOff ?? []).includes(n.code) || draft.needs.includes(n.code)).map((n) => (
                <Choice
                  type="checkbox"
                  name="need"
                  value={n.code}
                  id={`need-${n.code}`}
                  label={n.label[locale]}
                  checked={draft.needs.includes(n.code)}
                  bad={bad('needs')}
                  mark={!draft.needs.includes(n.code) && draft.hints?.includes(n.code) ? t(locale, 'console-close-maybe') : undefined}
                />
              ))}
            </div>
          </fieldset>
          <fieldset>
            <legend>{t(locale, 'record-services')}</legend>
            <div class="choices">
              {taxonomy.services.map((s) => (
                <Choice type="checkbox" name="service" value={s.code} id={`service-${s.code}`} label={s.label[locale]} checked={draft.services.includes(s.code)} bad={{}} />
              ))}
            </div>
          </fieldset>
          <fieldset>
            <legend>{t(locale, 'record-phone')}</legend>
            <div class="choices">
              {PHONE_CALL.map((p) => (
                <Choice type="radio" name="phoneCall" value={p} id={`phone-${p}`} label={t(locale, `record-phone-${p}`)} checked={draft.phoneCall === p} bad={{}} />
              ))}
            </div>
          </fieldset>
          <fieldset {...bad('outcome')}>
            <legend>{t(locale, 'record-outcome')}</legend>
            <div class="choices">
              {OUTCOMES.map((o) => (
                <Choice type="radio" name="outcome" value={o} id={`outcome-${o}`} label={t(locale, `record-outcome-${o}`)} checked={draft.outcome === o} bad={bad('outcome')} />
              ))}
            </div>
          </fieldset>
          <label for="close-contact">{t(locale, 'console-act-contact-field')}</label>
          <input id="close-contact" type="text" name="contact" value={contact} maxlength={CONTACT_MAX_LENGTH} aria-describedby="close-contact-hint" />
          <p class="hint" id="close-contact-hint">
            {t(locale, 'console-act-contact-hint', { language: t(locale, `console-act-language-${data.clientLocale}`) })}
          </p>
          <button type="submit">{t(locale, 'console-act-close-submit')}</button>
        </form>
      </details>
      <details open={failed?.form === 'drop'} id="drop">
        <summary>{t(locale, 'console-act-drop-title')}</summary>
        {errorsOf(locale, failed, 'drop')}
        <form method="post" action={`${path}/drop#drop`}>
          <CsrfField token={chrome.csrf} />
          <label for="drop-reason">{t(locale, 'console-act-drop-reason')}</label>
          <textarea id="drop-reason" name="reason" required maxlength={REASON_MAX_LENGTH} {...invalid(failed, 'drop', 'reason', 'drop-hint')}>
            {valueOf(failed, 'drop', 'reason') ?? ''}
          </textarea>
          <p class="hint" id="drop-hint">
            {t(locale, 'console-act-drop-hint')}
          </p>
          <button type="submit">{t(locale, 'console-act-drop-submit')}</button>
        </form>
      </details>
    </section>
  );
}

/** A closed case's record: what was recorded, or that it was closed without one and why. */
export function RecordSection(props: { chrome: Chrome; record: ClosedRecord }) {
  const { chrome, record } = props;
  const { locale, taxonomy } = chrome;
  const need = (code: string) => taxonomy.needs.find((n) => n.code === code)?.label[locale] ?? code;
  const service = (code: string) => taxonomy.services.find((s) => s.code === code)?.label[locale] ?? code;
  const list = (items: string[]) =>
    items.length === 0 ? (
      '—'
    ) : (
      <ul>
        {items.map((i) => (
          <li>{i}</li>
        ))}
      </ul>
    );
  return (
    <section aria-labelledby="record-title" id="record">
      <h2 id="record-title">{t(locale, 'console-act-record-shown')}</h2>
      {record.recorded ? (
        <dl class="facts record">
          <dt>{t(locale, 'record-needs')}</dt>
          <dd>{list(record.needs.map(need))}</dd>
          <dt>{t(locale, 'record-services')}</dt>
          <dd>{list(record.services.map(service))}</dd>
          <dt>{t(locale, 'record-phone')}</dt>
          <dd>{record.phoneCall ? t(locale, `record-phone-${record.phoneCall}`) : '—'}</dd>
          <dt>{t(locale, 'record-outcome')}</dt>
          <dd>{record.outcome ? t(locale, `record-outcome-${record.outcome}`) : '—'}</dd>
          <dt>{t(locale, 'console-act-met')}</dt>
          <dd>{t(locale, record.metOnline ? 'console-act-met-online' : 'console-act-met-offline')}</dd>
          <dt>{t(locale, 'console-act-taxonomy-version')}</dt>
          <dd>{String(record.taxonomyVersion ?? '—')}</dd>
          {record.closedBy ? (
            <>
              <dt>{t(locale, 'console-act-closed-by')}</dt>
              <dd>{record.closedBy}</dd>
            </>
          ) : null}
        </dl>
      ) : (
        <p>{t(locale, 'console-act-dropped', { reason: t(locale, `console-act-reason-${(record.closeReason ?? 'not_recorded').replace(/_/g, '-')}`) })}</p>
      )}
    </section>
  );
}

/** The overdose follow-ups still due, and a button to stop them (help has arrived, or they no longer fit). */
export function FollowUpsSection(props: { chrome: Chrome; path: string; pending: number }) {
  const { chrome, path } = props;
  const { locale } = chrome;
  return (
    <section aria-labelledby="follow-ups-title" class="follow-ups" id="follow-ups">
      <h2 id="follow-ups-title">{t(locale, 'console-act-follow-ups-title')}</h2>
      <p>{t(locale, 'console-act-follow-ups-pending', { count: props.pending })}</p>
      <form method="post" action={`${path}/follow-ups/stop#follow-ups`}>
        <CsrfField token={chrome.csrf} />
        <button type="submit">{t(locale, 'console-act-follow-ups-stop')}</button>
      </form>
    </section>
  );
}
