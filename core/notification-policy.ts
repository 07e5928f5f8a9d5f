/**
 * When does a push raise a native notification? Pure decisions (design.md, "Notifications"),
 * a debouncing coalescer for bursts and catch-up, and the do-not-disturb presets.
 * Everything time-related is injected so tests never sleep.
 */
import { PUSH_PRIORITIES } from './push.ts';
import type { Push, PushPriority } from './push.ts';
import { systemClock, type Clock, type TimerHandle } from './clock.ts';

export interface NotificationSettings {
  /** Epoch ms until which toasts are silenced, or null. */
  dndUntil: number | null;
  /** Whether `urgent` pushes are shown during do-not-disturb. */
  urgentBreaksDnd: boolean;
  /** Delayed pushes older than this go to the inbox silently. */
  staleAfterMs: number;
  /** At most this many toasts per burst window; more are coalesced into a summary. */
  burstLimit: number;
  burstWindowMs: number;
  /** A push that asks for an acknowledgement alerts again this often until it gets one. */
  reminderIntervalMs: number;
}

export const DEFAULT_NOTIFICATION_SETTINGS: Readonly<NotificationSettings> = {
  dndUntil: null,
  // On by default: urgent is what senders use for "production is down".
  urgentBreaksDnd: true,
  staleAfterMs: 10 * 60_000,
  burstLimit: 3,
  burstWindowMs: 10_000,
  reminderIntervalMs: 5 * 60_000,
};

export interface NotificationInput {
  push: Pick<Push, 'id' | 'priority' | 'delayed' | 'sentAt'>;
  /** 'catch-up' while the archive / offline store is being drained. */
  source: 'live' | 'catch-up';
  now: number;
  /** Missing fields take DEFAULT_NOTIFICATION_SETTINGS. */
  settings: Partial<NotificationSettings>;
  /** A push is decided once: the engine drops a push id it has stored before deciding. */
  state: { recentToastTimes: readonly number[] };
}

/** `not-open`: it arrived already completed or withdrawn by its sender. */
export type SilentReason = 'stale' | 'dnd' | 'not-open';

export type NotificationDecision =
  { action: 'toast' } | { action: 'coalesce' } | { action: 'silent'; reason: SilentReason };

export function decideNotification(input: NotificationInput): NotificationDecision {
  const { push, now, state } = input;
  const settings = { ...DEFAULT_NOTIFICATION_SETTINGS, ...definedOnly(input.settings) };
  if (push.delayed && now - push.sentAt > settings.staleAfterMs)
    return { action: 'silent', reason: 'stale' };
  const dndActive = settings.dndUntil !== null && settings.dndUntil > now;
  if (dndActive && !(push.priority === 'urgent' && settings.urgentBreaksDnd))
    return { action: 'silent', reason: 'dnd' };
  if (input.source === 'catch-up') return { action: 'coalesce' };
  const recent = state.recentToastTimes.filter(
    (at) => at <= now && now - at < settings.burstWindowMs,
  ).length;
  // burstLimit toasts already shown in the window: this one would be one too many.
  if (recent >= settings.burstLimit) return { action: 'coalesce' };
  return { action: 'toast' };
}

/** `{ dndUntil: undefined }` (an unset field) must not wipe out the default. */
function definedOnly(settings: Partial<NotificationSettings>): Partial<NotificationSettings> {
  const result: Partial<NotificationSettings> = {};
  if (settings.dndUntil !== undefined) result.dndUntil = settings.dndUntil;
  if (settings.urgentBreaksDnd !== undefined) result.urgentBreaksDnd = settings.urgentBreaksDnd;
  if (settings.staleAfterMs !== undefined) result.staleAfterMs = settings.staleAfterMs;
  if (settings.burstLimit !== undefined) result.burstLimit = settings.burstLimit;
  if (settings.burstWindowMs !== undefined) result.burstWindowMs = settings.burstWindowMs;
  if (settings.reminderIntervalMs !== undefined)
    result.reminderIntervalMs = settings.reminderIntervalMs;
  return result;
}

/**
 * Whether a reminder for an unacknowledged push may alert now: do-not-disturb holds it back
 * unless "urgent breaks through" is on.
 */
export function mayRemind(now: number, input: Partial<NotificationSettings>): boolean {
  const settings = { ...DEFAULT_NOTIFICATION_SETTINGS, ...definedOnly(input) };
  const dndActive = settings.dndUntil !== null && settings.dndUntil > now;
  return !dndActive || settings.urgentBreaksDnd;
}

/** The reminder interval in effect. */
export function reminderIntervalMs(input: Partial<NotificationSettings>): number {
  return { ...DEFAULT_NOTIFICATION_SETTINGS, ...definedOnly(input) }.reminderIntervalMs;
}

export interface NotificationSummary {
  count: number;
  pushIds: string[];
  highestPriority: PushPriority;
}

export interface CoalescerOptions {
  /** Quiet periods go by its monotonic time: a wall clock set back must not hold a summary. */
  clock?: Clock;
  /** A summary is shown once no push was added for this long. */
  quietMs: number;
  /** Optional cap: a summary is shown at the latest this long after its first push, so an endless trickle still surfaces. */
  maxWaitMs?: number;
  onSummary(summary: NotificationSummary): void;
}

/** Ids already summarised are remembered (bounded) so a push is never counted twice. */
const SUMMARISED_MEMORY = 20_000;

