#!/usr/bin/env node
/** `herald <command>`: the headless side of Herald. */
import { runListen } from './listen.ts';
import { runSend } from './send.ts';
import { runGateway } from './gateway/command.ts';
import { UsageError } from './options.ts';

const USAGE = `Usage: herald <command> [options]

Commands:
  listen   Run the Herald client headless: print pushes as they arrive (JSON lines with --json)
  send     Push one message to one or more users, as the system account
  gateway  Run the HTTP push service for business systems (POST /v1/push)

Run "herald <command> --help" for the options of a command.`;

const commands: Record<string, (argv: string[]) => Promise<number>> = {
  listen: runListen,
  send: runSend,
  gateway: runGateway,
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    process.stdout.write(`${USAGE}\n`);
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`herald: unknown command "${name}"\n\n${USAGE}\n`);
    return 2;
  }
  return command(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`herald: ${error.message}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(
      `herald: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
