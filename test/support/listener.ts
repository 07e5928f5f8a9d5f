/**
 * Runs the real `herald listen --json` as a child process and collects its JSON lines,
 * so tests wait on the events a user of the CLI would see.
 */
import { HeraldProcess } from './herald-process.ts';

export type ListenEvent = { type: string } & Record<string, unknown>;

export interface ListenerOptions {
  service: string;
  jid: string;
  password: string;
  systemJids: string[];
  dataDir: string;
  caFile: string;
  extraArgs?: string[];
  nodeArgs?: string[];
  env?: Record<string, string>;
  /** A pipe to type choices into (cli/listen-commands.ts); else stdin is /dev/null. */
  stdin?: boolean;
}

export class Listener extends HeraldProcess<ListenEvent> {
  constructor(options: ListenerOptions) {
    const args = ['listen', '--json', '--service', options.service, '--jid', options.jid];
    for (const system of options.systemJids) args.push('--system-jid', system);
    args.push('--data-dir', options.dataDir, '--ca-file', options.caFile);
    super(
      [...args, ...(options.extraArgs ?? [])],
      { ...options.env, HERALD_PASSWORD: options.password },
      options.nodeArgs,
      { stdin: options.stdin },
    );
  }

  get events(): ListenEvent[] {
    return this.lines;
  }

  pushes(): ListenEvent[] {
    return this.events.filter((event) => event.type === 'push');
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
}
