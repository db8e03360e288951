import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { useFreshDatabases } from '../../test/support/database.ts';
import { organisationSettings } from '../db/schema/index.ts';
import { createLogger } from '../log.ts';
import { DEFAULT_SETTINGS, SETTINGS_FILE, type Settings } from './settings.ts';
import { canonicalJson, openSettingsStore, readSettingsInForce } from './settings-store.ts';

const testDatabase = useFreshDatabases();
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function setup() {
  const d = await testDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'netreach-settings-'));
  dirs.push(dataDir);
  const logs: string[] = [];
  const log = createLogger(new Writable({ write: (c, _e, done) => (logs.push(String(c)), done()) }), 'debug');
  const open = () => openSettingsStore(d.db, { dataDir, log, now: () => new Date('2026-03-02T10:00:00Z') });
  const events = () => logs.map((l) => JSON.parse(l) as { event?: string; level: number });
  return { db: d.db, dataDir, logs, log, open, events };
}

const writeFile = (dataDir: string, s: unknown) => writeFileSync(join(dataDir, SETTINGS_FILE), JSON.stringify(s));
const renamed = (ru: string): Settings => ({ ...DEFAULT_SETTINGS, name: { ru, en: 'Renamed' } });

describe('settings store', () => {
  it('seeds the first version from the file, creating the file from the defaults when missing', async () => {
    const s = await setup();
    const opened = await s.open();
    if (!opened.ok) throw new Error(opened.errors.join());
    expect(opened.store.current).toEqual(DEFAULT_SETTINGS);
    expect(JSON.parse(readFileSync(join(s.dataDir, SETTINGS_FILE), 'utf8'))).toEqual(JSON.parse(JSON.stringify(DEFAULT_SETTINGS)));
    const rows = await s.db.select().from(organisationSettings);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ savedBy: null, id: opened.store.version });
    expect(s.events().map((e) => e.event)).toEqual(['settings.created', 'settings.seeded']);
  });

  it('seeds from an edited file, and refuses a bad one naming the field', async () => {
    const s = await setup();
    writeFile(s.dataDir, { ...DEFAULT_SETTINGS, emergencyNumbers: [] });
    const bad = await s.open();
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors.join()).toMatch(/organisation\.json: emergencyNumbers:/);
    expect(await s.db.select().from(organisationSettings)).toHaveLength(0);

    writeFile(s.dataDir, renamed('Из файла'));
    const opened = await s.open();
    expect(opened.ok && opened.store.current.name.ru).toBe('Из файла');
  });

  it('the newest stored version wins over the file, and the log says which one is used, never what is in it', async () => {
    const s = await setup();
    const first = await s.open();
    if (!first.ok) throw new Error();
    const account = null;
    await first.store.save(renamed('Вторая'), account);
    const id3 = await first.store.save(renamed('Третья'), account);

    writeFile(s.dataDir, renamed('Отредактированный файл'));
    s.logs.length = 0;
    const again = await s.open();
    if (!again.ok) throw new Error(again.errors.join());
    expect(again.store.current.name.ru).toBe('Третья');
    expect(again.store.version).toBe(id3);
    const warned = s.events().filter((e) => e.event === 'settings.file_not_used');
    expect(warned).toHaveLength(1);
    expect(s.logs.join('')).toContain(`version ${id3} is used`);
    expect(s.logs.join('')).not.toContain('Третья');
    expect(s.logs.join('')).not.toContain('Отредактированный');

    // A file equal to what is in force (whatever its key order) says nothing about the file.
    writeFile(s.dataDir, JSON.parse(canonicalJson(renamed('Третья'))));
    s.logs.length = 0;
    await s.open();
    expect(s.events().map((e) => e.event)).toEqual(['settings.loaded']);
  });

  it('refuses to start from a stored version the schema does not accept, naming the field', async () => {
    const s = await setup();
    await s.db.insert(organisationSettings).values({ settings: { ...DEFAULT_SETTINGS, timeZone: 'Mars/Olympus' } });
    const opened = await s.open();
    expect(opened.ok).toBe(false);
    if (!opened.ok) expect(opened.errors.join()).toMatch(/^organisation_settings version \d+: timeZone: /);
  });

  it('saves a version that is in force at once, tells the listeners, lists the history newest first, and reads old versions', async () => {
    const s = await setup();
    const opened = await s.open();
    if (!opened.ok) throw new Error();
    const store = opened.store;
    const seen: string[] = [];
    store.onChange((next, previous) => void seen.push(`${previous.name.ru}→${next.name.ru}`));
    store.onChange(() => {
      throw new Error('a listener that fails');
    });
    const id = await store.save(renamed('Новое'), null, new Date('2026-03-03T09:00:00Z'));
    expect(store.current.name.ru).toBe('Новое');
    expect(store.version).toBe(id);
    expect(seen).toEqual(['Гуманитарное действие→Новое']);
    expect(s.events().some((e) => e.event === 'settings.apply_failed')).toBe(true);

    const history = await store.history();
    expect(history.map((h) => h.id)).toEqual([id, id - 1]);
    expect(history[0]!.savedAt.toISOString()).toBe('2026-03-03T09:00:00.000Z');
    expect((await store.saved(id - 1))?.name.ru).toBe('Гуманитарное действие');
    expect(await store.saved(id + 100)).toBeUndefined();

    await expect(store.save({ ...DEFAULT_SETTINGS, emergencyNumbers: [] }, null)).rejects.toThrow();
    expect(store.version).toBe(id);
  });

  it('reads the settings in force for the report command without writing: the file until a version is saved', async () => {
    const s = await setup();
    writeFile(s.dataDir, renamed('Файл'));
    expect(await readSettingsInForce(s.db, s.dataDir)).toMatchObject({ ok: true, settings: { name: { ru: 'Файл' } } });
    expect(await s.db.select().from(organisationSettings)).toHaveLength(0);
    const opened = await s.open();
    if (!opened.ok) throw new Error();
    await opened.store.save(renamed('Консоль'), null);
    expect(await readSettingsInForce(s.db, s.dataDir)).toMatchObject({ ok: true, settings: { name: { ru: 'Консоль' } } });
  });

  it('knows the highest taxonomy version ever saved', async () => {
    const s = await setup();
    const opened = await s.open();
    if (!opened.ok) throw new Error();
    expect(await opened.store.highestTaxonomyVersion()).toBe(1);
    const taxonomy = { version: 4, needs: [{ code: 'aa', theme: 'online' as const, label: { ru: 'а', en: 'a' } }], services: [{ code: 'bb', offline: false, label: { ru: 'б', en: 'b' } }] };
    await opened.store.save({ ...DEFAULT_SETTINGS, taxonomy }, null);
    await opened.store.save(DEFAULT_SETTINGS, null);
    expect(await opened.store.highestTaxonomyVersion()).toBe(4);
  });
});
