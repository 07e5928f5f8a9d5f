/**
 * `herald send`: log in as the system account, push one message to one or more users and
 * exit 0 only once the server has acknowledged every stanza (XEP-0198).
 */
import { parseArgs } from 'node:util';
import { text } from 'node:stream/consumers';
import { serializePush } from '../core/push-codec.ts';
import { validatePushDraft } from '../core/push-draft.ts';
import type { PushDraft } from '../core/push.ts';
import { XmppSession } from '../core/xmpp-session.ts';
import { sendAcknowledged } from './acknowledged-send.ts';
import {
  CONNECTION_OPTIONS,
  checkBareJid,
  readLoginOptions,
  requireString,
  UsageError,
} from './options.ts';

const HELP = `Usage: herald send --jid SYSTEM_JID --to JID [--to JID…] --title T [--body B] [options]

  --jid JID         the system (message center) account; password from HERALD_PASSWORD
  --to JID          recipient (repeatable)
  --title T         the subject line
  --body B          the text; read from stdin when omitted and stdin is not a terminal
  --kind K          todo | news | notice (default notice)
  --priority P      low | normal | high | urgent (default normal)
  --url URL         an http(s) link for the "Open" button
  --due ISO         due date for a to-do, e.g. 2026-12-01T10:00:00Z
  --category C      a label such as Finance
  --id ID           idempotency key (default: a new UUID); resending the same id never
                    shows twice in Herald
  --expires ISO     from then on the push is not shown and leaves the inbox
  --ack-required    the user must acknowledge it; Herald re-alerts until they do
  --action ID=LABEL a button (up to 3); ID=LABEL=primary or =destructive styles it

A later revision of a push already sent (docs/wire-format.md) takes its --id and a --rev
higher than any sent before for that id, and the whole push again:
  --rev N           send as revision N (an update, unless one of these follows)
  --complete        completed by the sender: the to-do is done on every device
  --retract         withdrawn: Herald keeps only the title (--title and --body then
                    default to a short note for other XMPP clients)
  --service URL     xmpp://HOST:PORT or xmpps://HOST:PORT (default from --jid)
  --ca-file FILE    also trust this CA (PEM)
  --timeout SEC     give up after this long (default 30)
  --allow-plaintext log in even if the server offers no TLS

Prints the push id and exits 0 once the server acknowledged every message; exits 1 on
login failure, an unreachable server or a timeout, 2 on bad arguments.`;

const SEND_OPTIONS = {
  ...CONNECTION_OPTIONS,
  to: { type: 'string', multiple: true },
  title: { type: 'string' },
  body: { type: 'string' },
  kind: { type: 'string' },
  priority: { type: 'string' },
  url: { type: 'string' },
  due: { type: 'string' },
  category: { type: 'string' },
  id: { type: 'string' },
  expires: { type: 'string' },
  'ack-required': { type: 'boolean' },
  action: { type: 'string', multiple: true },
  rev: { type: 'string' },
  complete: { type: 'boolean' },
  retract: { type: 'boolean' },
  timeout: { type: 'string', default: '30' },
} as const;

const RETRACTED_TITLE = 'Withdrawn';
const RETRACTED_BODY = 'This message was withdrawn by its sender.';

export interface SendCommand {
  options: ReturnType<typeof parseArgs<{ options: typeof SEND_OPTIONS }>>['values'];
  jid: string;
  recipients: string[];
  timeoutMs: number;
  draft: PushDraft;
}

/**
 * The arguments checked and the draft made, before any connection: null for --help, a
 * UsageError naming the option otherwise. `readStdin` gives the body when --body is absent.
 */
