import { desc, eq, sql } from 'drizzle-orm';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../db/open.ts';
import { accounts, organisationSettings } from '../db/schema/index.ts';
import { safeError, type Logger } from '../log.ts';
import { DEFAULT_SETTINGS, loadSettings, SETTINGS_FILE, settingsSchema, type Settings, type SettingsResult } from './settings.ts';

/**
 * The organisation's settings in force, kept in the database (one row per saved version, the
 * newest wins) and held in memory so the bot reads them without a query. DATA_DIR/organisation.json
 * only seeds the first row; after that the console edits them and `save` applies them at once.
 */

export interface SavedVersion {
  id: number;
  savedBy: number | null;
  savedByName: string | null;
  savedAt: Date;
}

/** Told of every saved version after it is in force: what caches texts or tables re-reads them. */
export type SettingsListener = (next: Settings, previous: Settings) => void | Promise<void>;

export type OpenSettingsResult = { ok: true; store: SettingsStore } | { ok: false; errors: string[] };

export interface OpenSettingsOptions {
  dataDir: string;
  /** What the file is created from when it is missing too (the sandbox's differ). */
  defaults?: Settings;
  log: Logger;
  now?: () => Date;
}

/** Key order does not matter (PostgreSQL's jsonb reorders keys): compare values, not text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function sameSettings(a: Settings, b: Settings): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

const issuesOf = (where: string, error: { issues: { path: PropertyKey[]; message: string }[] }) =>
  error.issues.map((i) => `${where}: ${i.path.map(String).join('.') || '(root)'}: ${i.message}`);

/**
 * Opens the store: the newest stored version is in force; with none, the file (created from the
 * defaults when missing) seeds the first. A stored version the schema refuses is an error naming
 * the field, as a bad file is.
 */
export async function openSettingsStore(db: Db, opts: OpenSettingsOptions): Promise<OpenSettingsResult> {
  const { log } = opts;
  const now = opts.now ?? (() => new Date());
  const [newest] = await db.select().from(organisationSettings).orderBy(desc(organisationSettings.id)).limit(1);
  if (!newest) {
    const loaded = loadSettings(opts.dataDir, opts.defaults ?? DEFAULT_SETTINGS);
    if (!loaded.ok) return loaded;
    if (loaded.created) log.info({ event: 'settings.created', file: SETTINGS_FILE }, 'wrote default organisation settings to DATA_DIR');
    const [row] = await db.insert(organisationSettings).values({ settings: loaded.settings, savedBy: null, savedAt: now() }).returning();
    log.info({ event: 'settings.seeded', file: SETTINGS_FILE, version: row!.id }, 'organisation settings copied from the file into the database: from now on the console edits them and the file is not read');
    return { ok: true, store: new SettingsStore(db, log, loaded.settings, row!.id) };
  }
  const parsed = settingsSchema.safeParse(newest.settings);
  if (!parsed.success) return { ok: false, errors: issuesOf(`organisation_settings version ${newest.id}`, parsed.error) };
  const settings = parsed.data;
  const file = fileState(opts.dataDir, settings);
  if (file === 'same' || file === 'missing') log.info({ event: 'settings.loaded', version: newest.id }, 'organisation settings in force: the newest version in the database');
  // An edited file must not look as if it were in force: say which one is used.
  else log.warn({ event: 'settings.file_not_used', file: SETTINGS_FILE, fileState: file, version: newest.id }, `DATA_DIR/${SETTINGS_FILE} differs from the settings in force; the database's version ${newest.id} is used: edit the settings in the console`);
  return { ok: true, store: new SettingsStore(db, log, settings, newest.id) };
}

function fileState(dataDir: string, inForce: Settings): 'same' | 'differs' | 'invalid' | 'missing' {
  const path = join(dataDir, SETTINGS_FILE);
  if (!existsSync(path)) return 'missing';
  try {
    const parsed = settingsSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    if (!parsed.success) return 'invalid';
    return sameSettings(parsed.data, inForce) ? 'same' : 'differs';
  } catch {
    return 'invalid';
  }
}

export class SettingsStore {
  #current: Settings;
  #version: number;
  readonly #listeners: SettingsListener[] = [];

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
    current: Settings,
    version: number,
  ) {
    this.#current = current;
    this.#version = version;
  }

  /** The settings in force. Read it at the moment of use: a save replaces it. */
  get current(): Settings {
    return this.#current;
  }

  /** The id of the version in force. */
  get version(): number {
    return this.#version;
  }

  onChange(listener: SettingsListener): void {
    this.#listeners.push(listener);
  }

  /**
   * Stores a new version and puts it in force at once; listeners then refresh what depends on it.
   * A listener's failure is logged, not thrown: the version is saved and in force either way.
   */
  async save(settings: Settings, savedBy: number | null, at: Date = new Date()): Promise<number> {
    const valid = settingsSchema.parse(settings);
    const [row] = await this.db.insert(organisationSettings).values({ settings: valid, savedBy, savedAt: at }).returning();
    const previous = this.#current;
    this.#current = valid;
    this.#version = row!.id;
    this.log.info({ event: 'settings.saved', version: row!.id, accountId: savedBy }, 'organisation settings saved and in force');
    for (const listener of this.#listeners) {
      try {
        await listener(valid, previous);
      } catch (err) {
        this.log.error({ event: 'settings.apply_failed', version: row!.id, err: safeError(err) }, 'applying saved settings failed');
      }
    }
    return row!.id;
  }

  /** Saved versions, newest first, with who saved each (null: seeded from the file). */
  async history(limit = 200): Promise<SavedVersion[]> {
    return this.db
      .select({ id: organisationSettings.id, savedBy: organisationSettings.savedBy, savedByName: accounts.displayName, savedAt: organisationSettings.savedAt })
      .from(organisationSettings)
      .leftJoin(accounts, eq(accounts.id, organisationSettings.savedBy))
      .orderBy(desc(organisationSettings.id))
      .limit(limit);
  }

  /** A saved version as the schema reads it now; undefined when there is none or it no longer fits. */
  async saved(id: number): Promise<Settings | undefined> {
    const [row] = await this.db.select().from(organisationSettings).where(eq(organisationSettings.id, id));
    const parsed = row ? settingsSchema.safeParse(row.settings) : undefined;
    return parsed?.success ? parsed.data : undefined;
  }

  /**
   * The highest taxonomy version any saved version used (1, the default's, when none had its own):
   * a new set of codes takes the next one, so a number never names two different sets.
   */
  async highestTaxonomyVersion(): Promise<number> {
    const [row] = await this.db.select({ v: sql<number | null>`max((${organisationSettings.settings} -> 'taxonomy' ->> 'version')::int)` }).from(organisationSettings);
    return Math.max(1, Number(row?.v ?? 1), this.#current.taxonomy?.version ?? 1);
  }
}

/**
 * The settings in force without opening the store (the report command, run beside or instead of
 * the app): the newest saved version, or the file while nothing is saved yet. Writes nothing.
 */
export async function readSettingsInForce(db: Db, dataDir: string): Promise<SettingsResult> {
  const [newest] = await db.select().from(organisationSettings).orderBy(desc(organisationSettings.id)).limit(1);
  if (!newest) return loadSettings(dataDir);
  const parsed = settingsSchema.safeParse(newest.settings);
  return parsed.success ? { ok: true, settings: parsed.data, created: false } : { ok: false, errors: issuesOf(`organisation_settings version ${newest.id}`, parsed.error) };
}
