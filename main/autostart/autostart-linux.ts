/**
 * Start at login on Linux: an XDG autostart entry, $XDG_CONFIG_HOME/autostart/herald.desktop
 * (~/.config when unset), which GNOME, KDE, XFCE, Cinnamon, MATE and LXQt all honour.
 *
 * Exec points at $APPIMAGE when running from an AppImage (process.execPath is then a path
 * inside a temporary mount that is gone after logout), else at process.execPath, quoted per
 * the Desktop Entry spec. Written atomically (temp file + rename), removed when turned off.
 */
import * as nodeFs from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import type { Autostart, AutostartResult } from './autostart.ts';

export const DESKTOP_FILE_NAME = 'herald.desktop';

/** The node:fs functions used here; tests use real files in a temp HOME. */
export type AutostartFs = Pick<
  typeof nodeFs,
  'mkdirSync' | 'writeFileSync' | 'renameSync' | 'rmSync' | 'readFileSync'
>;

export interface XdgAutostartOptions {
  env: Readonly<Record<string, string | undefined>>;
  homedir: string;
  execPath: string;
  /** Arguments before the hidden one (the app folder when running unpackaged). */
  appArgs?: readonly string[];
  hiddenArg: string;
  fs?: AutostartFs;
}

/** $XDG_CONFIG_HOME/autostart; the spec says to ignore a relative XDG_CONFIG_HOME. */
export function autostartDir(env: XdgAutostartOptions['env'], homedir: string): string {
  const configHome = env.XDG_CONFIG_HOME;
  const base = configHome && isAbsolute(configHome) ? configHome : join(homedir, '.config');
  return join(base, 'autostart');
}

/** The program to start: the AppImage file itself when we run from one. */
export function executablePath(env: XdgAutostartOptions['env'], execPath: string): string {
  const appImage = env.APPIMAGE;
  return appImage && isAbsolute(appImage) ? appImage : execPath;
}

/** Characters that force quoting of an Exec argument (Desktop Entry spec, "The Exec key"). */
const RESERVED = /[\s"'\\><~|&;$*?#()`]/;

/**
 * One Exec argument: quoted when it has reserved characters, with `"`, `` ` ``, `$` and `\`
 * backslash-escaped inside the quotes; `%` doubled (it starts field codes like %U).
 */
export function quoteExecArg(arg: string): string {
  const escaped = arg.replaceAll('%', '%%');
  if (escaped !== '' && !RESERVED.test(escaped)) return escaped;
  return `"${escaped.replace(/(["`$\\])/g, '\\$1')}"`;
}

/**
 * The Exec value as written in the file: the quoted arguments, then the general escapes of
 * a `string` value (`\\`, `\n`, `\t`, `\r`), which a reader undoes before unquoting.
 */
const STRING_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  '\n': '\\n',
  '\t': '\\t',
  '\r': '\\r',
};

export function execValue(args: readonly string[]): string {
  return args
    .map(quoteExecArg)
    .join(' ')
    .replace(/[\\\n\t\r]/g, (c) => STRING_ESCAPES[c] ?? c);
}

export function desktopEntry(exec: readonly string[]): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Version=1.5',
    'Name=Herald',
    'Comment=Desktop push notifications',
    `Exec=${execValue(exec)}`,
    'Icon=herald',
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/** Whether an entry's text starts the app: present and not switched off by Hidden / GNOME. */
export function entryIsActive(text: string): boolean {
  let inMain = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith('[')) inMain = line === '[Desktop Entry]';
    else if (inMain && /^Hidden\s*=\s*true$/i.test(line)) return false;
    else if (inMain && /^X-GNOME-Autostart-enabled\s*=\s*false$/i.test(line)) return false;
  }
  return true;
}

export class XdgAutostart implements Autostart {
  readonly #options: XdgAutostartOptions;
  readonly #fs: AutostartFs;
  /** Where the entry lives. */
  readonly path: string;

  constructor(options: XdgAutostartOptions) {
    this.#options = options;
    this.#fs = options.fs ?? nodeFs;
    this.path = join(autostartDir(options.env, options.homedir), DESKTOP_FILE_NAME);
  }

  /** The command line the entry starts. */
  command(): string[] {
    const { env, execPath, appArgs = [], hiddenArg } = this.#options;
    return [executablePath(env, execPath), ...appArgs, hiddenArg];
  }

  isEnabled(): boolean {
    try {
      return entryIsActive(this.#fs.readFileSync(this.path, 'utf8'));
    } catch {
      return false;
    }
  }

  setEnabled(enabled: boolean): AutostartResult {
    try {
      if (enabled) this.#write(desktopEntry(this.command()));
      else this.#fs.rmSync(this.path, { force: true });
      return { ok: true, enabled: this.isEnabled() };
    } catch (error) {
      return { ok: false, reason: 'failed', error: errorText(error) };
    }
  }

  refresh(): AutostartResult {
    return this.isEnabled() ? this.setEnabled(true) : { ok: true, enabled: false };
  }

  /** Temp file in the same folder, then rename: a reader never sees half an entry. */
  #write(text: string): void {
    const fs = this.#fs;
    fs.mkdirSync(dirname(this.path), { recursive: true });
    const temp = `${this.path}.${process.pid}.tmp`;
    try {
      fs.writeFileSync(temp, text, { mode: 0o644 });
      fs.renameSync(temp, this.path);
    } catch (error) {
      fs.rmSync(temp, { force: true });
      throw error;
    }
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
