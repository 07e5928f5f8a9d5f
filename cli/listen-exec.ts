/** `--exec CMD`: run a command per push, one at a time, with the push in HERALD_* variables. */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import type { Push } from '../core/push.ts';

export function pushEnvironment(push: Push): Record<string, string> {
  return {
    HERALD_ID: push.id,
    HERALD_KIND: push.kind,
    HERALD_PRIORITY: push.priority,
    HERALD_TITLE: push.title,
    HERALD_BODY: push.body,
    HERALD_URL: push.url ?? '',
    HERALD_DUE: push.due ?? '',
    HERALD_CATEGORY: push.category ?? '',
    HERALD_FROM: push.from,
    HERALD_SENT_AT: new Date(push.sentAt).toISOString(),
    HERALD_DELAYED: push.delayed ? '1' : '0',
  };
}

export function createExecRunner(command: string, options: { quiet: boolean }) {
  let queue: Promise<void> = Promise.resolve();
  return {
    /** Queues one run; runs never overlap, so a slow command cannot fork-bomb a burst. */
    run(push: Push): void {
      queue = queue.then(async () => {
        // The command sees the push only through the environment, never spliced into its text.
        const child = spawn('sh', ['-c', command], {
          env: { ...process.env, ...pushEnvironment(push) },
          // With --json, stdout belongs to the JSON stream: the command's output goes to stderr.
          stdio: ['ignore', options.quiet ? process.stderr : 'inherit', 'inherit'],
        });
        const [code] = (await once(child, 'exit').catch(() => [null])) as [number | null];
        if (code !== 0)
          process.stderr.write(`herald: --exec command exited with ${code} for ${push.id}\n`);
      });
    },
    drain(): Promise<void> {
      return queue;
    },
  };
}
