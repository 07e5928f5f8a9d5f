/**
 * Runs at most one HeraldEngine over the app's inbox and replaces it when the account changes.
 * Starts, restarts and stops are queued, so a quick second save never leaves two sessions
 * online. The status is flattened into the UI's ConnectionView. No Electron here.
 */
import type { Clock } from '../../core/clock.ts';
import { HeraldEngine, type EngineEvents, type EngineOptions } from '../../core/engine.ts';
import type {
  AccountSettings,
  ConnectionView,
  RefusedCertificate,
} from '../../core/desktop-api.ts';
import type { Inbox } from '../../core/inbox.ts';
import type { PushKind } from '../../core/push.ts';
import type { NotificationSettings } from '../../core/notification-policy.ts';
import type { SessionStatus } from '../../core/xmpp-session.ts';
import type { UserEventType } from '../../core/user-events.ts';
import { connectionProblem, isCertificateProblem } from '../../core/connection-errors.ts';
import { fetchServerCertificate } from '../settings/peer-certificate.ts';
import { sessionOptionsFor } from './session-options.ts';

/** Liveness timing the tests shorten; the engine's defaults otherwise. */
export type EngineTiming = Partial<
  Pick<
    EngineOptions,
    'keepaliveIntervalMs' | 'keepaliveTimeoutMs' | 'connectTimeoutMs' | 'backoff' | 'summaryQuietMs'
  >
>;

export interface EngineConfig {
  account: AccountSettings;
  password: string;
}

export interface EngineRunnerOptions {
  inbox: Inbox;
  notificationSettings(): Partial<NotificationSettings>;
  timing?: EngineTiming;
  /** The engine's clock (systemClock when not given). */
  clock?: Clock;
  /** Resource of the desktop session (default `herald-desktop`). */
  resource?: string;
  onStatus(view: ConnectionView): void;
  onEngineEvent<K extends 'push' | 'notify' | 'withdraw' | 'synced' | 'warning'>(
    name: K,
    ...args: EngineEvents[K]
  ): void;
}

/** The session's English `reason` stays behind: the UI words `problem` in its own language. */
export function toConnectionView(status: SessionStatus): ConnectionView {
  switch (status.state) {
    case 'online':
      return { state: 'online', jid: status.jid };
    case 'reconnecting': {
      const { attempt, nextAttemptAt, problem } = status;
      return { state: 'reconnecting', attempt, nextAttemptAt, problem };
    }
    case 'auth-failed':
    case 'error':
      return { state: status.state, problem: status.problem };
    default:
      return status;
  }
}

export class EngineRunner {
  readonly #options: EngineRunnerOptions;
  #engine: HeraldEngine | null = null;
  #view: ConnectionView = { state: 'unconfigured' };
  #queue: Promise<void> = Promise.resolve();

  constructor(options: EngineRunnerOptions) {
    this.#options = options;
  }

  get view(): ConnectionView {
    return this.#view;
  }

  /** Replaces the running engine with one for `config`, or none (unconfigured) for null. */
  configure(config: EngineConfig | null): Promise<void> {
    return this.#enqueue(async () => {
      await this.#stopEngine();
      if (!config) {
        this.#setView({ state: 'unconfigured' });
        return;
      }
      this.#startEngine(config);
    });
  }

  /**
   * The user's choice (HeraldEngine.choose): sent now when online, else kept in the inbox's
   * outbox for the engine of the next connection. False when it changed nothing.
   */
  choose(pushId: string, type: UserEventType, options: { action?: string } = {}): boolean {
    const event = this.#engine
      ? this.#engine.choose(pushId, type, options)
      : this.#options.inbox.recordChoice(pushId, type, options);
    return event !== null;
  }

  /** "Mark all read" as the user's choice `read` on each unread item; how many there were. */
  markAllRead(kind?: PushKind): number {
    const events = this.#engine
      ? this.#engine.markAllRead(kind)
      : this.#options.inbox.markAllRead(kind);
    return events.length;
  }

  /** Reconnect now (the user's button, OS resume, network back). */
  reconnectNow(): void {
    this.#engine?.reconnectNow();
  }

  /** Closes the stream; the inbox stays open (the caller owns it). */
  stop(): Promise<void> {
    return this.#enqueue(async () => {
      const engine = this.#engine;
      await this.#stopEngine();
      if (engine) this.#setView({ state: 'offline' });
    });
  }

  #startEngine(config: EngineConfig): void {
    let engine: HeraldEngine;
    try {
      engine = new HeraldEngine({
        ...sessionOptionsFor(config.account, config.password),
        ...this.#options.timing,
        resource: this.#options.resource ?? 'herald-desktop',
        systemJids: config.account.systemJids,
        inbox: this.#options.inbox,
        notificationSettings: this.#options.notificationSettings,
        clock: this.#options.clock,
      });
    } catch (error) {
      this.#setView({ state: 'error', problem: connectionProblem(error) });
      return;
    }
    const forward = this.#options.onEngineEvent;
    const withCertificate = this.#refusedCertificates(engine, config.account);
    engine.on('status', (status) => this.#setView(withCertificate(toConnectionView(status))));
    engine.on('push', (event) => forward('push', event));
    engine.on('notify', (notification) => forward('notify', notification));
    engine.on('withdraw', (withdrawal) => forward('withdraw', withdrawal));
    engine.on('synced', (result) => forward('synced', result));
    engine.on('warning', (message) => forward('warning', message));
    this.#engine = engine;
    engine.start();
  }

  /**
   * Adds the server's certificate to a view that says it was refused. Read once per engine (a
   * probe connection, see peer-certificate.ts), then added to every later retry's view.
   */
  #refusedCertificates(engine: HeraldEngine, account: AccountSettings) {
    let probe: Promise<void> | null = null;
    let certificate: RefusedCertificate | null = null;
    return (view: ConnectionView): ConnectionView => {
      if (view.state !== 'reconnecting' && view.state !== 'error') return view;
      if (!isCertificateProblem(view.problem)) return view;
      if (certificate) return { ...view, certificate };
      probe ??= fetchServerCertificate(account).then((read) => {
        certificate = read;
        // Only if nothing happened meanwhile: a newer view or engine says more.
        if (read && this.#engine === engine && this.#view === view) {
          this.#setView({ ...view, certificate: read });
        }
      });
      return view;
    };
  }

  async #stopEngine(): Promise<void> {
    const engine = this.#engine;
    if (!engine) return;
    this.#engine = null;
    // The old session's "offline" is not news: the next state follows at once.
    engine.removeAllListeners();
    await engine.stop();
  }

  #setView(view: ConnectionView): void {
    this.#view = view;
    this.#options.onStatus(view);
  }

  #enqueue(step: () => Promise<void>): Promise<void> {
    const next = this.#queue.then(step, step);
    this.#queue = next.catch(() => undefined);
    return next;
  }
}
