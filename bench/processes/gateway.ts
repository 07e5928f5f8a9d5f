/**
 * The real `herald gateway` as a child process, as a business system would run it, with the
 * per-token rate limit raised (its default, 120 per minute, is a guard, not a capacity).
 * Its JSON logs are read only until it listens, then discarded unparsed, so reading them
 * costs the bench nothing.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Account } from './prosody.ts';
import type { Scope } from '../scope.ts';

const HERALD = fileURLToPath(new URL('../../cli/herald.ts', import.meta.url));
export const GATEWAY_TOKEN = 'bench-token-0123456789abcdef';

export interface RunningGateway {
  url: string;
  pid: number;
  child: ChildProcess;
  /** SIGTERM (it drains in-flight requests), SIGKILL after 10 s. */
  stop(): Promise<void>;
}

export async function startGateway(options: {
  service: string;
  caFile: string;
  account: Account;
  workDir: string;
  scope: Scope;
}): Promise<RunningGateway> {
  const config = join(options.workDir, 'gateway.json');
  const limits = { rateLimitMax: 1_000_000_000, rateLimitWindowMs: 1_000 };
  await writeFile(config, JSON.stringify({ limits }));
  // A store of its own: one gateway's pushes must not answer for the next one's same ids.
  const dataDir = await mkdtemp(join(options.workDir, 'gateway-data-'));
  const child = spawn(
    process.execPath,
    [HERALD, 'gateway', '--jid', options.account.jid, '--port', '0', '--config', config].concat([
      '--service',
      options.service,
      '--ca-file',
      options.caFile,
      '--data-dir',
      dataDir,
    ]),
    {
      env: {
        ...process.env,
        HERALD_PASSWORD: options.account.password,
        HERALD_GATEWAY_TOKENS: GATEWAY_TOKEN,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const exited = once(child, 'exit');
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(killer);
  };
  options.scope.defer('gateway', stop);
  const url = await new Promise<string>((resolve, reject) => {
    let buffer = '';
    let stderr = '';
    const onData = (chunk: string) => {
      buffer += chunk;
      const match = /"address":"(http:[^"]+)"[^\n]*"msg":"gateway listening"/.exec(buffer);
      if (!match?.[1]) return;
      child.stdout?.off('data', onData);
      child.stdout?.resume(); // keep draining, unread
      resolve(match[1]);
    };
    child.stdout?.setEncoding('utf8').on('data', onData);
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    void exited.then(() => reject(new Error(`gateway exited: ${stderr}${buffer.slice(-2000)}`)));
  });
  if (child.pid === undefined) throw new Error('gateway has no pid');
  return { url, pid: child.pid, child, stop };
}
