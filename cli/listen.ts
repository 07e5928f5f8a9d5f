/**
 * `herald listen`: the desktop engine without Electron. Prints every event (JSON lines with
 * --json), optionally runs a command per push. It is also the test harness's client.
 */
import { parseArgs } from 'node:util';
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { HeraldEngine } from '../core/engine.ts';
import { Inbox } from '../core/inbox.ts';
import { openSqliteInboxStorage } from '../core/sqlite-inbox-storage.ts';
import { inboxReplacedLogLine } from '../shared/i18n/inbox-open-problems.ts';
import {
  CONNECTION_OPTIONS,
  KEEPALIVE_OPTION,
  checkBareJid,
  readKeepalive,
  readLoginOptions,
  requireString,
  UsageError,
} from './options.ts';
import { createEventPrinter } from './listen-output.ts';
import { createExecRunner } from './listen-exec.ts';
import { parseCommand, runCommand } from './listen-commands.ts';

const HELP = `Usage: herald listen --jid JID --system-jid JID [--system-jid JID…] [options]

  --jid JID            your account (password from HERALD_PASSWORD, or asked on a terminal)
  --system-jid JID     the message center account(s) whose messages are pushes (repeatable)
  --service URL        xmpp://HOST:PORT (STARTTLS) or xmpps://HOST:PORT (direct TLS);
                       default xmpp://<domain of --jid>:5222
  --data-dir DIR       where the inbox lives (default $XDG_DATA_HOME/herald)
  --ca-file FILE       also trust this CA (PEM); NODE_EXTRA_CA_CERTS works too
  --json               one JSON object per line on stdout, nothing else
  --exec CMD           run CMD (through sh) for every new push, fields in HERALD_* variables
  --allow-plaintext    log in even if the server offers no TLS (never do this on a network)
  --keepalive SECONDS  ping the server after this much silence (default 20); a dead
                       connection is found within twice this
  --verbose            log ignored messages and connection details to stderr

Stdin takes your choices, one per line (the inbox window's buttons):
  read|unread|done|undone|ack|delete ID     e.g. "done erp-4411", "ack erp-4411"
  action ID ACTION                          one of the push's actions, e.g. "action po-5521 approve"
  {"event":"done","pushId":"erp-4411"}      the same as JSON, in the shape of a user-event line
A line that chooses nothing is answered with why (a "refused" line with --json).`;

export async function runListen(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...CONNECTION_OPTIONS,
      ...KEEPALIVE_OPTION,
      'system-jid': { type: 'string', multiple: true },
      'data-dir': { type: 'string' },
      json: { type: 'boolean', default: false },
      exec: { type: 'string' },
      verbose: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const jid = checkBareJid(requireString(values.jid, '--jid'), '--jid');
  const systemJids = (values['system-jid'] ?? []).map((j) =>
    checkBareJid(j.trim(), '--system-jid'),
  );
  if (!systemJids.length) throw new UsageError('at least one --system-jid is required');
  const login = await readLoginOptions(values, jid);
  const keepalive = readKeepalive(values.keepalive);

  const dataDir = values['data-dir'] ?? defaultDataDir();
  mkdirSync(dataDir, { recursive: true });
  const print = createEventPrinter({ json: values.json, verbose: values.verbose });
  let opened;
  try {
    opened = openSqliteInboxStorage(join(dataDir, 'inbox.sqlite'));
  } catch (error) {
    // Before logging in: the server keeps every push until the inbox can be written.
    process.stderr.write(`herald: ${(error as Error).message}\n`);
    return 1;
  }
  const { storage, replaced } = opened;
  if (replaced) print.warning(inboxReplacedLogLine(replaced));
  const inbox = new Inbox({
    storage,
    onWriteError: (error) =>
      print.warning(`could not save the inbox, will retry: ${error.message}`),
  });
  const engine = new HeraldEngine({
    ...login,
    ...keepalive,
    jid,
    resource: 'herald-listen',
    systemJids,
    inbox,
  });
  const exec = values.exec ? createExecRunner(values.exec, { quiet: values.json }) : null;

  engine.on('status', (status) => print.status(status));
  engine.on('push', (event) => {
    print.push(event);
    exec?.run(event.push);
  });
  engine.on('notify', (notification) => {
    // Immediate toasts were printed with their push; only later decisions get their own line.
    if (notification.action === 'summary') print.summary(notification);
    else if (notification.reminder) print.reminder(notification.push);
    else if (notification.held) print.heldToast(notification.push);
  });
  engine.on('revised', (event) => print.revised(event));
  engine.on('expired', ({ pushIds }) => print.expired(pushIds));
  engine.on('user-event', (event) => print.userEvent(event));
  engine.on('synced', (result) => print.synced(result));
  engine.on('ignored', (event) => print.ignored(event));
  engine.on('warning', (message) => print.warning(message));

  // The end of stdin (/dev/null under a service manager) ends the choices, not the listening.
  const choices = createInterface({ input: process.stdin, terminal: false });
  choices.on('line', (line) => {
    const parsed = parseCommand(line);
    if (parsed === null) return;
    const outcome = parsed.ok ? runCommand(parsed.command, inbox, engine) : parsed;
    if (!outcome.ok) print.refused(line.trim(), outcome.reason);
  });

  const finished = new Promise<number>((resolve) => {
    let stopping = false;
    const shutdown = async (code: number) => {
      if (stopping) return;
      stopping = true;
      choices.close();
      process.stdin.destroy();
      await engine.stop();
      await exec?.drain();
      const saved = inbox.close();
      if (!saved) print.warning('some inbox changes could not be saved');
      resolve(code);
    };
    process.once('SIGINT', () => void shutdown(0));
    process.once('SIGTERM', () => void shutdown(0));
    engine.on('status', (status) => {
      // Retrying cannot fix a wrong password or an unsafe server: exit and say why.
      if (status.state === 'auth-failed' || status.state === 'error') void shutdown(1);
    });
  });
  engine.start();
  return finished;
}

function defaultDataDir(): string {
  const base = process.env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(base, 'herald');
}
