import { accessSync, constants, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  startSessionBus,
  startWatcher,
  type Running,
  type SessionBus,
} from '../../test/support/session-bus.ts';
import { checkTrayHost, detectTrayHost, shouldStartHidden, trayHostWarning } from './tray-host.ts';

describe('shouldStartHidden', () => {
  it('hides only an automatic launch, and only where a tray can be seen', () => {
    expect(shouldStartHidden({ launchedHidden: true, trayAvailable: true })).toBe(true);
    expect(shouldStartHidden({ launchedHidden: true, trayAvailable: false })).toBe(false);
    expect(shouldStartHidden({ launchedHidden: false, trayAvailable: true })).toBe(false);
    expect(shouldStartHidden({ launchedHidden: false, trayAvailable: false })).toBe(false);
  });
});

describe('detectTrayHost off Linux', () => {
  it('always has a tray on Windows and macOS, without asking anything', async () => {
    for (const platform of ['win32', 'darwin'] as const) {
      const host = await detectTrayHost({ platform, env: { PATH: '' } });
      expect(host).toEqual({ available: true, reason: 'not-linux' });
      expect(trayHostWarning(host)).toBeNull();
    }
  });
});

describe('checkTrayHost', () => {
  it('logs the one warning for a Linux session without a tray, nothing where there is one', async () => {
    const warnings: string[] = [];
    const none = await checkTrayHost({ platform: 'linux', env: { PATH: '' } }, (message) =>
      warnings.push(message),
    );
    expect(none).toMatchObject({ available: false, reason: 'no-dbus-tool' });
    expect(warnings).toEqual([trayHostWarning(none)]);
    await checkTrayHost({ platform: 'darwin', env: { PATH: '' } }, (message) =>
      warnings.push(message),
    );
    expect(warnings).toHaveLength(1);
  });
});

describe.skipIf(process.platform !== 'linux')('detectTrayHost on a real session bus', () => {
  const dirs: string[] = [];
  const running: Running[] = [];
  let bus: SessionBus;

  beforeAll(async () => {
    bus = await startSessionBus();
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((process) => process.stop()));
  });
  afterAll(async () => {
    await bus?.stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  /** A PATH with only `tool` on it, so each D-Bus tool is tested on its own. */
  function pathWith(...tools: string[]): string {
    const dir = mkdtempSync(join(tmpdir(), 'herald-path-'));
    dirs.push(dir);
    for (const tool of tools) symlinkSync(findOnPath(tool), join(dir, tool));
    return dir;
  }

  describe.each(['gdbus', 'dbus-send'])('asked with %s', (tool) => {
    const detect = () =>
      detectTrayHost({
        platform: 'linux',
        env: { PATH: pathWith(tool), DBUS_SESSION_BUS_ADDRESS: bus.address },
      });

    it('finds no tray when nothing owns org.kde.StatusNotifierWatcher (GNOME without the extension)', async () => {
      const host = await detect();
      expect(host).toEqual({ available: false, reason: 'no-watcher' });
      expect(trayHostWarning(host)).toMatch(
        /^tray: no tray host found, nothing owns org\.kde\.StatusNotifierWatcher/,
      );
    });

    it('finds no tray when the watcher has no host registered (Chromium gives up there too)', async () => {
      running.push(await startWatcher(bus.address, { hostRegistered: false }));
      expect(await detect()).toEqual({ available: false, reason: 'no-host' });
    });

    it('finds the tray when a watcher with a registered host owns the name', async () => {
      running.push(await startWatcher(bus.address, { hostRegistered: true }));
      const host = await detect();
      expect(host).toEqual({ available: true, reason: 'status-notifier-host' });
      expect(trayHostWarning(host)).toBeNull();
    });
  });

  it('prefers gdbus and still answers when both tools are there', async () => {
    running.push(await startWatcher(bus.address, { hostRegistered: true }));
    const env = { PATH: pathWith('gdbus', 'dbus-send'), DBUS_SESSION_BUS_ADDRESS: bus.address };
    expect(await detectTrayHost({ platform: 'linux', env })).toMatchObject({ available: true });
  });

  it('says no tray, without throwing, when no D-Bus tool is installed', async () => {
    const env = { PATH: pathWith(), DBUS_SESSION_BUS_ADDRESS: bus.address };
    const host = await detectTrayHost({ platform: 'linux', env });
    expect(host).toMatchObject({ available: false, reason: 'no-dbus-tool' });
    expect(trayHostWarning(host)).toMatch(
      /could not be asked \(neither gdbus nor dbus-send found\)/,
    );
  });

  it('says no tray when there is no session bus', async () => {
    const env = {
      PATH: pathWith('gdbus'),
      DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(bus.dir, 'none')}`,
    };
    const host = await detectTrayHost({ platform: 'linux', env });
    expect(host).toEqual({ available: false, reason: 'bus-error', detail: expect.any(String) });
  });

  it('gives up within the timeout on a bus that never answers', async () => {
    const silent = await silentSocket(join(bus.dir, 'silent'));
    try {
      const env = { PATH: pathWith('gdbus'), DBUS_SESSION_BUS_ADDRESS: `unix:path=${silent.path}` };
      const started = Date.now();
      const host = await detectTrayHost({ platform: 'linux', env, timeoutMs: 200 });
      expect(host).toEqual({ available: false, reason: 'bus-error', detail: 'gdbus timed out' });
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await silent.close();
    }
  });
});

function findOnPath(tool: string): string {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, tool);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this one
    }
  }
  throw new Error(`${tool} is not installed (Debian: dbus-bin, libglib2.0-bin)`);
}

/** A Unix socket that accepts connections and never says a word: a hung bus. */
async function silentSocket(path: string): Promise<{ path: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => void sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(path, resolve));
  return {
    path,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
