/**
 * One fault scenario's cast: a user running `herald listen` (optionally through a TCP proxy
 * the test can break), the message center account behind a real `herald gateway`, and a
 * business system pushing through it. Everything started here is stopped after the test.
 */
import { afterEach, expect } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Account, Harness } from '../../support/fixture.ts';
import { GatewayProcess } from '../../support/gateway-process.ts';
import { Listener } from '../../support/listener.ts';
import { startTcpProxy, type TcpProxy } from '../../support/tcp-proxy.ts';
import { BusinessSystem } from './business-system.ts';
import { gatewayApi } from '../../support/gateway-api.ts';
import { inboxFileOf, recordFaultRow, tally, type FaultRow } from './fault-report.ts';

/** The listener's keepalive in these tests: a half-open TCP is found within twice this. */
export const KEEPALIVE_SECONDS = 2;
/** First backoff step (1 s + 20 % jitter) and a login (TLS + SCRAM) on a loaded CI machine. */
const ONE_BACKOFF_STEP_MS = 1_200;
const LOGIN_ALLOWANCE_MS = 3_000;
export const RECOVERY_BUDGET_MS =
  2 * KEEPALIVE_SECONDS * 1000 + ONE_BACKOFF_STEP_MS + LOGIN_ALLOWANCE_MS;

const TOKEN = 'fault-suite-token-0123456789';
const cleanups: Array<() => Promise<unknown>> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Runs after the test, after everything the scenario started later has been stopped. */
export function addCleanup(cleanup: () => Promise<unknown> | unknown): void {
  cleanups.push(async () => cleanup());
}

export interface ScenarioOptions {
  /** Route the listener through a TCP proxy the test can cut, stall or slow down. */
  proxy?: boolean;
  /** A fixed gateway port, so a restarted gateway is found at the same URL. */
  gatewayPort?: number;
  /** Extra node arguments and environment for the listener (a clock hook). */
  listenerNodeArgs?: string[];
  listenerEnv?: Record<string, string>;
  dataDir?: string;
}

export class Scenario {
  readonly listeners: Listener[] = [];
  readonly business: BusinessSystem;
  gateway!: GatewayProcess;
  #gatewayUrl = '';
  readonly #harness: Harness;
  readonly #options: ScenarioOptions;

  readonly user: Account;
  readonly system: Account;
  readonly dataDir: string;
  readonly proxy: TcpProxy | null;

