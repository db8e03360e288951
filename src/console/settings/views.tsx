import type { Child } from 'hono/jsx';
import type { Locale } from '../../config.ts';
import { t } from '../../i18n/index.ts';
import type { SavedVersion } from '../../organisation/settings-store.ts';
import { CsrfField } from '../auth/csrf.ts';
import { ORDER, REMOVE, SECTIONS, type Draft, type Problem, type Section } from './form.ts';
import { formatTime, SignedInHeader, type Chrome } from '../frame/chrome.tsx';
import { Errors, Layout } from '../frame/layout.tsx';

/** Inputs the shared stylesheet does not cover, and nested rows that stay inside 360 px. */
const SETTINGS_CSS = `input[type=time],input[type=date]{width:100%;font:inherit;padding:.6rem .75rem;min-height:44px;border:1px solid #5f6368;border-radius:6px;background:#fff;color:#1a1a1a}
select[aria-invalid=true],textarea[aria-invalid=true],input[type=time][aria-invalid=true],input[type=date][aria-invalid=true]{border:2px solid #b3261e}
details.default{margin:.5rem 0}
details.default summary{padding:.5rem 0;cursor:pointer;color:#0b57d0}
details.default p{white-space:pre-wrap;overflow-wrap:anywhere;background:#f8f9fa;border-left:4px solid #dadce0;padding:.5rem .75rem;margin:.5rem 0}
fieldset fieldset{padding:.25rem .5rem .5rem;margin:.5rem 0}
fieldset.new{border-style:dashed}
.pair{display:grid;grid-template-columns:repeat(auto-fit,minmax(10rem,1fr));gap:0 .75rem}
button.secondary{background:#fff;color:#0b57d0;border:1px solid #0b57d0}
ul.sections{list-style:none;padding:0}
ul.sections li{border:1px solid #dadce0;border-radius:8px;padding:.5rem .75rem;margin:.5rem 0}
ul.sections a{display:inline-block;padding:.4rem 0;font-weight:600}
li form button{margin-top:.5rem}`;

const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const idOf = (name: string) => `f-${name.replace(/\./g, '-')}`;

/** What every field of a section form reads: the values shown and the fields to mark. */
interface Form {
  locale: Locale;
  draft: Draft;
  invalid: Set<string>;
}

function valueAt(draft: Draft, name: string): string {
  let node: unknown = draft;
  for (const key of name.split('.')) node = node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
  return typeof node === 'string' ? node : '';
}

function rowsAt(draft: Draft, name: string): Draft[] {
  let node: unknown = draft;
  for (const key of name.split('.')) node = node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
  return Array.isArray(node) ? (node as Draft[]) : [];
}

const fieldLabel = (locale: Locale, key: string, lang?: 'ru' | 'en') =>
  t(locale, `console-settings-f-${kebab(key)}`) + (lang ? ` (${t(locale, `console-settings-lang-${lang}`)})` : '');

function Hint(props: { id: string; text?: string }) {
  return props.text ? (
    <p class="hint" id={props.id}>
      {props.text}
    </p>
  ) : null;
}

function TextField(props: {
  f: Form;
  name: string;
  label?: string;
  hint?: string;
  describedBy?: string;
  type?: 'text' | 'time' | 'date';
  inputmode?: 'numeric' | 'decimal' | 'tel';
  area?: boolean;
  /** Lines of a text area (3 unless told). */
  lines?: number;
  placeholder?: string;
}) {
  const { f, name } = props;
  const id = idOf(name);
  const key = name.split('.').filter((p) => !/^\d+$/.test(p)).at(-1)!;
  const lang = key === 'ru' || key === 'en' ? key : undefined;
  const label = props.label ?? fieldLabel(f.locale, lang ? name.split('.').at(-2)! : key, lang);
  const invalid = f.invalid.has(name) || undefined;
  const hintId = props.hint ? `${id}-hint` : props.describedBy;
  const value = valueAt(f.draft, name);
  return (
    <>
      <label for={id}>{label}</label>
      {props.area ? (
        <textarea id={id} name={name} aria-invalid={invalid ? 'true' : undefined} aria-describedby={hintId} rows={props.lines ?? 3} placeholder={props.placeholder}>
          {value}
        </textarea>
      ) : (
        <input id={id} type={props.type ?? 'text'} name={name} value={value} inputmode={props.inputmode} placeholder={props.placeholder} aria-invalid={invalid ? 'true' : undefined} aria-describedby={hintId} />
      )}
      <Hint id={`${id}-hint`} text={props.hint} />
    </>
  );
}

