import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAutostart, wasLaunchedHidden } from './autostart.ts';
import {
  XdgAutostart,
  autostartDir,
  execValue,
  quoteExecArg,
  type XdgAutostartOptions,
} from './autostart-linux.ts';

const homes: string[] = [];
afterEach(() => {
  for (const home of homes.splice(0)) rmSync(home, { recursive: true, force: true });
});

function tempHome(): string {
  const home = mkdtempSync(join(tmpdir(), 'herald home '));
  homes.push(home);
  return home;
}

function xdg(home: string, overrides: Partial<XdgAutostartOptions> = {}): XdgAutostart {
  return new XdgAutostart({
    env: {},
    homedir: home,
    execPath: '/opt/Herald/herald',
    hiddenArg: '--hidden',
    ...overrides,
  });
}

/**
 * How a launcher reads Exec back (Desktop Entry spec): undo the string escapes, split on
 * unquoted spaces, unescape inside quotes, turn %% into %. Independent of the writer.
 */
function parseExec(value: string): string[] {
  const unescaped = value.replace(/\\(.)/g, (_, c: string) =>
    c === 's'
      ? ' '
      : c === 'n'
        ? '\n'
        : c === 't'
          ? '\t'
          : c === 'r'
            ? '\r'
            : c === '\\'
              ? '\\'
              : `\\${c}`,
  );
  const args: string[] = [];
  let i = 0;
  while (i < unescaped.length) {
    if (unescaped[i] === ' ') {
      i++;
      continue;
    }
    let arg = '';
    if (unescaped[i] === '"') {
      i++;
      while (unescaped[i] !== '"') {
        if (i >= unescaped.length) throw new Error(`unterminated quote in ${value}`);
        if (unescaped[i] === '\\') i++;
        arg += unescaped[i++];
      }
      i++;
    } else {
      while (i < unescaped.length && unescaped[i] !== ' ') arg += unescaped[i++];
    }
    args.push(arg.replaceAll('%%', '%'));
  }
  return args;
}

function execLine(file: string): string {
  const line = readFileSync(file, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('Exec='));
  return line!.slice('Exec='.length);
}

describe('Exec quoting', () => {
  it('leaves plain arguments alone and quotes reserved characters', () => {
    expect(quoteExecArg('/opt/Herald/herald')).toBe('/opt/Herald/herald');
    expect(quoteExecArg('/home/li lei/Apps/Herald.AppImage')).toBe(
      '"/home/li lei/Apps/Herald.AppImage"',
    );
    expect(quoteExecArg('a"b')).toBe('"a\\"b"');
    expect(quoteExecArg('$HOME`x`')).toBe('"\\$HOME\\`x\\`"');
    expect(quoteExecArg('100%')).toBe('100%%');
    expect(quoteExecArg('')).toBe('""');
  });

  it('doubles backslashes again for the string escape (four for one inside quotes)', () => {
    expect(execValue(['/odd\\dir/herald'])).toBe('"/odd\\\\\\\\dir/herald"');
  });

  it('round-trips awkward paths through a spec reader', () => {
    for (const path of [
      '/opt/Herald/herald',
      '/home/li lei/应用/Herald 0.1.0.AppImage',
      '/tmp/it\'s "quoted" $HOME `cmd` 50% (x)',
      '/odd\\dir/with\ttab',
    ]) {
      expect(parseExec(execValue([path, '--hidden'])), path).toEqual([path, '--hidden']);
    }
  });
});