  private constructor(
    harness: Harness,
    cast: { user: Account; system: Account; dataDir: string; proxy: TcpProxy | null },
    options: ScenarioOptions,
  ) {
    this.#harness = harness;
    this.#options = options;
    ({ user: this.user, system: this.system, dataDir: this.dataDir, proxy: this.proxy } = cast);
    this.business = new BusinessSystem({ url: () => this.#gatewayUrl, token: TOKEN });
  }

  static async create(harness: Harness, options: ScenarioOptions = {}): Promise<Scenario> {
    const user = await harness.account('user');
    const system = await harness.account('center');
    const dataDir = options.dataDir ?? (await harness.dataDir());
    const proxy = options.proxy ? await startTcpProxy(harness.server.c2sPort) : null;
    if (proxy) cleanups.push(() => proxy.close());
    const scenario = new Scenario(harness, { user, system, dataDir, proxy }, options);
    await scenario.startGateway();
    return scenario;
  }

  /** The gateway's whole HTTP API (revisions, status), as the business system calls it. */
  get api(): ReturnType<typeof gatewayApi> {
    return gatewayApi(this.#gatewayUrl, TOKEN);
  }

  get inboxFile(): string {
    return inboxFileOf(this.dataDir);
  }

  get listener(): Listener {
    const last = this.listeners.at(-1);
    if (!last) throw new Error('no listener started');
    return last;
  }

  /** Starts `herald listen` on the scenario's data dir and waits until it caught up. */
  async startListener(options: { waitForSync?: boolean } = {}): Promise<Listener> {
    const server = this.#harness.server;
    const listener = new Listener({
      service: this.proxy ? `xmpp://${server.domain}:${this.proxy.port}` : server.service,
      caFile: server.caFile,
      jid: this.user.jid,
      password: this.user.password,
      systemJids: [this.system.jid],
      dataDir: this.dataDir,
      extraArgs: ['--keepalive', String(KEEPALIVE_SECONDS)],
      nodeArgs: this.#options.listenerNodeArgs,
      env: this.#options.listenerEnv,
    });
    this.listeners.push(listener);
    cleanups.push(() => listener.kill());
    if (options.waitForSync ?? true) await listener.waitForSynced();
    return listener;
  }

  async startGateway(): Promise<GatewayProcess> {
    const config = join(await this.#harness.dataDir(), 'gateway.json');
    // The business system pushes as fast as it can; the per-token limit is not under test.
    await writeFile(config, JSON.stringify({ limits: { rateLimitMax: 1_000_000 } }));
    const gateway = new GatewayProcess({
      service: this.#harness.server.service,
      caFile: this.#harness.server.caFile,
      jid: this.system.jid,
      password: this.system.password,
      tokens: TOKEN,
      extraArgs: ['--config', config, '--port', String(this.#options.gatewayPort ?? 0)],
    });
    cleanups.push(() => gateway.kill());
    this.gateway = gateway;
    this.#gatewayUrl = await gateway.url();
    await gateway.waitFor((line) => line.xmpp === 'online', 'gateway online');
    return gateway;
  }

  /** Resolves once the current listener has printed `count` pushes. */
  async received(count: number, timeoutMs?: number): Promise<void> {
    const listener = this.listener;
    await listener.waitUntil(() => listener.pushes().length >= count, `${count} pushes`, timeoutMs);
  }

  /** Resolves when the current listener is online again after its event number `sinceIndex`. */
  async onlineAgain(sinceIndex: number, timeoutMs?: number): Promise<void> {
    const listener = this.listener;
    await listener.waitUntil(
      () =>
        listener.events
          .slice(sinceIndex)
          .some((event) => event.type === 'status' && event.state === 'online'),
      'online again',
      timeoutMs,
    );
  }

  /** Every listener's connection states, catch-ups and warnings (with its push count then), and the gateway's. */
  #timeline(): string[] {
    const listeners = this.listeners.flatMap((listener, index) => {
      let pushes = 0;
      const lines = listener.events.flatMap((event) => {
        if (event.type === 'push') pushes++;
        if (event.type !== 'status' && event.type !== 'synced') return [];
        const { type, ...fields } = event;
        return [`#${index} after ${pushes} pushes: ${type} ${JSON.stringify(fields)}`];
      });
      return [...lines, ...listener.stderr.map((line) => `#${index} stderr: ${line}`)];
    });
    const gateway = this.gateway.lines
      .filter((line) => line.xmpp !== undefined)
      .map((line) => `gateway: ${JSON.stringify(line)}`);
    return [...listeners, ...gateway];
  }

  /**
   * Waits (bounded) until every confirmed push was printed, stops the listener so the inbox
   * is saved, counts, records the table row and asserts the targets.
   */
  async finish(row: {
    server: string;
    scenario: string;
    recoveryMs: number | null;
    /** Null when the recovery time is reported but has no budget (a drain). */
    recoveryBudgetMs?: number | null;
    settleTimeoutMs?: number;
  }): Promise<FaultRow> {
    const ids = [...this.business.confirmed];
    const listener = this.listener;
    const printedAll = () => {
      const printed = new Set(this.listeners.flatMap((l) => l.pushes().map((p) => p.id)));
      return ids.every((id) => printed.has(id));
    };
    // A loss shows as a timeout here; count anyway so the table says what went missing.
    await listener
      .waitUntil(printedAll, 'every push', row.settleTimeoutMs ?? 30_000)
      .catch(() => undefined);
    // Summaries of coalesced pushes come after a quiet time; stop() shows what is pending.
    await listener.stop();
    const counted = tally(this.listeners, ids, this.inboxFile);
    const recoveryBudgetMs =
      row.recoveryBudgetMs !== undefined
        ? row.recoveryBudgetMs
        : row.recoveryMs === null
          ? null
          : RECOVERY_BUDGET_MS;
    const result: FaultRow = {
      server: row.server,
      scenario: row.scenario,
      sent: ids.length,
      received: counted.received,
      lost: counted.lost.length,
      duplicatePushes: counted.duplicatePushes,
      duplicateNotifications: counted.duplicateNotifications,
      recoveryMs: row.recoveryMs,
      recoveryBudgetMs,
    };
    recordFaultRow(result);
    // On a loss, what each listener went through says where to look (it is not compared).
    const lossReport = counted.lost.length > 0 ? { timeline: this.#timeline() } : {};
    expect({ lost: counted.lost, strayInStore: counted.storeMismatch, ...lossReport }).toEqual({
      lost: [],
      strayInStore: [],
    });
    expect(result).toMatchObject({ duplicatePushes: 0, duplicateNotifications: 0 });
    if (row.recoveryMs !== null && recoveryBudgetMs !== null) {
      expect(row.recoveryMs).toBeLessThanOrEqual(recoveryBudgetMs);
    }
    return result;
  }
}

/** Ids for one scenario's burst: unique per run so servers' archives never mix them up. */
export function pushIds(scenario: string, count: number): string[] {
  const run = `${process.pid}-${Date.now().toString(36)}`;
  return Array.from({ length: count }, (_, i) => `${scenario}-${run}-${i}`);
}
