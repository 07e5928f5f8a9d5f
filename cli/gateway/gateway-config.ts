/**
 * Gateway settings: command-line flags win over the config file, which wins over defaults.
 * API tokens come from HERALD_GATEWAY_TOKENS or the config file, never from argv (every user
 * of the machine can read argv in the process list).
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { UsageError } from '../options.ts';
import { MIN_TOKEN_LENGTH, type ApiToken } from './token-auth.ts';

export interface GatewayLimits {
  /** Largest accepted request body (bytes): more is 413. */
  bodyLimitBytes: number;
  /** Requests per token (or per client address without a valid token) per window: more is 429. */
  rateLimitMax: number;
  rateLimitWindowMs: number;
  maxRecipients: number;
  /** How long to wait for the XMPP server's acknowledgement before answering 503. */
  ackTimeoutMs: number;
  /** How long delivery states are kept for GET /v1/push/:id, and how many. */
  deliveryTtlMs: number;
  deliveryMaxEntries: number;
  /** A failed callback is tried again after this, doubling each time up to the cap. */
  callbackRetryBaseMs: number;
  callbackRetryMaxMs: number;
}

export interface GatewaySettings {
  host: string;
  port: number;
  tokens: ApiToken[];
  limits: GatewayLimits;
  /** Where the gateway's store lives; null: the default folder. */
  dataDir: string | null;
}

/** A message that shows the value it refuses: `must be a positive integer (got "5")`. */
const showing = (rule: string) => (issue: { input?: unknown }) =>
  `${rule} (got ${JSON.stringify(issue.input) ?? 'nothing'})`;

const POSITIVE_INTEGER = z
  .number({ error: showing('must be a positive integer') })
  .refine((value) => Number.isSafeInteger(value) && value > 0, {
    error: showing('must be a positive integer'),
  });
const limit = (fallback: number) => POSITIVE_INTEGER.default(fallback);

const LIMITS = z.strictObject(
  {
    bodyLimitBytes: limit(64 * 1024),
    rateLimitMax: limit(120),
    rateLimitWindowMs: limit(60_000),
    maxRecipients: limit(100),
    ackTimeoutMs: limit(10_000),
    deliveryTtlMs: limit(24 * 3600_000),
    deliveryMaxEntries: limit(100_000),
    callbackRetryBaseMs: limit(1000),
    callbackRetryMaxMs: limit(5 * 60_000),
  },
  { error: objectError('must be an object') },
) satisfies z.ZodType<GatewayLimits>;

export const DEFAULT_LIMITS: GatewayLimits = LIMITS.parse({});

const PORT_RULE = 'must be 0-65535';
const PORT = z
  .number({ error: showing(PORT_RULE) })
  .refine((port) => Number.isInteger(port) && port >= 0 && port <= 65535, {
    error: showing(PORT_RULE),
  });

const TOKEN_RULE =
  `must be at least ${MIN_TOKEN_LENGTH} characters without spaces ` +
  '(e.g. `openssl rand -hex 24`)';
const SECRET = z
  .string()
  .refine((secret) => secret.length >= MIN_TOKEN_LENGTH && !/\s/.test(secret), TOKEN_RULE);
const FILE_TOKEN = z.union(
  [SECRET, z.object({ name: z.string(), secret: SECRET, callbackSecret: SECRET.optional() })],
  { error: 'must be a secret, or have a "name" and a "secret" string' },
);

/** The config file: JSON, every key optional. A secret alone is named by its place. */
const CONFIG_FILE = z.strictObject(
  {
    host: z.string({ error: showing('must be a string') }).default('127.0.0.1'),
    port: PORT.default(8787),
    tokens: z.array(FILE_TOKEN, { error: showing('must be a list') }).default([]),
    limits: LIMITS.prefault({}),
    dataDir: z.string({ error: showing('must be a string') }).optional(),
  },
  { error: objectError('must hold a JSON object') },
);

function objectError(notAnObject: string) {
  return (issue: { code?: string }) =>
    issue.code === 'unrecognized_keys' ? 'unknown key' : notAnObject;
}

/** The problem in the file's words: `limits.rateLimitMax must be a positive integer (got 0)`. */
function describeProblem(error: z.ZodError): string {
  const [issue] = error.issues;
  if (!issue) return 'is not valid';
  const keys =
    issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0] ?? ''] : issue.path;
  const path = keys
    .map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`))
    .join('')
    .replace(/^\./, '');
  if (issue.code === 'unrecognized_keys') return `unknown key "${path}"`;
  return path ? `${path} ${issue.message}` : issue.message;
}

export function loadGatewaySettings(input: {
  configFile?: string;
  host?: string;
  port?: string;
  dataDir?: string;
  envTokens?: string;
}): GatewaySettings {
  const file = input.configFile ? readConfigFile(input.configFile) : CONFIG_FILE.parse({});
  const tokens = [
    ...parseTokenList(input.envTokens ?? '', 'HERALD_GATEWAY_TOKENS'),
    ...file.tokens.map((token, index) =>
      typeof token === 'string' ? { name: `file-${index + 1}`, secret: token } : token,
    ),
  ];
  if (!tokens.length) {
    throw new UsageError(
      'no API tokens: set HERALD_GATEWAY_TOKENS (comma-separated) or "tokens" in --config',
    );
  }
  const names = new Set<string>();
  for (const token of tokens) {
    if (names.has(token.name)) throw new UsageError(`token name "${token.name}" is used twice`);
    names.add(token.name);
  }
  return {
    host: input.host ?? file.host,
    port: input.port === undefined ? file.port : parsePortFlag(input.port),
    tokens,
    limits: file.limits,
    dataDir: input.dataDir ?? file.dataDir ?? null,
  };
}

function readConfigFile(path: string): z.output<typeof CONFIG_FILE> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`--config: cannot read ${path}: ${(error as Error).message}`);
  }
  const result = CONFIG_FILE.safeParse(parsed);
  if (result.success) return result.data;
  throw new UsageError(`--config: ${path}: ${describeProblem(result.error)}`);
}

function parseTokenList(list: string, source: string): ApiToken[] {
  return list
    .split(',')
    .map((secret) => secret.trim())
    .filter(Boolean)
    .map((secret, index) => {
      if (!SECRET.safeParse(secret).success)
        throw new UsageError(`${source}: a token ${TOKEN_RULE}`);
      return { name: `env-${index + 1}`, secret };
    });
}

function parsePortFlag(value: string): number {
  const port = PORT.safeParse(Number(value));
  if (!port.success) throw new UsageError(`--port ${PORT_RULE} (got "${value}")`);
  return port.data;
}
