/**
 * Finds the Electron executable the way node_modules/electron/index.js does, but without
 * requiring that package: requiring it downloads the binary when it is missing.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const NO_ELECTRON_REASON =
  'Electron binary not installed (cannot be downloaded on this machine)';

export type ElectronBinary = { ok: true; path: string } | { ok: false; reason: string };

export function findElectronBinary(
  root: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): ElectronBinary {
  const packageDir = join(root, 'node_modules', 'electron');
  const pathFile = join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  if (!override && !relative) return { ok: false, reason: `${NO_ELECTRON_REASON}: no ${pathFile}` };
  const binary = override
    ? join(override, relative || 'electron')
    : join(packageDir, 'dist', relative);
  return existsSync(binary)
    ? { ok: true, path: binary }
    : { ok: false, reason: `${NO_ELECTRON_REASON}: ${binary} is missing` };
}
