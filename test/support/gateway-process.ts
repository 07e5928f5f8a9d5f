/**
 * Runs the real `herald gateway` as a child process, reads its JSON-line logs and finds
 * the address it listens on, so tests talk HTTP to it as a business system would.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeraldProcess } from './herald-process.ts';

export type LogLine = { msg?: string; level?: number } & Record<string, unknown>;

export interface GatewayOptions {
  service: string;
  caFile: string;
  jid: string;
  password: string;
  tokens?: string;
  /** The gateway's store folder; without one, a fresh folder removed when it exits. */
  dataDir?: string;
  extraArgs?: string[];
}

export class GatewayProcess extends HeraldProcess<LogLine> {
  constructor(options: GatewayOptions) {
    const ownDir = options.dataDir ? null : mkdtempSync(join(tmpdir(), 'herald-gateway-'));
    const args = ['gateway', '--service', options.service, '--ca-file', options.caFile];
    args.push('--jid', options.jid, '--port', '0', '--data-dir', options.dataDir ?? ownDir!);
    args.push(...(options.extraArgs ?? []));
    super(args, {
      HERALD_PASSWORD: options.password,
      HERALD_GATEWAY_TOKENS: options.tokens ?? '',
    });
    if (ownDir) void this.exited.then(() => rmSync(ownDir, { recursive: true, force: true }));
  }

  get logs(): LogLine[] {
    return this.lines;
  }

  /** The base URL once the gateway listens (it logs "gateway listening" with the address). */
  async url(): Promise<string> {
    const line = await this.waitFor((l) => l.msg === 'gateway listening', 'listening');
    return String(line.address);
  }
}