/** Two fields side by side where there is room, one under the other on a phone. */
function Pair(props: { children: [Child, Child] }) {
  return (
    <div class="pair">
      <div>{props.children[0]}</div>
      <div>{props.children[1]}</div>
    </div>
  );
}

/** A text in both languages: two fields side by side where there is room. */
function Both(props: { f: Form; name: string; hint?: string; area?: boolean; lines?: number; placeholders?: { ru: string; en: string } }) {
  const hintId = props.hint ? `${idOf(props.name)}-hint` : undefined;
  return (
    <>
      <Pair>
        <TextField f={props.f} name={`${props.name}.ru`} area={props.area} lines={props.lines} placeholder={props.placeholders?.ru} describedBy={hintId} />
        <TextField f={props.f} name={`${props.name}.en`} area={props.area} lines={props.lines} placeholder={props.placeholders?.en} describedBy={hintId} />
      </Pair>
      {hintId ? <Hint id={hintId} text={props.hint} /> : null}
    </>
  );
}

function Select(props: { f: Form; name: string; options: [string, string][]; hint?: string }) {
  const { f, name } = props;
  const id = idOf(name);
  const value = valueAt(f.draft, name);
  const key = name.split('.').at(-1)!;
  const known = props.options.some(([v]) => v === value);
  return (
    <>
      <label for={id}>{fieldLabel(f.locale, key)}</label>
      <select id={id} name={name} aria-invalid={f.invalid.has(name) ? 'true' : undefined} aria-describedby={props.hint ? `${id}-hint` : undefined}>
        <option value="" selected={value === ''}>
          —
        </option>
        {known || value === '' ? null : (
          <option value={value} selected>
            {value}
          </option>
        )}
        {props.options.map(([v, text]) => (
          <option value={v} selected={v === value}>
            {text}
          </option>
        ))}
      </select>
      <Hint id={`${id}-hint`} text={props.hint} />
    </>
  );
}

/** A yes-or-no setting: ticked sends "yes"; unticked sends nothing, which reads as no. */
function Check(props: { f: Form; name: string; hint?: string }) {
  const { f, name } = props;
  const id = idOf(name);
  return (
    <>
      <div class="check">
        <input id={id} type="checkbox" name={name} value="yes" checked={valueAt(f.draft, name) === 'yes'} aria-invalid={f.invalid.has(name) ? 'true' : undefined} aria-describedby={props.hint ? `${id}-hint` : undefined} />
        <label for={id}>{fieldLabel(f.locale, name.split('.').at(-1)!)}</label>
      </div>
      <Hint id={`${id}-hint`} text={props.hint} />
    </>
  );
}

const weekdays = (locale: Locale): [string, string][] => [1, 2, 3, 4, 5, 6, 7].map((d) => [String(d), t(locale, `console-settings-weekday-${d}`)]);

/**
 * A list of rows that works without scripts: the rows as they are, one empty row to fill in, a
 * "remove" box on each row, and an "add a row" button that sends the form back with one more.
 */
