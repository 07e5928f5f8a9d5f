/**
 * The arguments of the Windows login item (a Run registry value, i.e. one command line that
 * Windows splits with CommandLineToArgvW rules at login).
 *
 * Which Electron quotes what (read in electron/electron shell/browser/browser_win.cc,
 * FormatCommandLineString, which both setLoginItemSettings and getLoginItemSettings use):
 * - Before electron#50016, the value was the executable path and the args joined by spaces,
 *   nothing quoted, so an unpackaged run's `electron.exe C:\dev\my herald --hidden` started
 *   Electron with the two arguments `C:\dev\my` and `herald` (and an executable under
 *   `C:\Users\li lei\` was split too; a given `path` was written as it was).
 * - Since electron#50016 (42.0.0; backported to 41.0.0, 40.8.0 and 39.8.1), Electron quotes
 *   the executable and every argument itself (AddQuoteForArg, CommandLineToArgvW rules). Quoting
 *   an argument ourselves there would add literal quotes to it (`"\"C:\dev\my herald\""`).
 * This project pins Electron 45.4.1, which quotes: the args go to Electron as they are, and the
 * path and args are quoted here only for an Electron from before the fix. getLoginItemSettings
 * formats `path`/`args` the same way as setLoginItemSettings and compares whole strings, so
 * passing the same ones to both keeps `openAtLogin` matching either way.
 */

/** The first release of each line with electron#50016 or its backport; 41.0.0 on all have it. */
const FIRST_QUOTING: Readonly<Record<number, readonly [minor: number, patch: number]>> = {
  39: [8, 1],
  40: [8, 0],
};

/** Whether this Electron quotes login-item arguments itself; an unknown version counts as new. */
export function electronQuotesLoginItemArgs(electronVersion: string | undefined): boolean {
  const match = /^(\d+)\.(\d+)\.(\d+)/.exec(electronVersion ?? '');
  if (!match) return true;
  const [major, minor, patch] = match.slice(1).map(Number) as [number, number, number];
  if (major >= 41) return true;
  const first = FIRST_QUOTING[major];
  if (!first) return false;
  return minor > first[0] || (minor === first[0] && patch >= first[1]);
}

/** What to pass as `path`/`args` to both setLoginItemSettings and getLoginItemSettings. */
export interface LoginItemCommand {
  /** Only for an old Electron, which wrote the executable unquoted too; else its default. */
  path?: string;
  args: string[];
}

export function loginItemCommand(
  execPath: string,
  args: readonly string[],
  electronVersion: string | undefined,
): LoginItemCommand {
  if (electronQuotesLoginItemArgs(electronVersion)) return { args: [...args] };
  return { path: quoteWindowsArg(execPath), args: args.map(quoteWindowsArg) };
}

/**
 * One argument quoted so that CommandLineToArgvW gives it back unchanged: quoted only when it
 * is empty or has whitespace or a `"`; inside the quotes a `"` is escaped as `\"`, and the
 * backslashes right before a `"` or before the closing quote are doubled (elsewhere a
 * backslash is literal, so `C:\dev\` keeps its single backslashes).
 */
export function quoteWindowsArg(arg: string): string {
  if (arg !== '' && !/[\s"]/.test(arg)) return arg;
  const escaped = arg.replace(/(\\*)("|$)/g, (_whole, slashes: string, quote: string) =>
    quote === '"' ? `${slashes}${slashes}\\"` : `${slashes}${slashes}`,
  );
  return `"${escaped}"`;
}
