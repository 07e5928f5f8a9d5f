/**
 * Gateway settings: command-line flags win over the config file, which wins over defaults.
 * API tokens come from HERALD_GATEWAY_TOKENS or the config file, never from argv (every user
 * of the machine can read argv in the process list).
 */
import { readFileSync } from 'node:fs';
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
}

export interface GatewaySettings {
  host: string;
  port: number;
  tokens: ApiToken[];
  limits: GatewayLimits;
}

export const DEFAULT_LIMITS: GatewayLimits = {
  bodyLimitBytes: 64 * 1024,
  rateLimitMax: 120,
  rateLimitWindowMs: 60_000,
  maxRecipients: 100,
  ackTimeoutMs: 10_000,
  deliveryTtlMs: 24 * 3600_000,
  deliveryMaxEntries: 100_000,
};

/** The config file: JSON, every key optional. */
interface ConfigFile {
  host?: string;
  port?: number;
  tokens?: Array<string | ApiToken>;
  limits?: Partial<GatewayLimits>;
}

export function loadGatewaySettings(input: {
  configFile?: string;
  host?: string;
  port?: string;
  envTokens?: string;
}): GatewaySettings {
  const file = input.configFile ? readConfigFile(input.configFile) : {};
  const tokens = [
    ...parseTokenList(input.envTokens ?? '', 'HERALD_GATEWAY_TOKENS'),
    ...(file.tokens ?? []).map((token, index) => readFileToken(token, index)),
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
  const limits = { ...DEFAULT_LIMITS, ...file.limits };
  for (const [key, value] of Object.entries(limits)) {
    if (!Number.isSafeInteger(value) || value <= 0)
      throw new UsageError(`limits.${key} must be a positive integer (got ${String(value)})`);
  }
  return {
    host: input.host ?? file.host ?? '127.0.0.1',
    port: parsePort(input.port ?? file.port ?? 8787),
    tokens,
    limits,
  };
}

function readConfigFile(path: string): ConfigFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`--config: cannot read ${path}: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new UsageError(`--config: ${path} must hold a JSON object`);
  const known = new Set(['host', 'port', 'tokens', 'limits']);
  const unknown = Object.keys(parsed).find((key) => !known.has(key));
  if (unknown) throw new UsageError(`--config: unknown key "${unknown}" in ${path}`);
  const config = parsed as ConfigFile;
  if (config.tokens !== undefined && !Array.isArray(config.tokens))
    throw new UsageError('--config: "tokens" must be a list');
  if (config.limits !== undefined) {
    const unknownLimit = Object.keys(config.limits).find((key) => !(key in DEFAULT_LIMITS));
    if (unknownLimit) throw new UsageError(`--config: unknown limit "${unknownLimit}"`);
  }
  return config;
}

function parseTokenList(list: string, source: string): ApiToken[] {
  return list
    .split(',')
    .map((secret) => secret.trim())
    .filter(Boolean)
    .map((secret, index) => checkToken({ name: `env-${index + 1}`, secret }, source));
}

function readFileToken(token: string | ApiToken, index: number): ApiToken {
  const named = typeof token === 'string' ? { name: `file-${index + 1}`, secret: token } : token;
  if (typeof named.name !== 'string' || typeof named.secret !== 'string')
    throw new UsageError(`--config: tokens[${index}] needs a "name" and a "secret" string`);
  return checkToken(named, `--config tokens[${index}]`);
}

function checkToken(token: ApiToken, source: string): ApiToken {
  if (token.secret.length < MIN_TOKEN_LENGTH || /\s/.test(token.secret)) {
    throw new UsageError(
      `${source}: a token must be at least ${MIN_TOKEN_LENGTH} characters without spaces ` +
        '(e.g. `openssl rand -hex 24`)',
    );
  }
  return token;
}

function parsePort(value: string | number): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port must be 0-65535 (got "${value}")`);
  return port;
}