function Rows(props: { f: Form; name: string; order?: boolean; row: (prefix: string, row: Draft) => Child }) {
  const { f, name } = props;
  const key = name.split('.').at(-1)!;
  const rows = rowsAt(f.draft, name);
  const noun = `console-settings-row-${kebab(key)}`;
  const all = [...rows, {} as Draft];
  return (
    <div class="rows" id={idOf(name)}>
      {f.invalid.has(name) ? (
        <p class="hint" style="color:#5c1010">
          {t(f.locale, 'console-settings-problem-at-least-one')}
        </p>
      ) : null}
      {all.map((row, i) => {
        const prefix = `${name}.${i}`;
        const isNew = i === rows.length;
        return (
          <fieldset class={isNew ? 'new' : undefined}>
            <legend>{isNew ? t(f.locale, `console-settings-new-${kebab(key)}`) : t(f.locale, noun, { n: i + 1 })}</legend>
            {props.order && !isNew ? (
              <>
                <label for={idOf(`${prefix}.${ORDER}`)}>{t(f.locale, 'console-settings-order')}</label>
                <input id={idOf(`${prefix}.${ORDER}`)} type="text" inputmode="numeric" name={`${prefix}.${ORDER}`} value={String(i + 1)} style="max-width:6rem" />
              </>
            ) : null}
            {props.row(prefix, row)}
            {isNew ? null : (
              <div class="check">
                <input id={idOf(`${prefix}.${REMOVE}`)} type="checkbox" name={`${prefix}.${REMOVE}`} value="1" />
                <label for={idOf(`${prefix}.${REMOVE}`)}>{t(f.locale, 'console-settings-remove', { row: t(f.locale, noun, { n: i + 1 }) })}</label>
              </div>
            )}
          </fieldset>
        );
      })}
      <button type="submit" class="secondary" name="add" value={name} formnovalidate>
        {t(f.locale, `console-settings-add-${kebab(key)}`)}
      </button>
    </div>
  );
}

// ---- The sections' fields -----------------------------------------------------------------------

function OrganisationFields(props: { f: Form }) {
  const { f } = props;
  const h = (id: string) => t(f.locale, `console-settings-hint-${id}`);
  return (
    <>
      <Both f={f} name="name" hint={h('name')} />
      <TextField f={f} name="timeZone" hint={h('time-zone')} />
      <TextField f={f} name="emergencyNumbers" inputmode="tel" hint={h('emergency-numbers')} />
      <Both f={f} name="doctorContact" area hint={h('doctor-contact')} />
      <Both f={f} name="ambulanceLaw" area hint={h('ambulance-law')} />
      <Both f={f} name="closingContactLine" area hint={h('closing-contact-line')} />
      <TextField f={f} name="overdose.secondDoseReminderSeconds" inputmode="numeric" hint={h('second-dose')} />
      <TextField f={f} name="overdose.helpArrivedCheckSeconds" inputmode="numeric" hint={h('help-arrived')} />
      <TextField f={f} name="cases.reopenWithinHours" inputmode="numeric" hint={h('reopen')} />
    </>
  );
}

function TaxonomyFields(props: { f: Form }) {
  const { f } = props;
  const l = f.locale;
  return (
    <>
      <h2>{fieldLabel(l, 'needs')}</h2>
      <Rows
        f={f}
        name="taxonomy.needs"
        row={(p) => (
          <>
            <TextField f={f} name={`${p}.code`} hint={t(l, 'console-settings-hint-code')} />
            <Select f={f} name={`${p}.theme`} options={[['online', t(l, 'console-settings-theme-online')], ['online_offline', t(l, 'console-settings-theme-online-offline')]]} />
            <Both f={f} name={`${p}.label`} />
          </>
        )}
      />
      <h2>{fieldLabel(l, 'services')}</h2>
      <Rows
        f={f}
        name="taxonomy.services"
        row={(p) => (
          <>
            <TextField f={f} name={`${p}.code`} hint={t(l, 'console-settings-hint-code')} />
            <Select f={f} name={`${p}.offline`} options={[['no', t(l, 'console-settings-offline-no')], ['yes', t(l, 'console-settings-offline-yes')]]} />
            <Both f={f} name={`${p}.label`} />
          </>
        )}
      />
    </>
  );
}

function QuickReplyFields(props: { f: Form }) {
  const { f } = props;
  return (
    <Rows
      f={f}
      name="quickReplies"
      order
      row={(p) => (
        <>
          <TextField f={f} name={`${p}.id`} hint={t(f.locale, 'console-settings-hint-id')} />
          <Both f={f} name={`${p}.label`} />
          <Both f={f} name={`${p}.text`} area />
        </>
      )}
    />
  );
}

