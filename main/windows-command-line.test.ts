import { describe, expect, it } from 'vitest';
import { electronRunValue, parseWindowsCommandLine } from '../test/support/windows-argv.ts';
import {
  electronQuotesLoginItemArgs,
  loginItemCommand,
  quoteWindowsArg,
} from './windows-command-line.ts';

const EXE = 'C:\\Users\\li lei\\herald\\node_modules\\electron\\dist\\electron.exe';
const TRICKY = [
  'C:\\dev\\my herald',
  'C:\\dev\\my herald\\',
  'C:\\dev\\herald',
  'say "hi"',
  'back\\\\"slash',
  '',
  '--hidden',
];

describe('quoteWindowsArg', () => {
  it('leaves plain arguments alone, backslashes included', () => {
    expect(quoteWindowsArg('--hidden')).toBe('--hidden');
    expect(quoteWindowsArg('C:\\dev\\herald')).toBe('C:\\dev\\herald');
  });

  it('quotes spaces and escapes quotes and the backslashes before them', () => {
    expect(quoteWindowsArg('C:\\dev\\my herald')).toBe('"C:\\dev\\my herald"');
    expect(quoteWindowsArg('C:\\dev\\my herald\\')).toBe('"C:\\dev\\my herald\\\\"');
    expect(quoteWindowsArg('say "hi"')).toBe('"say \\"hi\\""');
    expect(quoteWindowsArg('')).toBe('""');
  });

  it('round-trips through CommandLineToArgvW', () => {
    const line = [EXE, ...TRICKY].map(quoteWindowsArg).join(' ');
    expect(parseWindowsCommandLine(line)).toEqual([EXE, ...TRICKY]);
  });
});

describe('electronQuotesLoginItemArgs (electron#50016 and its backports)', () => {
  it.each([
    ['45.4.1', true],
    ['42.0.0', true],
    ['41.0.0', true],
    ['40.8.0', true],
    ['40.7.2', false],
    ['39.8.1', true],
    ['39.8.0', false],
    ['38.9.9', false],
    [undefined, true],
  ])('%s → %s', (version, quotes) => {
    expect(electronQuotesLoginItemArgs(version)).toBe(quotes);
  });
});

describe('loginItemCommand: the Run value parses back to our command', () => {
  it.each([
    ['45.4.1', 'quoting'],
    ['38.2.0', 'legacy'],
  ] as const)('with Electron %s (%s Run value)', (version, style) => {
    const command = loginItemCommand(EXE, ['C:\\dev\\my herald', '--hidden'], version);
    const runValue = electronRunValue(style, command.path ?? EXE, command.args);
    expect(parseWindowsCommandLine(runValue)).toEqual([EXE, 'C:\\dev\\my herald', '--hidden']);
  });

  it('does not quote for an Electron that quotes (it would add literal quotes)', () => {
    const quotedTwice = electronRunValue('quoting', EXE, [quoteWindowsArg('C:\\dev\\my herald')]);
    expect(parseWindowsCommandLine(quotedTwice)[1]).toBe('"C:\\dev\\my herald"');
    expect(loginItemCommand(EXE, ['C:\\dev\\my herald'], '45.4.1')).toEqual({
      args: ['C:\\dev\\my herald'],
    });
  });
});
