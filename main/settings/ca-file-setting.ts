/**
 * The CA file setting's checks: what Choose… answers, and which paths a save or a connection
 * test may name. Only three: none, the one already saved, or one main's file dialog returned
 * in this run. The settings page is untrusted (a compromised page must not make main read
 * arbitrary paths and report on them), and the form never types a path anyway. No Electron.
 */
import type { CaFileChoice } from '../../core/desktop-api.ts';
import { readCaFile, type CaFileCheck } from './ca-trust.ts';

export interface CaFileSetting {
  /** Opens the dialog; a file that is no PEM certificate comes back 'invalid'. */
  choose(): Promise<CaFileChoice>;
  /** null when no file is named; else whether that file may be used, with its certificates. */
  check(path: string | null | undefined, saved: string | null | undefined): CaFileCheck | null;
}

export function createCaFileSetting(chooseCaFile?: () => Promise<string | null>): CaFileSetting {
  const chosen = new Set<string>();
  return {
    async choose() {
      if (!chooseCaFile) throw new Error('this build has no file dialog for the CA file');
      const path = await chooseCaFile();
      if (path === null) return { status: 'canceled' };
      const check = readCaFile(path);
      if (!check.ok) return { status: 'invalid', path, problem: check.problem };
      chosen.add(path);
      return { status: 'chosen', path };
    },
    check(path, saved) {
      if (!path) return null;
      if (path !== saved && !chosen.has(path)) {
        return { ok: false, problem: { code: 'caFile.notChosen', params: {} } };
      }
      return readCaFile(path);
    },
  };
}