function MobileUnitFields(props: { f: Form }) {
  const { f } = props;
  const l = f.locale;
  const hint = (id: string) => t(l, `console-settings-hint-${id}`);
  return (
    <Rows
      f={f}
      name="mobileUnits"
      row={(u, unit) => (
        <>
          <TextField f={f} name={`${u}.id`} hint={hint('id')} />
          <Both f={f} name={`${u}.name`} />
          <h3>{fieldLabel(l, 'stops')}</h3>
          <Rows
            f={f}
            name={`${u}.stops`}
            row={(s) => (
              <>
                <TextField f={f} name={`${s}.id`} hint={hint('id')} />
                <Both f={f} name={`${s}.address`} />
                <Pair>
                  <TextField f={f} name={`${s}.latitude`} inputmode="decimal" />
                  <TextField f={f} name={`${s}.longitude`} inputmode="decimal" />
                </Pair>
                <Rows
                  f={f}
                  name={`${s}.windows`}
                  row={(w) => (
                    <>
                      <Select f={f} name={`${w}.weekday`} options={weekdays(l)} />
                      <Pair>
                        <TextField f={f} name={`${w}.from`} type="time" />
                        <TextField f={f} name={`${w}.to`} type="time" />
                      </Pair>
                    </>
                  )}
                />
              </>
            )}
          />
          <h3>{fieldLabel(l, 'changes')}</h3>
          <p class="hint">{hint('changes')}</p>
          <Rows
            f={f}
            name={`${u}.changes`}
            row={(c) => (
              <>
                <TextField f={f} name={`${c}.date`} type="date" />
                <Select f={f} name={`${c}.stopId`} options={(Array.isArray(unit.stops) ? unit.stops : []).map((s) => valueAt(s, 'id')).filter(Boolean).map((id) => [id, id])} />
                <Select f={f} name={`${c}.status`} options={[['cancelled', t(l, 'console-settings-status-cancelled')], ['moved', t(l, 'console-settings-status-moved')]]} />
                <Both f={f} name={`${c}.address`} hint={hint('moved')} />
                <Pair>
                  <TextField f={f} name={`${c}.latitude`} inputmode="decimal" />
                  <TextField f={f} name={`${c}.longitude`} inputmode="decimal" />
                </Pair>
                <Pair>
                  <TextField f={f} name={`${c}.from`} type="time" />
                  <TextField f={f} name={`${c}.to`} type="time" />
                </Pair>
                <Both f={f} name={`${c}.note`} />
              </>
            )}
          />
        </>
      )}
    />
  );
}

function DutyFields(props: { f: Form }) {
  const { f } = props;
  const l = f.locale;
  return (
    <>
      <h2>{fieldLabel(l, 'windows')}</h2>
      <p class="hint">{t(l, 'console-settings-hint-duty-windows')}</p>
      <Rows
        f={f}
        name="duty.windows"
        row={(w) => (
          <>
            <Select f={f} name={`${w}.weekday`} options={weekdays(l)} />
            <Pair>
              <TextField f={f} name={`${w}.from`} type="time" />
              <TextField f={f} name={`${w}.to`} type="time" />
            </Pair>
            <Rows
              f={f}
              name={`${w}.staff`}
              row={(p) => (
                <Pair>
                  <TextField f={f} name={`${p}.name`} label={t(l, 'console-settings-f-person-name')} />
                  <TextField f={f} name={`${p}.telegram`} hint={t(l, 'console-settings-hint-telegram')} />
                </Pair>
              )}
            />
          </>
        )}
      />
      <h2>{fieldLabel(l, 'onCall')}</h2>
      <fieldset>
        <legend>{fieldLabel(l, 'onCall')}</legend>
        <TextField f={f} name="duty.onCall.name" label={t(l, 'console-settings-f-person-name')} />
        <TextField f={f} name="duty.onCall.telegram" hint={t(l, 'console-settings-hint-telegram')} />
        <TextField f={f} name="duty.onCall.phone" inputmode="tel" />
      </fieldset>
      <TextField f={f} name="duty.holidays" area hint={t(l, 'console-settings-hint-holidays')} />
    </>
  );
}

const ORG_KINDS = ['aids_centre', 'clinic', 'detox', 'rehab', 'prep', 'legal', 'social', 'other'] as const;

