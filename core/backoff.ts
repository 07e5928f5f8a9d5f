/**
 * Jittered exponential backoff for reconnects: about 1 s, 2 s, 4 s … capped at 60 s.
 * Jitter spreads many clients apart after a server restart; randomness is injected for tests.
 */

export interface BackoffOptions {
  baseMs?: number;
  maxMs?: number;
  factor?: number;
  /** Relative spread: 0.2 means each delay is within ±20 % of its nominal value. */
  jitter?: number;
  /** Returns a number in [0, 1), like Math.random. */
  random?: () => number;
}

export interface Backoff {
  /** The delay before the next attempt, in whole ms; counts the attempt. */
  next(): number;
  /** Call once connected: the next failure starts again at about baseMs. */
  reset(): void;
  /** Attempts counted since the last reset. */
  readonly attempt: number;
}

export function createBackoff(options: BackoffOptions = {}): Backoff {
  const { baseMs = 1000, maxMs = 60_000, factor = 2, jitter = 0.2, random = Math.random } = options;
  // Misconfiguration would mean hammering the server (0 ms) or never retrying (NaN): fail loudly.
  if (!(baseMs > 0) || !(maxMs >= baseMs) || !Number.isFinite(maxMs))
    throw new RangeError('backoff: need 0 < baseMs <= maxMs < Infinity');
  if (!(factor >= 1) || !Number.isFinite(factor))
    throw new RangeError('backoff: factor must be a finite number >= 1');
  if (!(jitter >= 0 && jitter <= 1)) throw new RangeError('backoff: jitter must be within [0, 1]');

  let attempt = 0;
  return {
    next() {
      // Capping before jitter keeps the exponent from overflowing to Infinity after many attempts;
      // capping after jitter guarantees maxMs is never exceeded, while delays at the cap still spread below it.
      const nominal = Math.min(baseMs * factor ** attempt, maxMs);
      const spread = 2 * clampUnit(random()) - 1; // [-1, 1)
      attempt += 1;
      return Math.round(Math.min(nominal * (1 + jitter * spread), maxMs));
    },
    reset() {
      attempt = 0;
    },
    get attempt() {
      return attempt;
    },
  };
}

/** A broken random source must not produce negative or huge delays. */
function clampUnit(value: number): number {
  return Number.isFinite(value) ? Math.min(Math.max(value, 0), 1) : 0.5;
}
