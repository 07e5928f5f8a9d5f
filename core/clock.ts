/**
 * Time and timers, injected: production uses systemClock, tests a FakeClock
 * (test/support/fake-clock.ts) that moves only when the test says so.
 *
 * Two kinds of time, kept apart on purpose: `now()` is the wall clock (timestamps people
 * see or that are stored; the user or NTP may set it back), `monotonic()` only ever moves
 * forward (silence, windows and other intervals, which a wall-clock jump must not stretch).
 */

declare const timerHandle: unique symbol;
/** Opaque: only the clock that returned it can cancel it. */
export type TimerHandle = { readonly [timerHandle]: true };

export interface Clock {
  /** Wall time, epoch milliseconds. */
  now(): number;
  /** Milliseconds since an arbitrary origin; never goes back. */
  monotonic(): number;
  setTimeout(callback: () => void, ms: number): TimerHandle;
  /** Like the global one, accepts an unset handle and one that already fired. */
  clearTimeout(handle: TimerHandle | undefined): void;
}

// The globals are looked up on each call, so vitest's fake timers still apply.
export const systemClock: Clock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms) as unknown as TimerHandle,
  clearTimeout: (handle) =>
    clearTimeout(handle as unknown as ReturnType<typeof setTimeout> | undefined),
};
