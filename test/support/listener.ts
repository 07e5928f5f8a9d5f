/**
 * Runs the real `herald listen --json` as a child process and collects its JSON lines,
 * so tests wait on the events a user of the CLI would see.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const HERALD = fileURLToPath(new URL('../../cli/herald.ts', import.meta.url));

export type ListenEvent = { type: string } & Record<string, unknown>;

export interface ListenerOptions {
  service: string;
  jid: string;
  password: string;
  systemJids: string[];
  dataDir: string;
  caFile: string;
  extraArgs?: string[];
}

export class Listener {
  readonly events: ListenEvent[] = [];
  readonly stderr: string[] = [];
  readonly nonJsonLines: string[] = [];
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  #waiters: Array<{ check: () => boolean; resolve: () => void }> = [];

  constructor(options: ListenerOptions) {
    const args = [HERALD, 'listen', '--json', '--service', options.service, '--jid', options.jid];
    for (const system of options.systemJids) args.push('--system-jid', system);
    args.push(
      '--data-dir',
      options.dataDir,
      '--ca-file',
      options.caFile,
      ...(options.extraArgs ?? []),
    );
    this.child = spawn(process.execPath, args, {
      env: { ...process.env, HERALD_PASSWORD: options.password },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.exited = once(this.child, 'exit').then(([code]) => {
      this.#notify();
      return code as number | null;
    });
    createInterface({ input: this.child.stdout! }).on('line', (line) => {
      try {
        this.events.push(JSON.parse(line) as ListenEvent);
      } catch {
        this.nonJsonLines.push(line);
      }
      this.#notify();
    });
    createInterface({ input: this.child.stderr! }).on('line', (line) => {
      this.stderr.push(line);
      this.#notify();
    });
  }

  pushes(): ListenEvent[] {
    return this.events.filter((event) => event.type === 'push');
  }

  /** Resolves with the first event (already seen or future) that matches. */
  async waitFor(
    match: (event: ListenEvent) => boolean,
    what: string,
    timeoutMs = 20_000,
  ): Promise<ListenEvent> {
    await this.waitUntil(() => this.events.some(match), what, timeoutMs);
    return this.events.find(match)!;
  }

  /** Waits for a condition over the collected output, failing fast if the process dies. */
  waitUntil(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters = this.#waiters.filter((w) => w !== waiter);
        reject(
          new Error(
            `timed out waiting for ${what}\nstdout: ${JSON.stringify(this.events)}\nstderr: ${this.stderr.join('\n')}`,
          ),
        );
      }, timeoutMs);
      const waiter = {
        check: () => check() || this.child.exitCode !== null,
        resolve: () => {
          clearTimeout(timer);
          if (check()) resolve();
          else
            reject(
              new Error(
                `listener exited (${this.child.exitCode}) before ${what}\nstderr: ${this.stderr.join('\n')}`,
              ),
            );
        },
      };
      this.#waiters.push(waiter);
    });
  }

  waitForOnline(): Promise<ListenEvent> {
    return this.waitFor((e) => e.type === 'status' && e.state === 'online', 'online');
  }

  waitForSynced(): Promise<ListenEvent> {
    return this.waitFor((e) => e.type === 'synced', 'archive catch-up');
  }

  waitForPush(id: string): Promise<ListenEvent> {
    return this.waitFor((e) => e.type === 'push' && e.id === id, `push ${id}`);
  }

  /** SIGTERM and wait: the listener closes its stream and saves the inbox. */
  async stop(): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    return this.exited;
  }

  kill(): Promise<number | null> {
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
    return this.exited;
  }

  #notify(): void {
    for (const waiter of [...this.#waiters]) {
      if (waiter.check()) {
        this.#waiters = this.#waiters.filter((w) => w !== waiter);
        waiter.resolve();
      }
    }
  }
}
