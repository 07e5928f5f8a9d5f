/**
 * The gateway's HTTP API as a business system calls it, and a gateway started with a config
 * file, for the lifecycle and callback suites.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Account, Harness } from './fixture.ts';
import { GatewayProcess } from './gateway-process.ts';

export interface ApiAnswer {
  status: number;
  body: Record<string, unknown>;
}

export function gatewayApi(url: string, token: string) {
  async function call(method: string, path: string, body?: unknown): Promise<ApiAnswer> {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as ApiAnswer['body']) : {} };
  }
  return {
    push: (body: Record<string, unknown>) => call('POST', '/v1/push', body),
    update: (id: string, body: unknown) => call('PATCH', `/v1/push/${id}`, body),
    complete: (id: string) => call('POST', `/v1/push/${id}/complete`),
    retract: (id: string) => call('DELETE', `/v1/push/${id}`),
    status: (id: string) => call('GET', `/v1/push/${id}`),
  };
}

/** A gateway for `system` with `config` as its --config file, and its store in `dataDir`. */
export async function startGatewayWith(
  harness: Harness,
  system: Account,
  options: { config: object; dataDir: string },
): Promise<GatewayProcess> {
  const file = join(options.dataDir, 'gateway.json');
  await writeFile(file, JSON.stringify(options.config));
  return new GatewayProcess({
    service: harness.server.service,
    caFile: harness.server.caFile,
    jid: system.jid,
    password: system.password,
    dataDir: options.dataDir,
    extraArgs: ['--config', file],
  });
}
