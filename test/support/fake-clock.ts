import type { Clock, TimerHandle } from '../../core/clock.ts';

interface Timer {
  at: number;
  order: number;
  callback: () => void;
}

/**
 * A Clock for tests: time moves only in advance(), which fires due timers in order, each
 * seeing the time it was due at. The wall clock can also jump on its own (setWallTime).
 */
export class FakeClock implements Clock {
  #wall: number;
  #monotonic = 0;
  #timers = new Map<TimerHandle, Timer>();
  #order = 0;
  /** How many timers were ever set. */
  timersSet = 0;

  constructor(wallStart = Date.UTC(2026, 0, 1, 9)) {
    this.#wall = wallStart;
  }

  now(): number {
    return this.#wall;
  }

  monotonic(): number {
    return this.#monotonic;
  }

  setTimeout(callback: () => void, ms: number): TimerHandle {
    const handle = {} as TimerHandle;
    const order = this.#order++;
    this.#timers.set(handle, { at: this.#monotonic + Math.max(0, ms), order, callback });
    this.timersSet += 1;
    return handle;
  }

  clearTimeout(handle: TimerHandle | undefined): void {
    if (handle) this.#timers.delete(handle);
  }

  /** Timers set and not yet fired or cleared. */
  get pending(): number {
    return this.#timers.size;
  }

  /** The wall clock is set (by the user, NTP); monotonic time and timers are unaffected. */
  setWallTime(epochMs: number): void {
    this.#wall = epochMs;
  }

  /** Moves both clocks on by `ms`, firing every timer that falls due, earliest first. */
  advance(ms: number): void {
    const end = this.#monotonic + ms;
    while (this.#fireNext(end));
    this.#moveTo(end);
  }

  /** As advance, letting promise callbacks run after each timer (for async code). */
  async advanceAsync(ms: number): Promise<void> {
    const end = this.#monotonic + ms;
    await settle();
    while (this.#fireNext(end)) await settle();
    this.#moveTo(end);
  }

  #fireNext(end: number): boolean {
    const due = this.#nextDue(end);
    if (!due) return false;
    const [handle, timer] = due;
    this.#moveTo(timer.at);
    this.#timers.delete(handle);
    timer.callback();
    return true;
  }

  #nextDue(end: number): [TimerHandle, Timer] | undefined {
    let next: [TimerHandle, Timer] | undefined;
    for (const entry of this.#timers) {
      const [, timer] = entry;
      if (timer.at > end) continue;
      if (
        !next ||
        timer.at < next[1].at ||
        (timer.at === next[1].at && timer.order < next[1].order)
      )
        next = entry;
    }
    return next;
  }

  #moveTo(monotonic: number): void {
    this.#wall += monotonic - this.#monotonic;
    this.#monotonic = monotonic;
  }
}

/** Lets pending promise callbacks (and what they chain) run. */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
