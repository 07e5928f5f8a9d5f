/**
 * dev/ensure-electron.ts against a copy of the real electron package (its install.js and the
 * real @electron/get and zip extractor, resolved from the project's node_modules) whose mirror
 * is a local HTTP server: a failed download gives one line and exit 1; a served zip is
 * installed; an installed binary gives exit 0 and no request at all.
 */
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32 } from 'node:zlib';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { electronPackageDir } from './electron-binary.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SCRIPT = join(ROOT, 'dev', 'ensure-electron.ts');
const REAL_PACKAGE = electronPackageDir(ROOT);
const VERSION = (
  JSON.parse(readFileSync(join(REAL_PACKAGE, 'package.json'), 'utf8')) as { version: string }
).version;
// install.js's own names for the executable inside dist/.
const PLATFORM_PATH =
  { darwin: 'Electron.app/Contents/MacOS/Electron', win32: 'electron.exe' }[
    process.platform as string
  ] ?? 'electron';

/** A zip of uncompressed entries (what the extractor needs; no zip tool is assumed). */
function storedZip(files: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const data = Buffer.from(text);
    const fileName = Buffer.from(name);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x21, 12); // 1980-01-01
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(fileName.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made on Unix: the mode below counts
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(fileName.length, 28);
    central.writeUInt32LE((0o100755 << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, fileName, data);
    centrals.push(central, fileName);
    offset += local.length + fileName.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** What the mirror serves for a .zip request; null = 404, as with no network. */
let servedZip: Buffer | null = null;
let mirror: Server;
let mirrorUrl: string;
const requests: string[] = [];
let fixture: string;

beforeAll(async () => {
  mirror = createServer((request, response) => {
    requests.push(request.url ?? '');
    if (servedZip && request.url?.endsWith('.zip')) response.writeHead(200).end(servedZip);
    else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => mirror.listen(0, '127.0.0.1', resolve));
  mirrorUrl = `http://127.0.0.1:${(mirror.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((resolve) => mirror.close(() => resolve())));

beforeEach(() => {
  requests.length = 0;
  servedZip = null;
  // Inside node_modules, so install.js's require('@electron/get') finds the real one.
  const parent = join(ROOT, 'node_modules', '.cache');
  mkdirSync(parent, { recursive: true });
  fixture = mkdtempSync(join(parent, 'herald-electron-'));
  for (const file of ['package.json', 'install.js', 'checksums.json'])
    copyFileSync(join(REAL_PACKAGE, file), join(fixture, file));
});
afterEach(() => rmSync(fixture, { recursive: true, force: true }));

/** What install.js leaves behind: the executable, dist/version and path.txt. */
function fakeInstall(version: string): void {
  mkdirSync(join(fixture, 'dist', PLATFORM_PATH, '..'), { recursive: true });
  writeFileSync(join(fixture, 'dist', PLATFORM_PATH), '');
  writeFileSync(join(fixture, 'dist', 'version'), version);
  writeFileSync(join(fixture, 'path.txt'), PLATFORM_PATH);
}

/** Runs the script on the fixture with a clean Electron environment and the local mirror. */
function ensure(
  extraEnv: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env))
    if (value !== undefined && !/electron/i.test(key)) env[key] = value;
  Object.assign(env, {
    ELECTRON_MIRROR: mirrorUrl,
    // An empty cache: a zip cached by an earlier real install must not satisfy the download.
    electron_config_cache: join(fixture, 'cache'),
    ELECTRON_GET_NO_PROGRESS: '1',
    ...extraEnv,
  });
  return new Promise((resolve) => {
    execFile(process.execPath, [SCRIPT, fixture], { env }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

describe('dev/ensure-electron.ts', () => {
  it('exits 1 with one line naming the download failure when the binary cannot be fetched', async () => {
    const result = await ensure();
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    const lines = result.stderr.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^herald: the Electron binary is not installed and could not be downloaded \(.*404.*\); see README "The desktop app"/,
    );
    // It really asked the mirror for this version's zip.
    expect(requests.some((url) => url.includes(`electron-v${VERSION}-`))).toBe(true);
  });

  it('downloads and installs the binary when the mirror has it', async () => {
    servedZip = storedZip({ [PLATFORM_PATH]: '#!/bin/sh\n', version: VERSION });
    // The fixture's own checksums, so the real checksum check passes for the fake zip.
    const checksums = JSON.parse(readFileSync(join(fixture, 'checksums.json'), 'utf8')) as Record<
      string,
      string
    >;
    for (const name of Object.keys(checksums))
      checksums[name] = createHash('sha256').update(servedZip).digest('hex');
    writeFileSync(join(fixture, 'checksums.json'), JSON.stringify(checksums));

    const result = await ensure();
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toBe(
      `herald: installed the Electron binary at ${join(fixture, 'dist', PLATFORM_PATH)}\n`,
    );
    expect(readFileSync(join(fixture, 'path.txt'), 'utf8')).toBe(PLATFORM_PATH);
  });

  it('exits 0 without a request when the binary is installed', async () => {
    fakeInstall(VERSION);
    expect(await ensure()).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(requests).toEqual([]);
  });

  it('accepts ELECTRON_EXEC_PATH (which electron-vite launches) without a request', async () => {
    const binary = join(fixture, 'elsewhere', 'electron');
    mkdirSync(join(binary, '..'));
    writeFileSync(binary, '');
    expect(await ensure({ ELECTRON_EXEC_PATH: binary })).toEqual({
      code: 0,
      stdout: '',
      stderr: '',
    });
    expect(requests).toEqual([]);
  });

  it('runs before electron-vite in npm start and npm run dev', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts.start).toBe('node dev/ensure-electron.ts && electron-vite preview');
    expect(pkg.scripts.dev).toBe('node dev/ensure-electron.ts && electron-vite dev');
  });

  it('downloads again when dist/ holds another version', async () => {
    fakeInstall('1.0.0');
    const result = await ensure();
    expect(result.code).toBe(1);
    expect(requests.length).toBeGreaterThan(0);
  });
});
