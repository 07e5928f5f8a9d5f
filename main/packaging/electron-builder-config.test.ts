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

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
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
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      main: string;
      productName: string;
    };
    expect(pkg.main.startsWith('out/')).toBe(true);
    // Electron names the profile folder after package.json productName: the same in `npm run
    // dev` as in the packaged app (~/.config/Herald, %APPDATA%\\Herald, …).
    expect(pkg.productName).toBe(config.productName);
  });

  it('flips the Electron fuses of the security baseline', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      resetAdHocDarwinSignature: true,
    });
  });

  it('re-signs macOS builds ad hoc after the fuse flip, and leaves real signing to the identity', () => {
    // Without an identity nothing else signs the app, and an unsigned arm64 app does not launch.
    expect(config.electronFuses.resetAdHocDarwinSignature).toBe(true);
    // Not mac.identity "-": that would ad-hoc sign release builds that have a certificate.
    expect(config.mac).not.toHaveProperty('identity');
    expect(config.mac).not.toHaveProperty('sign');
  });

  it('keeps the Chromium sandbox on Linux: no --no-sandbox, no beta AppImage toolset', () => {
    expect(config.linux).not.toHaveProperty('executableArgs');
    expect(config).not.toHaveProperty('appImage.executableArgs');
    expect(config).not.toHaveProperty('toolsets');
    // The deb ships electron-builder's own AppArmor profile (Ubuntu 24.04+); no custom one.
    expect(config).not.toHaveProperty('deb.appArmorProfile');
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
