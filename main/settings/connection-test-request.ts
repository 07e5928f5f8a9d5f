/**
 * Settings' "Test connection" as asked by the form: the account checked like a save, the
 * stored password when the form has none, and the form's CA file trusted for the test only.
 */
import type {
  ConnectionTestRequest,
  ConnectionTestResult,
  FieldProblem,
} from '../../core/desktop-api.ts';
import type { CaFileSetting } from './ca-file-setting.ts';
import type { CaTrust } from './ca-trust.ts';
import { testAccountConnection } from './connection-test.ts';
import type { SecretStore } from './secret-store.ts';
import { accountSchema, toFieldErrors } from './settings-schema.ts';
import type { SettingsStore } from './settings-store.ts';

export interface ConnectionTestDeps {
  settings: Pick<SettingsStore, 'get'>;
  secrets: Pick<SecretStore, 'getPassword'>;
  caFiles: Pick<CaFileSetting, 'check'>;
  caTrust: Pick<CaTrust, 'alsoTrust'>;
  timeoutMs?: number;
  /** The login itself; testAccountConnection unless a test replaces it. */
  connect?: typeof testAccountConnection;
}

/** The testConnection handler. */
export function createConnectionTest(
  deps: ConnectionTestDeps,
): (request: ConnectionTestRequest) => Promise<ConnectionTestResult> {
  const connect = deps.connect ?? testAccountConnection;
  return async (request) => {
    const account = accountSchema.safeParse(request.account);
    if (!account.success) {
      const [first] = toFieldErrors(account.error);
      const { code, params } = first ?? { code: 'invalid', params: { detail: 'invalid account' } };
      return { ok: false, kind: 'invalid', problem: { code, params } as FieldProblem };
    }
    const password = request.password ?? (await deps.secrets.getPassword());
    if (!password) {
      return { ok: false, kind: 'invalid', problem: { code: 'password.needed', params: {} } };
    }
    // The form's CA file, saved or not, is trusted for the test. A saved one the form cleared
    // stays trusted until Save: the live connection, process-wide like all trust here, needs it.
    const saved = deps.settings.get().account.caFile;
    const caCheck = deps.caFiles.check(account.data.caFile, saved);
    if (caCheck && !caCheck.ok) return { ok: false, kind: 'invalid', problem: caCheck.problem };
    const untrust = deps.caTrust.alsoTrust(caCheck?.certificates ?? []);
    try {
      return await connect(account.data, password, { timeoutMs: deps.timeoutMs });
    } finally {
      untrust();
    }
  };
}
