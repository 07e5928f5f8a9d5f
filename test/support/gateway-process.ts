/**
 * Runs the real `herald gateway` as a child process, reads its JSON-line logs and finds
 * the address it listens on, so tests talk HTTP to it as a business system would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const HERALD = fileURLToPath(new URL('../../cli/herald.ts', import.meta.url));

export type LogLine = { msg?: string; level?: number } & Record<string, unknown>;

export interface GatewayOptions {
  service: string;
  caFile: string;
  jid: string;
  password: string;
  tokens?: string;
  extraArgs?: string[];
}

export class GatewayProcess {
  readonly logs: LogLine[] = [];
  readonly rawStdout: string[] = [];
  readonly stderr: string[] = [];
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  #waiters = new Set<() => void>();

  constructor(options: GatewayOptions) {
    const args = [HERALD, 'gateway', '--service', options.service, '--ca-file', options.caFile];
    args.push('--jid', options.jid, '--port', '0', ...(options.extraArgs ?? []));
    this.child = spawn(process.execPath, args, {
      env: {
        ...process.env,
        HERALD_PASSWORD: options.password,
        HERALD_GATEWAY_TOKENS: options.tokens ?? '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.exited = once(this.child, 'exit').then(([code]) => {
      this.#notify();
      return code as number | null;
    });
    createInterface({ input: this.child.stdout! }).on('line', (line) => {
      this.rawStdout.push(line);
      try {
        this.logs.push(JSON.parse(line) as LogLine);
      } catch {
        // Kept in rawStdout: a test asserts every line is JSON.
      }
      this.#notify();
    });
    createInterface({ input: this.child.stderr! }).on('line', (line) => {
      this.stderr.push(line);
      this.#notify();
    });
  }

  /** Resolves with the first log line (seen or future) that matches; fails if the process ends. */
  async waitForLog(match: (line: LogLine) => boolean, what: string, timeoutMs = 20_000) {
    const found = () => this.logs.find(match);
    await new Promise<void>((resolve, reject) => {
      const check = () => {
        if (found()) finish(resolve);
        else if (this.child.exitCode !== null)
          finish(() =>
            reject(new Error(`gateway exited before ${what}: ${this.stderr.join('\n')}`)),
          );
      };
      const timer = setTimeout(
        () =>
          finish(() =>
            reject(new Error(`timed out waiting for ${what}: ${this.rawStdout.join('\n')}`)),
          ),
        timeoutMs,
      );
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        this.#waiters.delete(check);
        settle();
      };
      this.#waiters.add(check);
      check();
    });
    return found()!;
  }

  /** The base URL once the gateway listens (it logs "gateway listening" with the address). */
  async url(): Promise<string> {
    const line = await this.waitForLog((l) => l.msg === 'gateway listening', 'listening');
    return String(line.address);
  }

  async stop(): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    return this.exited;
  }

  #notify(): void {
    for (const waiter of [...this.#waiters]) waiter();
  }
}
