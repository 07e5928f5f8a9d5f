/**
 * `npm start` and `npm run dev` run this before electron-vite, which only reads
 * node_modules/electron/path.txt and otherwise dies with "Error: Electron uninstall": since
 * Electron 42, `npm ci` no longer downloads the binary. Downloads it with the package's own
 * install.js when missing; where that fails, says so in one line and exits 1.
 *
 * Usage: node dev/ensure-electron.ts [electron-package-dir]   (default: this project's)
 */
import { fileURLToPath } from 'node:url';
import {
  electronMissingMessage,
  electronPackageDir,
  ensureElectronBinary,
} from './electron-binary.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const packageDir = process.argv[2] ?? electronPackageDir(ROOT);

const result = ensureElectronBinary(packageDir);
if (result.ok) {
  if (result.downloaded) console.log(`herald: installed the Electron binary at ${result.path}`);
} else {
  console.error(
    `herald: ${electronMissingMessage(result.reason)}; ` +
      'see README "The desktop app" (`npm run demo` runs Herald without Electron)',
  );
  process.exitCode = 1;
}