export async function parseSendArguments(
  argv: string[],
  readStdin: () => Promise<string | undefined> = readBodyFromStdin,
): Promise<SendCommand | null> {
  const { values } = parseArgs({ args: argv, options: SEND_OPTIONS, strict: true });
  if (values.help) return null;
  const jid = checkBareJid(requireString(values.jid, '--jid'), '--jid');
  // Bare JIDs only, as the gateway takes them: a push is for the user, on every device.
  const recipients = (values.to ?? []).map((to) => checkBareJid(to.trim(), '--to'));
  if (!recipients.length) throw new UsageError('at least one --to is required');
  const timeoutSeconds = Number(values.timeout);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) {
    throw new UsageError(
      `--timeout must be a positive number of seconds (got "${values.timeout}")`,
    );
  }
  const revision = readRevision(values);
  const retract = revision.state === 'retracted';
  const body = values.body ?? (retract ? RETRACTED_BODY : await readStdin());
  const validation = validatePushDraft({
    title: values.title ?? (retract ? RETRACTED_TITLE : undefined),
    body: body?.replace(/\n$/, ''),
    kind: values.kind,
    priority: values.priority,
    url: values.url,
    due: values.due,
    category: values.category,
    id: values.id,
    expires: values.expires,
    ackRequired: values['ack-required'],
    actions: values.action?.map(readAction),
  });
  if (!validation.ok) throw new UsageError(optionProblem(validation.field, validation.message));
  return {
    options: values,
    jid,
    recipients,
    timeoutMs: timeoutSeconds * 1000,
    draft: { ...validation.draft, ...revision },
  };
}

/** A draft field's problem in the words of the option that set it. */
function optionProblem(field: string, message: string): string {
  const action = /^actions(?:\[(\d+)\](?:\[(\w+)\])?)?$/.exec(field);
  if (!action) return `--${field === 'ackRequired' ? 'ack-required' : field}: ${message}`;
  const [, index, part] = action;
  const which = index === undefined ? '' : ` ${Number(index) + 1}`;
  return `--action${which}: ${part === undefined ? '' : `${part} `}${message}`;
}

type SendValues = ReturnType<typeof parseArgs<{ options: typeof SEND_OPTIONS }>>['values'];

/** --rev with --complete / --retract: which revision this send is. */
function readRevision(values: SendValues): Pick<PushDraft, 'rev' | 'state'> {
  if (values.complete && values.retract)
    throw new UsageError('--complete and --retract cannot be used together');
  const state = values.complete ? 'done' : values.retract ? 'retracted' : 'open';
  if (values.rev === undefined) {
    if (state !== 'open')
      throw new UsageError(`--${values.complete ? 'complete' : 'retract'} needs --id and --rev`);
    return {};
  }
  if (!/^[1-9]\d{0,14}$/.test(values.rev))
    throw new UsageError(`--rev must be a whole number from 1 (got "${values.rev}")`);
  if (values.id === undefined) throw new UsageError('--rev needs the --id of the push it revises');
  return { rev: Number(values.rev), state };
}

/** `ID=LABEL`, or `ID=LABEL=primary` / `=destructive`: the draft schema checks each part. */
function readAction(spec: string): Record<string, string> {
  const split = spec.indexOf('=');
  if (split < 0) return { id: spec, label: '' };
  const rest = spec.slice(split + 1);
  const styled = /^(.*)=(primary|destructive)$/s.exec(rest);
  const action: Record<string, string> = { id: spec.slice(0, split), label: styled?.[1] ?? rest };
  if (styled?.[2]) action.style = styled[2];
  return action;
}

export async function runSend(argv: string[]): Promise<number> {
  const command = await parseSendArguments(argv);
  if (!command) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const { jid, draft } = command;
  const session = new XmppSession({ jid, ...(await readLoginOptions(command.options, jid)) });
  const messages = command.recipients.map((to) => serializePush(draft, to));
  const outcome = await sendAcknowledged(session, messages, command.timeoutMs);
  await session.stop();
  if (outcome.ok) {
    process.stdout.write(`${draft.id}\n`);
    return 0;
  }
  process.stderr.write(`herald: push not sent: ${outcome.reason}\n`);
  return 1;
}

function readBodyFromStdin(): Promise<string | undefined> {
  return process.stdin.isTTY ? Promise.resolve(undefined) : text(process.stdin);
}
