import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { DEFAULT_LIMITS, loadGatewaySettings } from './gateway-config.ts';

const dir = mkdtempSync(join(tmpdir(), 'herald-gateway-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const SECRET = 'a-secret-of-24-characters';
let files = 0;
const TOKEN_RULE = 'must be at least 16 characters without spaces (e.g. `openssl rand -hex 24`)';
const TOKEN_SHAPE = 'must be a secret, or have a "name" and a "secret" string';
const POSITIVE = (got: string) => `must be a positive integer (got ${got})`;

/** The settings for a config file holding `content` (JSON unless a string). */
function load(
  content: unknown,
  input: { host?: string; port?: string; dataDir?: string; envTokens?: string } = {},
) {
  const configFile = join(dir, `gateway-${++files}.json`);
  writeFileSync(configFile, typeof content === 'string' ? content : JSON.stringify(content));
  return { configFile, load: () => loadGatewaySettings({ configFile, ...input }) };
}

describe('loadGatewaySettings', () => {
  test('defaults without a config file', () => {
    expect(loadGatewaySettings({ envTokens: ` ${SECRET} ,, ${SECRET}x` })).toEqual({
      host: '127.0.0.1',
      port: 8787,
      tokens: [
        { name: 'env-1', secret: SECRET },
        { name: 'env-2', secret: `${SECRET}x` },
      ],
      limits: {
        bodyLimitBytes: 65_536,
        rateLimitMax: 120,
        rateLimitWindowMs: 60_000,
        maxRecipients: 100,
        ackTimeoutMs: 10_000,
        deliveryTtlMs: 86_400_000,
        deliveryMaxEntries: 100_000,
        callbackRetryBaseMs: 1000,
        callbackRetryMaxMs: 300_000,
      },
      dataDir: null,
    });
  });

  test('the file fills in what flags leave out, and the limits it leaves out keep their defaults', () => {
    const config = {
      host: '0.0.0.0',
      port: 9000,
      tokens: [
        SECRET,
        { name: 'erp', secret: `${SECRET}-erp`, callbackSecret: `${SECRET}-callbacks` },
      ],
      limits: { rateLimitMax: 3 },
      dataDir: '/var/lib/herald',
    };
    expect(load(config).load()).toEqual({
      host: '0.0.0.0',
      port: 9000,
      tokens: [
        { name: 'file-1', secret: SECRET },
        { name: 'erp', secret: `${SECRET}-erp`, callbackSecret: `${SECRET}-callbacks` },
      ],
      limits: { ...DEFAULT_LIMITS, rateLimitMax: 3 },
      dataDir: '/var/lib/herald',
    });
    expect(load(config, { host: '::1', port: '0', dataDir: '/tmp/g' }).load()).toMatchObject({
      host: '::1',
      port: 0,
      dataDir: '/tmp/g',
    });
  });

  test.each([
    ['not JSON', '{"port": 1,}', /^--config: cannot read .*gateway-\d+\.json: /],
    ['a list', [], 'must hold a JSON object'],
    ['an unknown key', { tokens: [SECRET], hots: 'x' }, 'unknown key "hots"'],
    [
      'an unknown limit',
      { tokens: [SECRET], limits: { rateLimit: 5 } },
      'unknown key "limits.rateLimit"',
    ],
    ['a number for host', { tokens: [SECRET], host: 8080 }, 'host must be a string (got 8080)'],
    ['a string for port', { tokens: [SECRET], port: '8787' }, 'port must be 0-65535 (got "8787")'],
    ['a port out of range', { tokens: [SECRET], port: 70_000 }, 'port must be 0-65535 (got 70000)'],
    ['a string for tokens', { tokens: SECRET }, `tokens must be a list (got "${SECRET}")`],
    ['a short token', { tokens: ['short'] }, `tokens[0] ${TOKEN_RULE}`],
    [
      'a short named token',
      { tokens: [{ name: 'erp', secret: 'short' }] },
      `tokens[0].secret ${TOKEN_RULE}`,
    ],
    [
      'a token without a name',
      { tokens: [SECRET, { secret: SECRET }] },
      `tokens[1] ${TOKEN_SHAPE}`,
    ],
    ['a number as a token', { tokens: [42] }, `tokens[0] ${TOKEN_SHAPE}`],
    ['a list for limits', { tokens: [SECRET], limits: [] }, 'limits must be an object'],
    [
      'a zero limit',
      { tokens: [SECRET], limits: { rateLimitMax: 0 } },
      `limits.rateLimitMax ${POSITIVE('0')}`,
    ],
    [
      'a fractional limit',
      { tokens: [SECRET], limits: { ackTimeoutMs: 1.5 } },
      `limits.ackTimeoutMs ${POSITIVE('1.5')}`,
    ],
    [
      'a string limit',
      { tokens: [SECRET], limits: { maxRecipients: '5' } },
      `limits.maxRecipients ${POSITIVE('"5"')}`,
    ],
    [
      'an unsafe integer limit',
      { tokens: [SECRET], limits: { deliveryTtlMs: 2 ** 53 } },
      `limits.deliveryTtlMs ${POSITIVE('9007199254740992')}`,
    ],
  ])(
    'refuses a file with %s, naming the file, the field and the problem',
    (_name, content, message) => {
      const { configFile, load: run } = load(content);
      const expected =
        typeof message === 'string' ? `--config: ${configFile}: ${message}` : message;
      expect(run).toThrow(expected);
    },
  );

  test.each([
    [
      'no token at all',
      {},
      'no API tokens: set HERALD_GATEWAY_TOKENS (comma-separated) or "tokens" in --config',
    ],
    [
      'a short token in the environment',
      { envTokens: 'short' },
      `HERALD_GATEWAY_TOKENS: a token ${TOKEN_RULE}`,
    ],
    [
      'a token name used twice',
      { envTokens: SECRET, configFile: true },
      'token name "env-1" is used twice',
    ],
    ['a bad --port', { envTokens: SECRET, port: 'http' }, '--port must be 0-65535 (got "http")'],
  ])(
    'refuses %s',
    (_name, input: { envTokens?: string; port?: string; configFile?: boolean }, message) => {
      const configFile = input.configFile
        ? load({ tokens: [{ name: 'env-1', secret: SECRET }] }).configFile
        : undefined;
      expect(() => loadGatewaySettings({ ...input, configFile })).toThrow(message);
    },
  );
});
