/** The quit order, with a FAKE Electron `app` that runs before-quit and will-quit like Electron. */
import { EventEmitter, once } from 'node:events';
import { describe, expect, test } from 'vitest';
import { createShutdown, type ShutdownSteps } from './shutdown.ts';

/** app.quit(): 'before-quit', then 'will-quit'; the exit happens unless a listener prevents it. */
class FakeApp extends EventEmitter {
  exited = false;
  quit(): void {
    this.emit('before-quit');
    let prevented = false;
    this.emit('will-quit', { preventDefault: () => (prevented = true) });
    if (prevented) return;
    this.exited = true;
    this.emit('exit');
  }
}

function installed(overrides: Partial<ShutdownSteps> = {}) {
  const app = new FakeApp();
  const shutdown = createShutdown(app);
  const steps: string[] = [];
  let finishStop: () => void = () => undefined;
  let failStop: (error: Error) => void = () => undefined;
  const stopped = new Promise<void>((resolve, reject) => {
    finishStop = resolve;
    failStop = reject;
  });
  shutdown.install({
    onQuitting: () => void steps.push(`quitting (isQuitting ${shutdown.isQuitting()})`),
    stop: () => {
      steps.push('stop');
      return stopped;
    },
    release: () => void steps.push('release'),
    onStopFailed: (error) => void steps.push(`stop failed: ${(error as Error).message}`),
    ...overrides,
  });
  const exited = once(app, 'exit');
  return { app, shutdown, steps, finishStop, failStop, exited };
}

describe('createShutdown', () => {
  test('closing every window does not quit: the app lives on in the tray', () => {
    const { app, shutdown } = installed();
    expect(app.listenerCount('window-all-closed')).toBe(1);
    app.emit('window-all-closed');
    expect(shutdown.isQuitting()).toBe(false);
    expect(app.exited).toBe(false);
  });

  test('quit: windows may close, then the service stops, then the tray goes and the app exits', async () => {
    const { app, steps, finishStop, exited } = installed();
    app.quit();
    expect(steps).toEqual(['quitting (isQuitting true)', 'stop']);
    expect(app.exited).toBe(false); // the exit waits for the inbox to be written
    finishStop();
    await exited;
    // The final app.quit() runs before-quit once more (harmless: everything there is idempotent).
    expect(steps).toEqual([
      'quitting (isQuitting true)',
      'stop',
      'release',
      'quitting (isQuitting true)',
    ]);
  });

  test('a stop that fails is reported, and the app still exits', async () => {
    const { app, steps, failStop, exited } = installed();
    app.quit();
    failStop(new Error('disk full'));
    await exited;
    expect(steps.slice(2, 4)).toEqual(['stop failed: disk full', 'release']);
  });

  test('before install, nothing is held back', () => {
    const app = new FakeApp();
    const shutdown = createShutdown(app);
    app.quit();
    expect(app.exited).toBe(true);
    expect(shutdown.isQuitting()).toBe(false);
  });
});
