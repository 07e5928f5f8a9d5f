/**
 * What each invoke channel accepts, checked before any handler runs: the renderer is a web
 * page and its arguments are untrusted. A bad call is refused with an error naming the
 * channel and the argument, and nothing changes. Field-level settings problems are not
 * errors but a `{ ok: false, errors }` answer (see settings-schema.ts).
 */
import { z } from 'zod';
import { IpcChannel, type InvokeChannel, type IpcInvokeContract } from '../../core/desktop-api.ts';
import { PUSH_KINDS } from '../../core/push.ts';

/** Longest push id the codec produces is 200 characters; leave room, refuse abuse. */
export const MAX_ID_LENGTH = 256;
export const MAX_ACTION_ID_LENGTH = 64;
/** Serialized size limit for one call's arguments (settings with 50 system JIDs fit easily). */
export const MAX_PAYLOAD_BYTES = 64 * 1024;

/**
 * Its name is the code a window words (shared/i18n/call-failure.ts): Electron hands the page
 * only `name: message`. The message is technical English for the log and a bug report.
 */
export class InvalidArgumentsError extends Error {
  override name = 'InvalidArgumentsError';
}

const id = z
  .string({ error: 'the item id must be a string' })
  .min(1, { error: 'the item id is empty' })
  .max(MAX_ID_LENGTH, { error: `the item id is longer than ${MAX_ID_LENGTH} characters` });
/** An action id as the codec accepts it (docs/wire-format.md): at most 64 characters. */
const actionId = z
  .string({ error: 'the action id must be a string' })
  .min(1, { error: 'the action id is empty' })
  .max(MAX_ACTION_ID_LENGTH, {
    error: `the action id is longer than ${MAX_ACTION_ID_LENGTH} characters`,
  });
const flag = (name: string) => z.boolean({ error: `${name} must be true or false` });
const object = (name: string) =>
  z.custom<Record<string, unknown>>(
    (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
    { error: `${name} must be an object` },
  );

const schemas: Record<InvokeChannel, z.ZodType<unknown[]>> = {
  [IpcChannel.getInbox]: z.tuple([]),
  [IpcChannel.setRead]: z.tuple([id, flag('read')]),
  [IpcChannel.setDone]: z.tuple([id, flag('done')]),
  [IpcChannel.deleteItem]: z.tuple([id]),
  [IpcChannel.acknowledge]: z.tuple([id]),
  [IpcChannel.chooseAction]: z.tuple([id, actionId]),
  [IpcChannel.markAllRead]: z.tuple([
    z.enum(PUSH_KINDS, { error: `the kind must be one of ${PUSH_KINDS.join(', ')}` }).optional(),
  ]),
  [IpcChannel.openLink]: z.tuple([id]),
  [IpcChannel.getConnection]: z.tuple([]),
  [IpcChannel.reconnect]: z.tuple([]),
  [IpcChannel.getSettings]: z.tuple([]),
  [IpcChannel.saveSettings]: z.tuple([object('the settings update')]),
  [IpcChannel.testConnection]: z.tuple([
    z.object(
      {
        account: object('the account'),
        password: z.string({ error: 'the password must be a string' }).max(1024).optional(),
      },
      { error: 'the connection test request must be an object' },
    ),
  ]),
  [IpcChannel.setDnd]: z.tuple([
    z.enum(['1h', 'tomorrow', 'off'], {
      error: 'do-not-disturb must be "1h", "tomorrow" or "off"',
    }),
  ]),
  [IpcChannel.chooseCaFile]: z.tuple([]),
  [IpcChannel.openLogFolder]: z.tuple([]),
  [IpcChannel.openSettings]: z.tuple([]),
};

/**
 * Returns the arguments when they fit the channel; throws InvalidArgumentsError otherwise.
 * Field contents of a settings update or a connection test are checked by their handlers.
 */
export function checkArguments<C extends InvokeChannel>(
  channel: C,
  args: readonly unknown[],
): IpcInvokeContract[C]['args'] {
  const schema = schemas[channel];
  if (!schema) throw new InvalidArgumentsError(`unknown channel "${String(channel)}"`);
  let size: number;
  try {
    size = Buffer.byteLength(JSON.stringify(args) ?? '');
  } catch {
    throw new InvalidArgumentsError(`${channel}: arguments must be plain data`);
  }
  if (size > MAX_PAYLOAD_BYTES) {
    throw new InvalidArgumentsError(
      `${channel}: arguments are ${size} bytes, more than the ${MAX_PAYLOAD_BYTES} allowed`,
    );
  }
  const result = schema.safeParse([...args]);
  if (result.success) return result.data as IpcInvokeContract[C]['args'];
  const issue = result.error.issues[0];
  const where = issue && issue.path.length ? `argument ${Number(issue.path[0]) + 1}: ` : '';
  const message =
    issue?.code === 'too_big' && issue.path.length === 0
      ? `expected at most ${String(issue.maximum)} argument(s), got ${args.length}`
      : issue?.code === 'too_small' && issue.path.length === 0
        ? `expected ${String(issue.minimum)} argument(s), got ${args.length}`
        : (issue?.message ?? 'invalid');
  throw new InvalidArgumentsError(`${channel}: ${where}${message}`);
}

/** The same id check for callers outside IPC (a notification click naming an item). */
export function checkItemId(value: unknown, where: string): string {
  const result = id.safeParse(value);
  if (!result.success) {
    throw new InvalidArgumentsError(`${where}: ${result.error.issues[0]?.message ?? 'invalid id'}`);
  }
  return result.data;
}
