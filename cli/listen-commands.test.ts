import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Inbox } from '../core/inbox.ts';
import { openSqliteInboxStorage } from '../core/sqlite-inbox-storage.ts';
import { makePush } from '../test/support/pushes.ts';
import { parseCommand, runCommand, type ListenCommand } from './listen-commands.ts';

describe('parseCommand', () => {
  test('reads the words a person types, the short ones too, in any case', () => {
    expect(parseCommand('done erp-4411')).toEqual({
      ok: true,
      command: { type: 'done', pushId: 'erp-4411', action: null },
    });
    expect(parseCommand('  ACK   erp-4411 ')).toMatchObject({
      command: { type: 'acknowledged', pushId: 'erp-4411' },
    });
    expect(parseCommand('delete erp-4411')).toMatchObject({ command: { type: 'deleted' } });
    expect(parseCommand('action po-5521 approve')).toEqual({
      ok: true,
      command: { type: 'action', pushId: 'po-5521', action: 'approve' },
    });
  });

  test('reads JSON in the shape of a user-event line', () => {
    expect(parseCommand('{"event":"action","pushId":"po-5521","action":"approve"}')).toEqual({
      ok: true,
      command: { type: 'action', pushId: 'po-5521', action: 'approve' },
    });
    expect(parseCommand('{"event":"read","pushId":"po-5521","action":"ignored"}')).toEqual({
      ok: true,
      command: { type: 'read', pushId: 'po-5521', action: null },
    });
  });

  test('a blank line is nothing; anything else wrong says what was expected', () => {
    expect(parseCommand('   ')).toBeNull();
    const reasons = [
      'launch erp-4411',
      'constructor erp-4411',
      'done',
      'done erp-4411 twice',
      'action po-5521',
      'action po-5521 approve now',
      '{"event":"done"',
      '["done"]',
      '{"event":"launch","pushId":"a"}',
      '{"event":"done","pushId":""}',
      '{"event":"action","pushId":"a"}',
    ].map((line) => {
      const parsed = parseCommand(line);
      return parsed && !parsed.ok ? parsed.reason : `parsed: ${line}`;
    });
    expect(reasons).toEqual([
      expect.stringMatching(/^unknown command "launch"; expected "read\|unread\|done/),
      expect.stringMatching(/^unknown command "constructor"/),
      expect.stringMatching(/^"done" needs a push id/),
      expect.stringMatching(/^"done" takes one push id/),
      'expected "action ID ACTION" (the button\'s id)',
      'expected "action ID ACTION" (the button\'s id)',
      'not valid JSON',
      'expected a JSON object',
      expect.stringMatching(/^"event" must be one of read, unread, done/),
      '"pushId" must be a non-empty string',
      '"action" must be the id of one of the push\'s buttons',
    ]);
  });
});

describe('runCommand', () => {
  let dir: string;
  let inbox: Inbox;
  // The engine's choose is the inbox's recordChoice plus sending; the sending is not tested here.
  const engine = {
    choose: (...args: Parameters<Inbox['recordChoice']>) => inbox.recordChoice(...args),
  };
  const run = (command: ListenCommand) => runCommand(command, inbox, engine);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'herald-listen-commands-'));
    inbox = new Inbox({ storage: openSqliteInboxStorage(join(dir, 'inbox.sqlite')).storage });
    inbox.receive(
      makePush({
        id: 'po-5521',
        kind: 'todo',
        ackRequired: true,
        actions: [{ id: 'approve', label: 'Approve', style: 'primary', confirm: null }],
      }),
    );
    inbox.receive(makePush({ id: 'news-1' }));
  });
  afterEach(() => {
    inbox.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('records the choice in the inbox and returns its event', () => {
    const outcome = run({ type: 'action', pushId: 'po-5521', action: 'approve' });
    expect(outcome).toMatchObject({ ok: true, event: { type: 'action', action: 'approve' } });
    expect(inbox.get('po-5521')?.chosenAction?.id).toBe('approve');
    expect(inbox.pendingEvents()).toHaveLength(1);
  });

  test('says why when nothing changes, and records nothing', () => {
    run({ type: 'acknowledged', pushId: 'po-5521', action: null });
    run({ type: 'action', pushId: 'po-5521', action: 'approve' });
    run({ type: 'done', pushId: 'news-1', action: null });
    const reasons = (
      [
        { type: 'done', pushId: 'nothing-here', action: null },
        { type: 'action', pushId: 'po-5521', action: 'reject' },
        { type: 'action', pushId: 'news-1', action: 'approve' },
        { type: 'action', pushId: 'po-5521', action: 'approve' },
        { type: 'acknowledged', pushId: 'po-5521', action: null },
        { type: 'done', pushId: 'news-1', action: null },
      ] satisfies ListenCommand[]
    ).map((command) => {
      const outcome = run(command);
      return outcome.ok ? 'recorded' : outcome.reason;
    });
    expect(reasons).toEqual([
      'no push "nothing-here" in the inbox',
      '"reject" is not one of its actions (approve)',
      'this push has no actions',
      'an action was already chosen (approve)',
      'it is already acknowledged',
      'it is already done',
    ]);
    expect(inbox.pendingEvents()).toHaveLength(3);
  });
});