function DirectoryFields(props: { f: Form }) {
  const { f } = props;
  const l = f.locale;
  return (
    <Rows
      f={f}
      name="externalOrganisations"
      row={(o) => (
        <>
          <TextField f={f} name={`${o}.slug`} hint={t(l, 'console-settings-hint-id')} />
          <Select f={f} name={`${o}.kind`} options={ORG_KINDS.map((k) => [k, t(l, `console-settings-kind-${k.replace(/_/g, '-')}`)])} />
          <Both f={f} name={`${o}.name`} />
          <Both f={f} name={`${o}.address`} />
          <TextField f={f} name={`${o}.contacts`} />
          <Both f={f} name={`${o}.hours`} />
        </>
      )}
    />
  );
}

function CommunityFields(props: { f: Form }) {
  const { f } = props;
  const h = (id: string) => t(f.locale, `console-settings-hint-${id}`);
  // What applicants get while the fields are empty (community/texts.ts).
  const defaults = { ru: t('ru', 'community-rules-default'), en: t('en', 'community-rules-default') };
  return (
    <>
      <h2>{t(f.locale, 'console-settings-community-joining')}</h2>
      <TextField f={f} name="community.peerInvitesPerMonth" inputmode="numeric" hint={h('peer-invites')} />
      <TextField f={f} name="community.joinRequestTimeoutMinutes" inputmode="decimal" hint={h('join-timeout')} />
      <Both f={f} name="community.rules" area lines={10} hint={h('rules')} placeholders={defaults} />
      {/* The placeholder is cut off in a small box: the standard rules in full, readable without scripts. */}
      <details class="default">
        <summary>{t(f.locale, 'console-settings-community-default-rules')}</summary>
        <p lang="ru">{defaults.ru}</p>
        <p lang="en">{defaults.en}</p>
      </details>
      <h2>{t(f.locale, 'console-settings-community-in-chat')}</h2>
      <TextField f={f} name="community.welcomeDeleteMinutes" inputmode="numeric" hint={h('welcome-delete')} />
      <TextField f={f} name="community.unansweredQuestionMinutes" inputmode="numeric" hint={h('unanswered')} />
      <TextField f={f} name="community.muteLadderMinutes" hint={h('mute-ladder')} />
    </>
  );
}

function ChannelFields(props: { f: Form }) {
  const { f } = props;
  const l = f.locale;
  return (
    <>
      <fieldset>
        <legend>{fieldLabel(l, 'weeklySchedule')}</legend>
        <Check f={f} name="channel.weeklySchedule.enabled" hint={t(l, 'console-settings-hint-weekly-schedule')} />
        <Pair>
          <Select f={f} name="channel.weeklySchedule.weekday" options={weekdays(l)} />
          <TextField f={f} name="channel.weeklySchedule.at" type="time" />
        </Pair>
      </fieldset>
      <Check f={f} name="channel.stopChanges" hint={t(l, 'console-settings-hint-stop-changes')} />
    </>
  );
}

function RetentionFields(props: { f: Form }) {
  return <TextField f={props.f} name="retention.messageTextDays" inputmode="numeric" hint={t(props.f.locale, 'console-settings-hint-retention')} />;
}

// ---- Pages ---------------------------------------------------------------------------------------

export function SettingsIndexPage(props: { chrome: Chrome; version: number }) {
  const { chrome } = props;
  const { locale, base } = chrome;
  return (
    <Layout locale={locale} title={t(locale, 'console-settings-title')} header={<SignedInHeader chrome={chrome} />} css={SETTINGS_CSS}>
      <p>{t(locale, 'console-settings-intro', { version: props.version })}</p>
      <ul class="sections">
        {SECTIONS.map((s) => (
          <li>
            <a href={`${base}/settings/${s}`}>{t(locale, `console-settings-section-${s}`)}</a>
            <p class="meta">{t(locale, `console-settings-about-${s}`)}</p>
          </li>
        ))}
        <li>
          <a href={`${base}/settings/history`}>{t(locale, 'console-settings-history-title')}</a>
          <p class="meta">{t(locale, 'console-settings-about-history')}</p>
        </li>
      </ul>
    </Layout>
  );
}

export interface SectionPageProps {
  chrome: Chrome;
  section: Section;
  /** The version the form was opened on: a save over someone else's newer one is stopped. */
  baseVersion: number;
  draft: Draft;
  problems: Problem[];
  notice?: string;
  /** The taxonomy version in force (the taxonomy page explains it). */
  taxonomyVersion: number;
  retentionDays: number;
}

