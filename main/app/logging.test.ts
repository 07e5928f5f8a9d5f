import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
// The Node flavour of electron-log: same file transport as electron-log/main, no Electron.
import nodeLog from 'electron-log/node';
import { LOG_MAX_BYTES, setupLogging } from './logging.ts';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function tempFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'herald-log-'));
  folders.push(folder);
  return folder;
}

describe('setupLogging', () => {
  it('writes to main.log in the given folder and reports that folder', () => {
    const folder = tempFolder();
    const log = nodeLog.create({ logId: 'herald-test-folder' });
    const logging = setupLogging(log, { folder });
    expect(logging.logFolder).toBe(folder);
    expect(logging.logFile).toBe(join(folder, 'main.log'));
    expect(log.transports.file.maxSize).toBe(LOG_MAX_BYTES);
    logging.scope('tray').info('hello from the tray');
    logging.logger.debug('not written at the default level');
    const text = readFileSync(join(folder, 'main.log'), 'utf8');
    expect(text).toContain('hello from the tray');
    expect(text).toContain('(tray)');
    expect(text).not.toContain('not written');
  });

  it('rotates past maxSize and keeps a single old file', () => {
    const folder = tempFolder();
    const log = nodeLog.create({ logId: 'herald-test-rotation' });
    const logging = setupLogging(log, { folder, maxBytes: 2_000 });
    for (let i = 0; i < 200; i++) logging.logger.info(`line ${i} ${'x'.repeat(80)}`);
    expect(readdirSync(folder).sort()).toEqual(['main.log', 'main.old.log']);
    expect(readFileSync(join(folder, 'main.log'), 'utf8')).toContain('line 199');
  });
});
