/**
 * `node --import ./e2e/electron-stand-in/register.ts out/main/index.js`: resolves `electron`
 * (import and require alike, so electron-log and electron-store get it too) to the STAND-IN
 * in ./electron.ts. Nothing else changes: the app's own code and every other package are the
 * real ones.
 */
import { registerHooks } from 'node:module';

const STAND_IN = new URL('./electron.ts', import.meta.url).href;

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier === 'electron') return { url: STAND_IN, shortCircuit: true };
    return nextResolve(specifier, context);
  },
});
