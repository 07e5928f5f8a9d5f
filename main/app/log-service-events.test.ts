import { EventEmitter } from 'node:events';
import { expect, test } from 'vitest';
import type { Push } from '../../core/push.ts';
import type { AppServiceEvents } from '../app-service.ts';
import { logServiceEvents } from './log-service-events.ts';
import type { Logger } from './logging.ts';

test("the service's warnings, pushes and connection changes go to the log", () => {
  const lines: string[] = [];
  const logger: Logger = {
    error: (...p) => void lines.push(`error ${p.join(' ')}`),
    warn: (...p) => void lines.push(`warn ${p.join(' ')}`),
    info: (...p) => void lines.push(`info ${p.join(' ')}`),
    debug: () => undefined,
  };
  const events = new EventEmitter<AppServiceEvents>();
  logServiceEvents(events, logger);
  events.emit('warning', 'could not save the inbox, will retry: disk full');
  events.emit('push', {
    push: { id: 'erp-4411' } as Push,
    source: 'live',
    decision: { action: 'toast' },
  });
  events.emit('connection', { state: 'connecting' });
  expect(lines).toEqual([
    'warn could not save the inbox, will retry: disk full',
    'info push erp-4411 (live) → toast',
    'info connection: connecting',
  ]);
});
