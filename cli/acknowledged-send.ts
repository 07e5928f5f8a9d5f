/** One connection attempt, a batch of stanzas, and the server's word that it has them. */
import { xml } from '@xmpp/client';
import type { Element } from '@xmpp/xml';
import type { XmppSession, SessionStatus } from '../core/xmpp-session.ts';
import { streamManagementOf, whenAcknowledged } from '../core/xmpp-patches/internals.ts';
import { describeStatus } from './status-text.ts';

export type SendOutcome = { ok: true } | { ok: false; reason: string };

/**
 * Connects, sends `messages` and resolves once the server acknowledged all of them:
 * XEP-0198 acks when stream management is on, else an IQ answered after them (a server
 * handles one stream's stanzas in order). The first failed attempt ends it: a one-shot
 * sender should say what went wrong, not retry forever.
 */
export function sendAcknowledged(
  session: XmppSession,
  messages: Element[],
  timeoutMs: number,
): Promise<SendOutcome> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome: SendOutcome) => {
      if (settled) return;
      settled = true;
      session.clock.clearTimeout(timer);
      session.off('status', onStatus);
      resolve(outcome);
    };
    const timer = session.clock.setTimeout(
      () => finish({ ok: false, reason: `no acknowledgement within ${timeoutMs / 1000} s` }),
      timeoutMs,
    );
    const onStatus = (status: SessionStatus) => {
      if (status.state === 'online') {
        sendAll(session, messages).then(
          () => finish({ ok: true }),
          (error: Error) => finish({ ok: false, reason: error.message }),
        );
      } else if (
        status.state === 'reconnecting' ||
        status.state === 'auth-failed' ||
        status.state === 'error'
      ) {
        finish({ ok: false, reason: failureReason(status) });
      }
    };
    session.on('status', onStatus);
    session.start();
  });
}

function failureReason(status: SessionStatus): string {
  if (status.state === 'reconnecting') return status.reason ?? 'connection lost';
  return describeStatus(status);
}

/**
 * Sends `messages` on an online session and resolves once the server has them all:
 * XEP-0198 acks when stream management is on, else an IQ answered after them (a server
 * handles one stream's stanzas in order). Rejects when the connection drops first or the
 * answer takes longer than `timeoutMs`.
 */
export async function sendAllAcknowledged(
  session: XmppSession,
  messages: Element[],
  timeoutMs: number,
): Promise<void> {
  let cleanup = (): void => undefined;
  const failed = new Promise<never>((_, reject) => {
    const onDisconnect = () => reject(new Error('connection lost before the server acknowledged'));
    const timer = session.clock.setTimeout(
      () => reject(new Error(`no acknowledgement within ${timeoutMs / 1000} s`)),
      timeoutMs,
    );
    session.xmpp.once('disconnect', onDisconnect);
    cleanup = () => {
      session.clock.clearTimeout(timer);
      session.xmpp.off('disconnect', onDisconnect);
    };
  });
  failed.catch(() => undefined);
  try {
    await Promise.race([sendAll(session, messages), failed]);
  } finally {
    cleanup();
  }
}

async function sendAll(session: XmppSession, messages: Element[]): Promise<void> {
  const sm = streamManagementOf(session.xmpp);
  if (!sm.enabled) {
    for (const message of messages) await session.send(message);
    await session.request(xml('iq', { type: 'get' }, xml('ping', 'urn:xmpp:ping')));
    return;
  }
  const acked = whenAcknowledged(session.xmpp, messages);
  acked.catch(() => undefined); // a failure arrives through the race in sendAllAcknowledged
  for (const message of messages) await session.send(message);
  await acked;
}
