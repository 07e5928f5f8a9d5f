/** The bench's side of a client child process (bench/processes/client-worker.ts). */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type {
  Arrival,
  ClientCommand,
  ClientConfig,
  ClientMeasures,
  ClientEvent,
  ClientStats,
  StatsRequest,
} from './client-protocol.ts';
import type { Scope } from '../scope.ts';

const WORKER = fileURLToPath(new URL('./client-worker.ts', import.meta.url));

export interface Notification {
  action: string;
  count: number;
  at: number;
}

/** Who a benchmark's client is: its server, its own account, and the system account it trusts. */
export interface ClientCast {
  server: { service: string; caFile: string };
  user: { jid: string; password: string };
  system: { jid: string };
}

/** Starts a client process for `cast.user` (the Herald engine unless `mode` says raw). */
export function startClient(
  scope: Scope,
  cast: ClientCast,
  options: {
    dataDir: string;
    mode?: ClientConfig['mode'];
    measure?: ClientMeasures;
    snapshotAtPushes?: number[];
  },
): ClientProcess {
  const config: ClientConfig = {
    mode: options.mode ?? 'engine',
    service: cast.server.service,
    caFile: cast.server.caFile,
    jid: cast.user.jid,
    password: cast.user.password,
    systemJids: [cast.system.jid],
    dataDir: options.dataDir,
  };
  if (options.measure) config.measure = options.measure;
  if (options.snapshotAtPushes) config.snapshotAtPushes = options.snapshotAtPushes;
  return new ClientProcess(config, scope);
}

export class ClientProcess {
  readonly child: ChildProcess;
  readonly arrivals: Arrival[] = [];
  readonly arrivalsById = new Map<string, Arrival>();
  readonly notifications: Notification[] = [];
  readonly statuses: Array<{ state: string; at: number; reason?: string }> = [];
  /** Every archive catch-up's end (one that timed out is retried). */
  readonly catchUps: Array<{ status: string; pages: number; at: number }> = [];
  /** Stats the client took itself, by label: 'online', 'pushes:N'. */
  readonly snapshots = new Map<string, ClientStats>();
  readonly #stderr: string[] = [];
  readonly #waiters = new Set<() => void>();
  #statsReply: ((stats: ClientStats) => void) | null = null;
  #failure: string | null = null;
  readonly #exited: Promise<unknown>;

  constructor(config: ClientConfig, scope: Scope) {
    this.child = spawn(process.execPath, ['--expose-gc', WORKER, JSON.stringify(config)], {
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    this.#exited = once(this.child, 'exit');
    scope.defer(`client ${config.jid}`, () => this.stop());
    this.child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      if (chunk.startsWith('engine warning')) process.stderr.write(`bench: client: ${chunk}`);
      this.#stderr.push(chunk);
      if (this.#stderr.length > 50) this.#stderr.shift();
    });
    this.child.on('message', (event: ClientEvent) => this.#onEvent(event));
    this.child.on('exit', () => this.#notify());
  }

  get pid(): number {
    const pid = this.child.pid;
    if (pid === undefined) throw new Error('client process did not start');
    return pid;
  }

  /** Resolves once `check()` holds; fails fast when the child dies or reports a failure. */
  waitUntil(check: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        this.#waiters.delete(waiter);
        settle();
      };
      const waiter = () => {
        if (check()) finish(resolve);
        else if (this.#failure !== null || this.child.exitCode !== null)
          finish(() => reject(this.#error(`client failed before ${what}`)));
      };
      const timer = setTimeout(
        () => finish(() => reject(this.#error(`timed out waiting for ${what}`))),
        timeoutMs,
      );
      this.#waiters.add(waiter);
      waiter();
    });
  }

  /** Online and through its first archive catch-up: ready to measure. */
  async caughtUp(): Promise<void> {
    await this.online();
    await this.waitUntil(() => this.catchUps.length > 0, 'catch-up');
  }

  async online(timeoutMs = 60_000): Promise<number> {
    await this.waitUntil(
      () => this.statuses.some((s) => s.state === 'online'),
      'online',
      timeoutMs,
    );
    return this.statuses.find((s) => s.state === 'online')?.at ?? Number.NaN;
  }

  /** Waits until every id in `ids` arrived; returns the ones still missing at the timeout. */
  async waitForIds(ids: readonly string[], timeoutMs: number): Promise<string[]> {
    const arrived = (id: string) => this.arrivalsById.has(id);
    await this.waitUntil(() => ids.every(arrived), 'pushes', timeoutMs).catch(() => undefined);
    return ids.filter((id) => !arrived(id));
  }

  /** Asks the child for its counters (flushing its pending arrivals first). */
  stats(request: StatsRequest = {}): Promise<ClientStats> {
    return new Promise((resolve) => {
      this.#statsReply = resolve;
      this.#command({ type: 'stats', ...request });
    });
  }

  /** The stats the client took itself at `label` (ClientConfig.snapshotAtPushes). */
  async snapshot(label: string, timeoutMs = 60_000): Promise<ClientStats> {
    await this.waitUntil(() => this.snapshots.has(label), `the ${label} snapshot`, timeoutMs);
    const stats = this.snapshots.get(label);
    if (!stats) throw new Error(`no ${label} snapshot`);
    return stats;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.#command({ type: 'stop' });
    const killer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await this.#exited;
    clearTimeout(killer);
  }

  #command(command: ClientCommand): void {
    if (this.child.connected) this.child.send(command);
  }

  #onEvent(event: ClientEvent): void {
    switch (event.type) {
      case 'arrivals':
        for (const item of event.items) {
          this.arrivals.push(item);
          this.arrivalsById.set(item.id, item);
        }
        break;
      case 'status':
        this.statuses.push({ state: event.state, at: event.at, reason: event.reason });
        if (event.state === 'auth-failed' || event.state === 'error')
          this.#failure = `${event.state}: ${event.reason ?? ''}`;
        break;
      case 'notify':
        this.notifications.push({ action: event.action, count: event.count, at: event.at });
        break;
      case 'synced':
        this.catchUps.push({ status: event.status, pages: event.pages, at: event.at });
        break;
      case 'stats':
        this.#statsReply?.(event.stats);
        this.#statsReply = null;
        break;
      case 'snapshot':
        this.snapshots.set(event.label, event.stats);
        break;
      case 'failed':
        this.#failure = event.message;
        break;
    }
    this.#notify();
  }

  #notify(): void {
    for (const waiter of [...this.#waiters]) waiter();
  }

  #error(message: string): Error {
    const detail = this.#failure ?? this.#stderr.join('').slice(-2000);
    return new Error(`${message}${detail ? `: ${detail}` : ''}`);
  }
}