export function SettingsSectionPage(props: SectionPageProps) {
  const { chrome, section } = props;
  const { locale, base } = chrome;
  const f: Form = { locale, draft: props.draft, invalid: new Set(props.problems.map((p) => p.field)) };
  const save = <button type="submit">{t(locale, 'console-settings-save')}</button>;
  return (
    <Layout locale={locale} title={t(locale, `console-settings-section-${section}`)} header={<SignedInHeader chrome={chrome} />} css={SETTINGS_CSS}>
      <p>
        <a href={`${base}/settings`}>{t(locale, 'console-settings-back')}</a>
      </p>
      {props.notice ? (
        <p class="notice" role="status">
          {props.notice}
        </p>
      ) : null}
      <Errors locale={locale} messages={props.problems.map((p) => p.message)} />
      <p class="hint">{t(locale, `console-settings-about-${section}`)}</p>
      {section === 'taxonomy' ? <p>{t(locale, 'console-settings-taxonomy-versions', { version: props.taxonomyVersion })}</p> : null}
      {section === 'retention' ? <p>{t(locale, 'console-settings-retention-explained', { days: props.retentionDays })}</p> : null}
      <form method="post" action={`${base}/settings/${section}`} novalidate aria-describedby={props.problems.length > 0 ? 'form-errors' : undefined}>
        <CsrfField token={chrome.csrf} />
        <input type="hidden" name="_base" value={String(props.baseVersion)} />
        {/* The first submit button is what Enter in a field presses: saving, not adding a row. */}
        {section === 'organisation' || section === 'retention' || section === 'community' || section === 'channel' ? null : save}
        {section === 'organisation' ? <OrganisationFields f={f} /> : null}
        {section === 'taxonomy' ? <TaxonomyFields f={f} /> : null}
        {section === 'quick-replies' ? <QuickReplyFields f={f} /> : null}
        {section === 'mobile-units' ? <MobileUnitFields f={f} /> : null}
        {section === 'duty' ? <DutyFields f={f} /> : null}
        {section === 'directory' ? <DirectoryFields f={f} /> : null}
        {section === 'community' ? <CommunityFields f={f} /> : null}
        {section === 'channel' ? <ChannelFields f={f} /> : null}
        {section === 'retention' ? <RetentionFields f={f} /> : null}
        <div>{save}</div>
      </form>
    </Layout>
  );
}

export function SettingsHistoryPage(props: { chrome: Chrome; versions: SavedVersion[]; inForce: number; notice?: string }) {
  const { chrome } = props;
  const { locale, base } = chrome;
  return (
    <Layout locale={locale} title={t(locale, 'console-settings-history-title')} header={<SignedInHeader chrome={chrome} />} css={SETTINGS_CSS}>
      <p>
        <a href={`${base}/settings`}>{t(locale, 'console-settings-back')}</a>
      </p>
      {props.notice ? (
        <p class="notice" role="status">
          {props.notice}
        </p>
      ) : null}
      <p class="hint">{t(locale, 'console-settings-about-history')}</p>
      <ul class="cases">
        {props.versions.map((v) => (
          <li data-version={String(v.id)}>
            <p class="title" style="margin:0">
              {t(locale, 'console-settings-history-version-n', { version: v.id })}
              {v.id === props.inForce ? <span class="badge">{t(locale, 'console-settings-history-in-force')}</span> : null}
            </p>
            <p class="meta">
              <time datetime={v.savedAt.toISOString()}>{formatTime(chrome, v.savedAt)}</time>
              {' · '}
              {v.savedBy === null ? t(locale, 'console-settings-history-from-file') : (v.savedByName ?? '—')}
            </p>
            {v.id === props.inForce ? null : (
              <form method="post" action={`${base}/settings/history/${v.id}/restore`}>
                <CsrfField token={chrome.csrf} />
                <button type="submit" class="secondary" aria-label={t(locale, 'console-settings-history-restore-version', { version: v.id })}>
                  {t(locale, 'console-settings-history-restore')}
                </button>
              </form>
            )}
          </li>
        ))}
      </ul>
    </Layout>
  );
}
