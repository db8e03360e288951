import { describe, expect, it } from 'vitest';
import { DEFAULT_TAXONOMY } from '../../domain/taxonomy.ts';
import type { Chrome } from '../frame/chrome.tsx';
import type { CaseActionData } from './actions.ts';
import { CloseForms } from './action-views.tsx';
import type { TimelineEntry, TranscriptEntry } from './data.ts';
import { FOLD_AFTER, TranscriptPart } from './views.tsx';

const chrome: Chrome = { locale: 'ru', base: '/console', csrf: 'token', account: { displayName: 'Анна', login: 'anna', role: 'worker' }, timeZone: 'UTC', taxonomy: DEFAULT_TAXONOMY, liveScript: '' };
const at = new Date('2026-12-07T20:00:00Z');
const message = (id: number, m: Partial<TranscriptEntry>): TimelineEntry => ({
  id,
  kind: m.direction === 'staff' ? 'staff_message' : 'client_message',
  at,
  actor: m.direction === 'staff' ? 'staff' : 'client',
  who: null,
  via: null,
  data: {},
  text: null,
  message: { id, direction: 'client', kind: 'text', erased: false, file: false, author: null, authorRole: null, delivery: 'delivered', at, ...m },
});
const html = (node: unknown) => String(node);

describe('the conversation as the case page draws it', () => {
  it('folds a long message after its first part, whole once opened, and leaves a short one alone', () => {
    const long = `${'слово '.repeat(200)}конец`;
    const out = html(<TranscriptPart chrome={chrome} caseId={1} entries={[message(1, { body: long }), message(2, { body: 'коротко' })]} />);
    expect(long.length).toBeGreaterThan(FOLD_AFTER);
    expect(out.match(/<details class="more">/g)).toHaveLength(1);
    expect(out).toMatch(/Показать полностью \(1\s?205 символов\)/);
    expect(out).toContain('конец');
    expect(out).toContain('<p class="body">коротко</p>');
    // Where a link to the case lands: after the newest message.
    expect(out).toMatch(/коротко[\s\S]*id="now"/);
  });

  it('shows a shared location on a map link with the nearest stop today, and a staff author with their role', () => {
    const nearest = () => ({ distanceMetres: 1234, unit: 'Автобус', place: 'м. Выхино', from: '18:00', to: '21:00' });
    const out = html(
      <TranscriptPart
        chrome={chrome}
        caseId={1}
        nearest={nearest}
        entries={[message(1, { kind: 'location', body: 'geo:55.71600,37.81700' }), message(2, { direction: 'staff', body: 'Едем', author: 'Вера', authorRole: 'coordinator' })]}
      />,
    );
    expect(out).toContain('https://www.openstreetmap.org/?mlat=55.716&amp;mlon=37.817');
    expect(out).toContain('До ближайшей остановки сегодня: 1,2 км — Автобус, м. Выхино, 18:00–21:00');
    expect(out).not.toContain('[геопозиция]');
    expect(out).toContain('Вера · координатор');
    // A member of the staff group without a console account is "staff", never "colleague".
    expect(html(<TranscriptPart chrome={chrome} caseId={1} entries={[message(3, { direction: 'staff', body: 'x', author: 'Боря' })]} />)).toContain('Боря · сотрудник');
  });
});

describe('the close form', () => {
  const data = { clientLocale: 'ru', draft: { needs: ['overdose'], hints: ['hr_services'], services: [], phoneCall: 'not_proposed', outcome: null }, defaultContact: '', closingPreview: 'Обращение закрыто.' } as unknown as CaseActionData;

  it('pre-ticks confident suggestions and shows the others as unticked hints', () => {
    const out = html(<CloseForms chrome={chrome} path="/console/cases/1" data={data} answered />);
    expect(out).toMatch(/id="need-overdose"[^>]*checked=""/);
    expect(out).not.toMatch(/id="need-hr_services"[^>]*checked/);
    expect(out).toMatch(/Услуги снижения вреда[^<]*<span class="maybe"> · возможно<\/span>/);
    expect(out).not.toContain('id="close-unanswered"');
    // A need the organisation switched off is not offered, unless the case already has it.
    const off = { ...data, needsOff: ['pandemic_information', 'overdose'] } as CaseActionData;
    const html2 = html(<CloseForms chrome={chrome} path="/console/cases/1" data={off} answered />);
    expect(html2).not.toContain('id="need-pandemic_information"');
    expect(html2).toContain('id="need-overdose"');
  });

  it('for a case nobody answered, says what the client will receive and asks to confirm', () => {
    const out = html(<CloseForms chrome={chrome} path="/console/cases/1" data={data} answered={false} />);
    expect(out).toContain('id="close-unanswered"');
    expect(out).toContain('Обращение закрыто.');
    expect(out).toContain('Да, закрыть без ответа');
  });
});
