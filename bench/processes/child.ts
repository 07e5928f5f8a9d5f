/**
 * Runs a bench script in a fresh Node process and returns what it sends back over IPC:
 * a clean heap and JIT for in-process measurements, and its own memory figures.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { Scope } from '../scope.ts';

export async function runChild<T>(
  script: string,
  args: string[],
  scope: Scope,
  nodeArgs: string[] = [],
): Promise<T> {
  const path = fileURLToPath(new URL(script, import.meta.url));
  const child = spawn(process.execPath, [...nodeArgs, path, ...args], {
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
  });
  scope.defer(script, () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  let result: T | undefined;
  let received = false;
  child.on('message', (message: T) => {
    result = message;
    received = true;
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  if (!received || code !== 0)
    throw new Error(`${script} exited with ${code}: ${stderr.slice(-2000)}`);
  return result as T;
}

/** For the child: send the result and end (or print it, when run by hand). */
export function sendResult(result: unknown): void {
  if (process.send) process.send(result, () => process.exit(0));
  else process.stdout.write(`${JSON.stringify(result)}\n`);
}
