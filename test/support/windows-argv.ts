/**
 * Windows command lines as the OS and Electron handle them, for tests that cannot run Windows:
 * how CommandLineToArgvW splits a Run registry value at login, and how Electron writes one
 * (shell/browser/browser_win.cc FormatCommandLineString, which quotes since electron#50016).
 */

/** CommandLineToArgvW: the program name (quotes group, no escapes), then the arguments. */
export function parseWindowsCommandLine(line: string): string[] {
  const argv: string[] = [];
  let i: number;
  if (line.startsWith('"')) {
    const end = line.indexOf('"', 1);
    argv.push(line.slice(1, end < 0 ? undefined : end));
    i = end < 0 ? line.length : end + 1;
  } else {
    const end = line.search(/\s|$/);
    argv.push(line.slice(0, end));
    i = end;
  }
  while (i < line.length) {
    while (/\s/.test(line[i] ?? '')) i++;
    if (i >= line.length) break;
    let arg = '';
    let quoted = false;
    while (i < line.length && (quoted || !/\s/.test(line[i] ?? ''))) {
      const char = line[i] ?? '';
      if (char === '\\') {
        let end = i;
        while (line[end] === '\\') end++;
        const count = end - i;
        // Backslashes escape only before a quote: 2n+1 give n and a literal quote.
        if (line[end] === '"') {
          arg += '\\'.repeat(count >> 1);
          if (count % 2 === 1) {
            arg += '"';
            end++;
          }
        } else {
          arg += '\\'.repeat(count);
        }
        i = end;
      } else if (char === '"') {
        if (quoted && line[i + 1] === '"') {
          arg += '"';
          i += 2;
        } else {
          quoted = !quoted;
          i++;
        }
      } else {
        arg += char;
        i++;
      }
    }
    argv.push(arg);
  }
  return argv;
}

/** Electron's AddQuoteForArg (shell/common/command_line_util_win.cc), transcribed. */
export function electronQuoteArg(arg: string): string {
  if (!/[ \\"]/.test(arg)) return arg;
  let out = '"';
  for (let i = 0; i < arg.length; i++) {
    if (arg[i] === '\\') {
      let end = i + 1;
      while (arg[end] === '\\') end++;
      const count = end - i;
      out += '\\'.repeat(end === arg.length || arg[end] === '"' ? count * 2 : count);
      i = end - 1;
    } else if (arg[i] === '"') {
      out += '\\"';
    } else {
      out += arg[i];
    }
  }
  return `${out}"`;
}

/** The Run value Electron (42 and later) writes for `exe` and `args`. */
export function electronRunValue(exe: string, args: readonly string[]): string {
  return [exe, ...args].map(electronQuoteArg).join(' ');
}
