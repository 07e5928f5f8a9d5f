/**
 * Finds the Electron executable the way node_modules/electron and electron-vite do, and installs
 * it with the package's own install.js (its `install-electron` bin) when it is missing. The
 * package is never required: since Electron 42 its index.js downloads on require, and a Node
 * test must not load it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type ElectronBinary = { ok: true; path: string } | { ok: false; reason: string };

type Env = Readonly<Record<string, string | undefined>>;

/** Where `npm ci` puts the electron package of the project at `root`. */
export function electronPackageDir(root: string): string {
  return join(root, 'node_modules', 'electron');
}

function readTrimmed(file: string): string {
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : '';
}

export function findElectronBinary(packageDir: string, env: Env = process.env): ElectronBinary {
  // electron-vite launches ELECTRON_EXEC_PATH when it is set, whatever path.txt says.
  const explicit = env.ELECTRON_EXEC_PATH;
  if (explicit)
    return existsSync(explicit)
      ? { ok: true, path: explicit }
      : { ok: false, reason: `ELECTRON_EXEC_PATH ${explicit} is missing` };
  const pathFile = join(packageDir, 'path.txt');
  const relative = readTrimmed(pathFile);
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  if (!override && !relative) return { ok: false, reason: `no ${pathFile}` };
  const binary = override
    ? join(override, relative || 'electron')
    : join(packageDir, 'dist', relative);
  if (!existsSync(binary)) return { ok: false, reason: `${binary} is missing` };
  // A binary left from another Electron version (install.js checks the same file).
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
    version: string;
  };
  const installed = readTrimmed(join(packageDir, 'dist', 'version')).replace(/^v/, '');
  if (!override && installed !== version)
    return { ok: false, reason: `dist/version is "${installed}", the package is ${version}` };
  return { ok: true, path: binary };
}

/** The first line install.js printed: it prints `err.stack`, whose first line is the error. */
function firstLine(text: string): string {
  const line = text.split(/\r?\n/).find((candidate) => candidate.trim() !== '') ?? '';
  return line.trim().slice(0, 300);
}

/** How `npm start` and the `_electron` suite say it (the reason from ensureElectronBinary). */
export function electronMissingMessage(reason: string): string {
  return `the Electron binary is not installed and could not be downloaded (${reason})`;
}

export type EnsuredElectron =
  { ok: true; path: string; downloaded: boolean } | { ok: false; reason: string };

/**
 * The binary, downloaded first by the package's install.js when it is missing. The download's
 * failure (e.g. `TypeError: fetch failed` offline) is the reason returned.
 */
export function ensureElectronBinary(packageDir: string, env: Env = process.env): EnsuredElectron {
  const found = findElectronBinary(packageDir, env);
  if (found.ok) return { ...found, downloaded: false };
  const install = spawnSync(process.execPath, [join(packageDir, 'install.js')], {
    env: { ...env },
    encoding: 'utf8',
    // The zip is about 100 MB; a stalled mirror should not hang `npm start` for ever.
    timeout: 15 * 60_000,
  });
  if (install.error) return { ok: false, reason: install.error.message };
  if (install.status !== 0)
    return {
      ok: false,
      reason:
        firstLine(install.stderr) ||
        firstLine(install.stdout) ||
        `install.js exited with ${install.status ?? install.signal}`,
    };
  const after = findElectronBinary(packageDir, env);
  return after.ok ? { ...after, downloaded: true } : after;
}
