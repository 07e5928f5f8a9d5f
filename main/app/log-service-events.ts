/** What the app service reports that only the log needs: warnings, pushes, connection changes. */
import type { AppService } from '../app-service.ts';
import type { Logger } from './logging.ts';

export function logServiceEvents(events: AppService['events'], logger: Logger): void {
  events.on('warning', (message) => logger.warn(message));
  events.on('push', ({ push, source, decision }) =>
    logger.info(`push ${push.id} (${source}) → ${decision.action}`),
  );
  events.on('connection', (view) => logger.info(`connection: ${view.state}`));
}
