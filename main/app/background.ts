import type { Logger } from './logging.ts';

/** Runs a promise nobody awaits; its failure is logged, so none is ever silent. */
export type Background = (what: string, promise: Promise<unknown>) => void;

export function backgroundLoggedTo(logger: Logger): Background {
  return (what, promise) =>
    void promise.catch((error: unknown) => logger.error(`${what} failed`, error));
}
