/** Launching the running app again, with a FAKE Electron `app` (an EventEmitter). */
import { EventEmitter } from 'node:events';
import { describe, expect, test } from 'vitest';
import { setupRelaunch } from './relaunch.ts';

function started() {
  const app = new EventEmitter();
  const relaunch = setupRelaunch(app);
  const shown: string[] = [];
  return { app, relaunch, shown, show: () => void shown.push('inbox') };
}

describe('setupRelaunch', () => {
  test('a second launch during start-up shows the inbox once the app is ready', () => {
    const { app, relaunch, shown, show } = started();
    app.emit('second-instance');
    app.emit('second-instance');
    expect(shown).toEqual([]);
    relaunch.ready(show);
    expect(shown).toEqual(['inbox']);
  });

  test('an activate during start-up is ignored: a hidden start at login stays hidden', () => {
    const { app, relaunch, shown, show } = started();
    app.emit('activate');
    relaunch.ready(show);
    expect(shown).toEqual([]);
  });

  test('once started, both a second launch and an activate show the inbox', () => {
    const { app, relaunch, shown, show } = started();
    relaunch.ready(show);
    app.emit('second-instance');
    app.emit('activate');
    expect(shown).toEqual(['inbox', 'inbox']);
  });
});