export class NotificationCoalescer {
  readonly #options: CoalescerOptions;
  readonly #clock: Clock;
  #pending = new Map<string, PushPriority>();
  readonly #summarised = new Set<string>();
  #timer: { handle: TimerHandle | undefined } | null = null;
  #firstAddAt = 0;
  #lastAddAt = 0;
  #disposed = false;
  #held = false;

  constructor(options: CoalescerOptions) {
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
  }

  /** Number of pushes waiting for the next summary. */
  get pending(): number {
    return this.#pending.size;
  }

  add(pushId: string, priority: PushPriority): void {
    if (this.#disposed || this.#pending.has(pushId) || this.#summarised.has(pushId)) return;
    const now = this.#clock.monotonic();
    if (this.#pending.size === 0) this.#firstAddAt = now;
    this.#lastAddAt = now;
    this.#pending.set(pushId, priority);
    const maxWait = this.#options.maxWaitMs ?? Number.POSITIVE_INFINITY;
    if (now - this.#firstAddAt >= maxWait) {
      this.flush();
      return;
    }
    // One timer per quiet period: it re-arms itself instead of being replaced on every
    // add, which keeps a 10,000-push catch-up from churning 10,000 timers.
    if (this.#timer === null && !this.#held) this.#arm(this.#options.quietMs);
  }

  /**
   * No summary on a quiet period until release() or flush(): a catch-up shows one summary
   * when it ends, even when the server pauses in the middle of its offline backlog (Prosody
   * was seen to stop for 11 s halfway through 10,000 messages, which made two summaries).
   */
  hold(): void {
    this.#held = true;
    this.#cancelTimer();
  }

  /** Quiet periods count again; what is pending is shown after the next one. */
  release(): void {
    if (!this.#held) return;
    this.#held = false;
    if (this.#pending.size > 0 && this.#timer === null && !this.#disposed)
      this.#arm(this.#options.quietMs);
  }

  /** Shows the summary now (e.g. catch-up finished) and ends a hold. Nothing pending: no summary. */
  flush(): void {
    this.#held = false;
    this.#cancelTimer();
    if (this.#pending.size === 0) return;
    const entries = [...this.#pending];
    this.#pending = new Map();
    for (const [id] of entries) this.#remember(id);
    const highest = entries.reduce(
      (max, [, priority]) => Math.max(max, PUSH_PRIORITIES.indexOf(priority)),
      0,
    );
    this.#options.onSummary({
      count: entries.length,
      pushIds: entries.map(([id]) => id),
      highestPriority: PUSH_PRIORITIES[highest] ?? 'normal',
    });
  }

  /** Stops timers and drops what is pending without showing it (the app is going away). */
  dispose(): void {
    this.#disposed = true;
    this.#cancelTimer();
    this.#pending.clear();
  }

  #arm(ms: number): void {
    const timer: { handle: TimerHandle | undefined } = { handle: undefined };
    timer.handle = this.#clock.setTimeout(() => {
      if (this.#timer !== timer) return;
      this.#timer = null;
      this.#onTimer();
    }, ms);
    this.#timer = timer;
  }

  #onTimer(): void {
    const now = this.#clock.monotonic();
    const quietLeft = this.#lastAddAt + this.#options.quietMs - now;
    const waitLeft = this.#firstAddAt + (this.#options.maxWaitMs ?? Number.POSITIVE_INFINITY) - now;
    if (quietLeft > 0 && waitLeft > 0) this.#arm(Math.min(quietLeft, waitLeft));
    else this.flush();
  }

  #cancelTimer(): void {
    if (this.#timer === null) return;
    this.#clock.clearTimeout(this.#timer.handle);
    this.#timer = null;
  }

  #remember(id: string): void {
    this.#summarised.add(id);
    if (this.#summarised.size > SUMMARISED_MEMORY) {
      const oldest = this.#summarised.values().next().value;
      if (oldest !== undefined) this.#summarised.delete(oldest);
    }
  }
}

export type DndChoice = '1h' | 'tomorrow' | 'off';

/** Local hour at which "until tomorrow" ends. */
export const DND_MORNING_HOUR = 8;
/** Before this local hour, "tomorrow" means this morning: whoever is up at 1 a.m. means after sleeping. */
const NIGHT_ENDS_HOUR = 4;

/**
 * Do-not-disturb end time for a menu choice: epoch ms, or null for off.
 * "tomorrow" is 08:00 local on the next calendar day, or 08:00 today when chosen before 04:00.
 * `timeZoneOffsetMinutes` is minutes east of UTC (UTC+8 → 480, i.e. -Date#getTimezoneOffset());
 * when omitted, this machine's zone is used, including its DST rule at the target time.
 */
export function dndUntil(
  choice: DndChoice,
  now: number,
  timeZoneOffsetMinutes?: number,
): number | null {
  if (choice === 'off') return null;
  if (choice === '1h') return now + 60 * 60_000;
  const offsetAt = (at: number): number =>
    timeZoneOffsetMinutes ?? -new Date(at).getTimezoneOffset();
  const offsetMs = offsetAt(now) * 60_000;
  const local = new Date(now + offsetMs); // UTC fields of this date read as local wall time
  const dayShift = local.getUTCHours() < NIGHT_ENDS_HOUR ? 0 : 1;
  const wallTarget = Date.UTC(
    local.getUTCFullYear(),
    local.getUTCMonth(),
    local.getUTCDate() + dayShift,
    DND_MORNING_HOUR,
  );
  // Convert wall time back with the offset valid at the target (DST may change overnight).
  const guess = wallTarget - offsetMs;
  return wallTarget - offsetAt(guess) * 60_000;
}
