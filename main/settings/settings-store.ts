/**
 * Settings on disk through a conf-like store (electron-store in the app, `new Conf({ cwd })` in
 * tests). Read once, migrated and checked field by field; every change is written as a whole
 * versioned object. Never holds the password (see secret-store.ts). No Electron here.
 */
import { existsSync, renameSync } from 'node:fs';
import { systemClock, type Clock } from '../../core/clock.ts';
import { readStoredSettings, SETTINGS_VERSION, type StoredSettings } from './settings-schema.ts';

/** What conf and electron-store both offer: the whole file as one object. */
export interface ConfLikeStore {
  get store(): Record<string, unknown>;
  set store(value: Record<string, unknown>);
}

export interface SettingsStoreOptions {
  store: ConfLikeStore;
  /** Told about values that were dropped while reading (invalid, unknown version…). */
  onProblem?(message: string): void;
}

export class SettingsStore {
  readonly #store: ConfLikeStore;
  #settings: StoredSettings;

  constructor(options: SettingsStoreOptions) {
    this.#store = options.store;
    let raw: unknown;
    try {
      raw = this.#store.store;
    } catch (error) {
      options.onProblem?.(`settings unreadable, using defaults: ${(error as Error).message}`);
    }
    const { settings, problems } = readStoredSettings(raw);
    for (const problem of problems) options.onProblem?.(problem);
    this.#settings = settings;
  }

  /** The current settings (a copy: change them through `update`). */
  get(): StoredSettings {
    return structuredClone(this.#settings);
  }

  /** Applies already-validated changes and writes the file; returns the new settings. */
  update(change: Partial<StoredSettings>): StoredSettings {
    const next: StoredSettings = { ...this.#settings, ...structuredClone(change) };
    this.#store.store = { schemaVersion: SETTINGS_VERSION, ...next };
    this.#settings = next;
    return this.get();
  }

  setDndUntil(until: number | null): StoredSettings {
    return this.update({ notifications: { ...this.#settings.notifications, dndUntil: until } });
  }
}

/**
 * Opens a conf / electron-store file; when the file is not readable JSON (conf throws from its
 * constructor then), moves it aside to `<file>.corrupt-<time>` and opens a fresh one, so a
 * damaged file never stops the app and is still there for a bug report.
 */
export function openStoreResiliently<T>(options: {
  open(): T;
  file: string;
  /** Its wall time names the moved-aside file. */
  clock?: Clock;
  onProblem?(message: string): void;
}): T {
  try {
    return options.open();
  } catch (error) {
    if (!existsSync(options.file)) throw error;
    const aside = `${options.file}.corrupt-${(options.clock ?? systemClock).now()}`;
    renameSync(options.file, aside);
    options.onProblem?.(
      `${options.file} was unreadable (${(error as Error).message}); moved to ${aside}`,
    );
    return options.open();
  }
}
