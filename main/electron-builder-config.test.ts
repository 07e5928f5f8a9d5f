/**
 * electron-builder.yml is valid for the electron-builder in node_modules (its own JSON
 * schema), and says what the security baseline and the platforms need. Packaging itself
 * downloads Electron and cannot run here.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
// js-yaml is electron-builder's own YAML reader (hoisted into node_modules; no types needed).
const yaml = require('js-yaml') as { load(text: string): unknown };

type Config = Record<string, unknown> & {
  files: string[];
  electronFuses: Record<string, boolean>;
  win: { target: string[]; icon: string };
  mac: { target: string[]; icon: string; extendInfo: Record<string, unknown> };
  linux: { target: string[]; icon: string; category: string; maintainer: string; synopsis: string };
  directories: { output: string };
  extraResources: { from: string; to: string; filter: string[] }[];
};

const config = yaml.load(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as Config;
const schema = JSON.parse(
  readFileSync(join(ROOT, 'node_modules/app-builder-lib/scheme.json'), 'utf8'),
) as object;
const ajv = new Ajv({ allErrors: true, strict: false });
const validate = ajv.compile(schema);

describe('electron-builder.yml', () => {
  it("validates against app-builder-lib's configuration schema", () => {
    const valid = validate(config);
    expect(validate.errors ?? [], ajv.errorsText(validate.errors)).toEqual([]);
    expect(valid).toBe(true);
  });

  it('would reject a misspelt key (the schema check is not vacuous)', () => {
    expect(validate({ ...config, electronFuses: { runAsNod: false } })).toBe(false);
    expect(validate({ ...config, produtName: 'Herald' })).toBe(false);
  });

  it('names the app and packs only the build output into an asar', () => {
    expect(config.appId).toBe('app.herald.desktop');
    expect(config.productName).toBe('Herald');
    expect(config.asar).toBe(true);
    expect(config.directories.output).toBe('dist');
    expect(config.files).toEqual(['out/**/*', 'package.json', 'node_modules/**/*']);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { main: string };
    expect(pkg.main.startsWith('out/')).toBe(true);
  });

  it('flips the Electron fuses of the security baseline', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it('builds NSIS, DMG (tray-only, no Dock icon), AppImage and deb', () => {
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.mac.extendInfo.LSUIElement).toBe(true);
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.linux.category).toBe('Network');
    expect(config.linux.maintainer).toMatch(/<[^@\s]+@[^>\s]+>/);
    expect(config.linux.synopsis.length).toBeGreaterThan(0);
  });

  it('points at icons that exist, and ships the tray icons as real files', () => {
    for (const icon of [config.win.icon, config.mac.icon, config.linux.icon]) {
      expect(existsSync(join(ROOT, icon)), icon).toBe(true);
    }
    expect(config.extraResources).toContainEqual({
      from: 'assets',
      to: 'assets',
      filter: ['tray-*.png', 'tray-*.ico', 'icon.png'],
    });
  });
});