describe('XdgAutostart', () => {
  it('writes ~/.config/autostart/herald.desktop, reads it back, and removes it', () => {
    const home = tempHome();
    const autostart = xdg(home);
    const file = join(home, '.config', 'autostart', 'herald.desktop');
    expect(autostart.path).toBe(file);
    expect(autostart.isEnabled()).toBe(false);

    expect(autostart.setEnabled(true)).toEqual({ ok: true, enabled: true });
    const text = readFileSync(file, 'utf8');
    expect(text.startsWith('[Desktop Entry]\n')).toBe(true);
    expect(text).toContain('Type=Application\n');
    expect(text).toContain('Name=Herald\n');
    expect(execLine(file)).toBe('/opt/Herald/herald --hidden');
    expect(autostart.isEnabled()).toBe(true);
    // Atomic write: no temp file left next to it.
    expect(readdirSync(join(home, '.config', 'autostart'))).toEqual(['herald.desktop']);

    expect(autostart.setEnabled(false)).toEqual({ ok: true, enabled: false });
    expect(readdirSync(join(home, '.config', 'autostart'))).toEqual([]);
    expect(autostart.isEnabled()).toBe(false);
    expect(autostart.setEnabled(false)).toEqual({ ok: true, enabled: false });
  });

  it('respects an absolute XDG_CONFIG_HOME and ignores a relative one', () => {
    const home = tempHome();
    const config = join(home, 'my config');
    const autostart = xdg(home, { env: { XDG_CONFIG_HOME: config } });
    autostart.setEnabled(true);
    expect(readdirSync(join(config, 'autostart'))).toEqual(['herald.desktop']);
    expect(autostartDir({ XDG_CONFIG_HOME: 'relative/dir' }, home)).toBe(
      join(home, '.config', 'autostart'),
    );
    expect(autostartDir({ XDG_CONFIG_HOME: '' }, home)).toBe(join(home, '.config', 'autostart'));
  });

  it('starts the AppImage file, not the binary inside its temporary mount', () => {
    const home = tempHome();
    const appImage = join(home, 'Applications', 'Herald 0.1.0.AppImage');
    const autostart = xdg(home, {
      env: { APPIMAGE: appImage },
      execPath: '/tmp/.mount_HeraldXyZ/herald',
    });
    autostart.setEnabled(true);
    const exec = execLine(autostart.path);
    expect(exec).toBe(`"${appImage}" --hidden`);
    expect(parseExec(exec)).toEqual([appImage, '--hidden']);
  });

  it('quotes an install path with spaces and passes the app folder when unpackaged', () => {
    const home = tempHome();
    const autostart = xdg(home, {
      execPath: '/home/dev/my projects/herald/node_modules/electron/dist/electron',
      appArgs: ['/home/dev/my projects/herald'],
    });
    autostart.setEnabled(true);
    expect(parseExec(execLine(autostart.path))).toEqual([
      '/home/dev/my projects/herald/node_modules/electron/dist/electron',
      '/home/dev/my projects/herald',
      '--hidden',
    ]);
  });

  it('treats an entry switched off by the desktop (Hidden / X-GNOME) as disabled', () => {
    const home = tempHome();
    const autostart = xdg(home);
    mkdirSync(join(home, '.config', 'autostart'), { recursive: true });
    writeFileSync(autostart.path, '[Desktop Entry]\nType=Application\nExec=x\nHidden=true\n');
    expect(autostart.isEnabled()).toBe(false);
    writeFileSync(autostart.path, '[Desktop Entry]\nExec=x\nX-GNOME-Autostart-enabled=false\n');
    expect(autostart.isEnabled()).toBe(false);
    // Turning it on again replaces the switched-off entry.
    autostart.setEnabled(true);
    expect(autostart.isEnabled()).toBe(true);
  });

  it('refresh() rewrites an enabled entry with the current path and leaves a disabled one', () => {
    const home = tempHome();
    xdg(home, { env: { APPIMAGE: '/old/Herald.AppImage' } }).setEnabled(true);
    const moved = xdg(home, { env: { APPIMAGE: '/new place/Herald.AppImage' } });
    expect(moved.refresh()).toEqual({ ok: true, enabled: true });
    expect(execLine(moved.path)).toBe('"/new place/Herald.AppImage" --hidden');
    moved.setEnabled(false);
    expect(moved.refresh()).toEqual({ ok: true, enabled: false });
    expect(readdirSync(join(home, '.config', 'autostart'))).toEqual([]);
  });

  it('returns an error result when the folder cannot be written', () => {
    const home = tempHome();
    // A file where the autostart folder should be: mkdir fails.
    mkdirSync(join(home, '.config'));
    writeFileSync(join(home, '.config', 'autostart'), 'not a folder');
    const result = xdg(home).setEnabled(true);
    expect(result.ok).toBe(false);
    expect(result.ok === false && result.error).toMatch(/EEXIST|ENOTDIR/);
  });

  it('is what createAutostart picks on Linux and the BSDs', () => {
    const home = tempHome();
    const loginItems = {
      setLoginItemSettings: () => {
        throw new Error('not on Linux');
      },
      getLoginItemSettings: () => ({ openAtLogin: false }),
    };
    for (const platform of ['linux', 'freebsd'] as const) {
      const autostart = createAutostart({
        platform,
        loginItems,
        env: {},
        homedir: home,
        execPath: '/usr/bin/herald',
      });
      expect(autostart).toBeInstanceOf(XdgAutostart);
      expect(autostart.setEnabled(true)).toEqual({ ok: true, enabled: true });
      autostart.setEnabled(false);
    }
  });
});

describe('wasLaunchedHidden', () => {
  it('is true for --hidden anywhere in argv, or a macOS login launch', () => {
    expect(wasLaunchedHidden({ argv: ['/usr/bin/herald', '--hidden'], platform: 'linux' })).toBe(
      true,
    );
    expect(wasLaunchedHidden({ argv: ['/usr/bin/herald'], platform: 'linux' })).toBe(false);
    expect(
      wasLaunchedHidden({
        argv: ['/Applications/Herald.app'],
        platform: 'darwin',
        wasOpenedAtLogin: true,
      }),
    ).toBe(true);
    expect(
      wasLaunchedHidden({ argv: ['C:\\Herald.exe'], platform: 'win32', wasOpenedAtLogin: true }),
    ).toBe(false);
  });
});
