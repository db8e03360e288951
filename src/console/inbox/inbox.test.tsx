import { describe, expect, it } from 'vitest';
import { recordActivity } from '../../cases/lifecycle.ts';
import { recordMessage } from '../../cases/message-store.ts';
import { CLIENT_TEXT, twoCases, useCaseSystems } from '../cases/test-system.ts';
import { firstLine, parseFilters } from './data.ts';

const system = useCaseSystems();

const caseIds = (html: string) => [...html.matchAll(/data-case="(\d+)"/g)].map((m) => Number(m[1]));
const chip = (html: string, view: string) => new RegExp(`data-view="${view}"[^>]*>[^<]*<span class="n">(\\d+)</span>`).exec(html)?.[1];

describe('console: inbox', () => {
  it('lists open cases newest first: who, markers, waiting time, assignee, the last message’s first line; chips with counts', async () => {
    const s = await system();
    const { first, second, vera } = await twoCases(s);
    const { browser: b } = await s.as('anna', 'worker', { staffMemberId: vera.id });
    const res = await b.get('/console');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(caseIds(b.html)).toEqual([second.kase.id, first.kase.id]);
    expect(b.html).toContain(first.client.pseudonym);
    expect(b.html).toContain(`href="/console/cases/${first.kase.id}#now"`);
    expect(b.html).toContain('🚨');
    expect(b.html).toContain('🌙');
    expect(b.html).toContain('Взял(а): Vera');
    expect(b.html).toMatch(/ждёт 2 ч 0 мин/); // no staff reply yet: since the opening
    expect(b.html).toContain('<script src="/console/static/live.js" defer="">');
    expect(b.html).toContain('<script src="/console/static/frame.js" defer="">');
    // The last message's first line, whoever wrote it (a photo without a caption says what it is).
    expect(b.html).toMatch(/Клиент:\s*<\/span>\[фото\]|Клиент:\s*<\/span>У меня абсцесс/);
    // Chips: all 2, mine 1 (Vera holds #1), unassigned 1, emergencies 1, after hours 1.
    expect([chip(b.html, 'all'), chip(b.html, 'mine'), chip(b.html, 'unassigned'), chip(b.html, 'emergency'), chip(b.html, 'after')]).toEqual(['2', '1', '1', '1', '1']);
    expect(b.html).toMatch(/data-view="all"[^>]*aria-current="page"|aria-current="page"[^>]*data-view="all"/);
    // Nothing seen yet: both unread.
    expect(b.html.match(/class="unread"/g)).toHaveLength(2);
    // Every field has a label.
    for (const [, id] of b.html.matchAll(/<(?:input|select|textarea) id="([^"]+)"/g)) expect(b.html).toContain(`for="${id}"`);

    await b.get('/console?view=emergency');
    expect(caseIds(b.html)).toEqual([first.kase.id]);
    await b.get('/console?view=after');
    expect(caseIds(b.html)).toEqual([first.kase.id]);
    await b.get('/console?view=mine');
    expect(caseIds(b.html)).toEqual([first.kase.id]);
    await b.get('/console?view=unassigned');
    expect(caseIds(b.html)).toEqual([second.kase.id]);
    await b.get('/console?emergency=1'); // the older address of a view
    expect(caseIds(b.html)).toEqual([first.kase.id]);
    await b.get('/console?status=new');
    expect(caseIds(b.html)).toEqual([second.kase.id]);
    expect(b.html).toMatch(/<details class="filters" open="">/);
    await b.get('/console?status=closed'); // not an open status: ignored
    expect(caseIds(b.html)).toHaveLength(2);

    // The fragment the live script fetches: the list alone.
    const part = await b.get('/console?view=emergency&part=list');
    const body = await part.text();
    expect(body).not.toContain('<html');
    expect(caseIds(body)).toEqual([first.kase.id]);

    // Opening a case marks it seen for this account only.
    await b.get(`/console/cases/${second.kase.id}`);
    await b.get('/console');
    expect(b.html.match(/class="unread"/g)).toHaveLength(1);
    const { browser: other } = await s.as('boris', 'worker');
    await other.get('/console');
    expect(other.html.match(/class="unread"/g)).toHaveLength(2);

    // Answered: no longer waiting; the preview is ours.
    await recordMessage(s.bot, { caseId: second.kase.id, direction: 'staff', kind: 'text', body: 'ответ\nвторая строка' });
    await recordActivity(s.bot, second.kase, 'staff');
    await b.get('/console');
    expect(b.html).toMatch(/Мы:\s*<\/span>ответ</);
    expect(b.html).not.toContain('вторая строка');
    expect(CLIENT_TEXT).toBeTruthy();
  });

  it('shows a researcher no inbox and refuses the list', async () => {
    const s = await system();
    await twoCases(s);
    const { browser: r } = await s.as('rita', 'researcher');
    expect((await r.get('/console')).status).toBe(200);
    expect(r.html).not.toContain('data-case=');
    expect(r.html).toContain('роль: исследователь');
    expect((await r.get('/console?part=list')).status).toBe(403);
    expect((await r.get('/console/events')).status).toBe(403);
  });
});

describe('inbox filters and previews', () => {
  it('reads one view at a time; older addresses still work; anything unknown is ignored', () => {
    const q = (o: Record<string, string>) => parseFilters((n) => o[n]);
    expect(q({})).toEqual({ view: 'all', status: undefined });
    expect(q({ view: 'unassigned', status: 'new' })).toEqual({ view: 'unassigned', status: 'new' });
    expect(q({ mine: '1' })).toEqual({ view: 'mine', status: undefined });
    expect(q({ view: 'everything', status: 'closed' })).toEqual({ view: 'all', status: undefined });
  });

  it('shows the first non-empty line, cut at a word', () => {
    expect(firstLine('\n  привет \nвторая')).toBe('привет');
    const long = 'слово '.repeat(40);
    const line = firstLine(long, 30);
    expect(line.length).toBeLessThanOrEqual(31);
    expect(line.endsWith('…')).toBe(true);
    expect(line).not.toMatch(/сло…$/);
  });
});
