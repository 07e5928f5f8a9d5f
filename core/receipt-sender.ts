/**
 * XEP-0184 delivery receipts, sent no faster than the server handles them.
 *
 * A receipt the server has not acknowledged (XEP-0198) stays in stream management's resend
 * queue as an element tree. Answering a 10,000-push backlog, the client sent receipts much
 * faster than a busy Prosody read them: 9,800 were queued at the drain's last push. Each
 * outlived several young-generation garbage collections and was copied, then promoted;
 * that cost the drain a third of its CPU, more than building and sending the receipts.
 * So at most `window` receipts are out unacknowledged; the rest wait here as two strings.
 * The server handles them in order either way, so the sender hears no later.
 *
 * A receipt the library gives up (the stream was lost, not resumed) is sent again on the
 * next session; the library alone would have dropped it.
 */
import { xml } from '@xmpp/client';
import type { Element } from '@xmpp/xml';
import { requestAcksDuringRuns } from './xmpp-patches/ack-requests-during-runs.ts';
import { streamManagementOf } from './xmpp-patches/internals.ts';
import type { XmppSession } from './xmpp-session.ts';

const RECEIPTS_NS = 'urn:xmpp:receipts';
/**
 * Stanzas sent between two ack requests while sending does not pause, so confirmations
 * flow during a run of receipts: the server's answers cost 1 % more elements.
 */
const ACK_REQUEST_EVERY = 100;

interface Receipt {
  /** The push's sender (a full JID). */
  to: string;
  /** The push's stanza id. */
  id: string;
}

export class ReceiptSender {
  readonly #session: XmppSession;
  readonly #window: number;
  readonly #waiting: Receipt[] = [];
  /** Receipts sent that stream management has not confirmed yet, by their element. */
  readonly #unacknowledged = new Map<Element, Receipt>();

  constructor(session: XmppSession, window = 256) {
    this.#session = session;
    this.#window = window;
    requestAcksDuringRuns(session.xmpp, Math.min(ACK_REQUEST_EVERY, Math.ceil(window / 2)));
    const sm = streamManagementOf(session.xmpp);
    sm.on('ack', (stanza) => {
      if (this.#unacknowledged.delete(stanza)) this.#pump();
    });
    // Given up with the stream: the server may not have it.
    sm.on('fail', (stanza) => {
      const receipt = this.#unacknowledged.get(stanza);
      if (!receipt) return;
      this.#unacknowledged.delete(stanza);
      this.#waiting.push(receipt);
    });
    // Resumed, the library sends its queue again as new elements, acknowledged as those.
    session.on('online', () => {
      this.#unacknowledged.clear();
      this.#pump();
    });
  }

  /** Receipts not yet sent, or sent and not yet confirmed by the server. */
  get pending(): number {
    return this.#waiting.length + this.#unacknowledged.size;
  }

  send(to: string, id: string): void {
    this.#waiting.push({ to, id });
    this.#pump();
  }

  #pump(): void {
    const { xmpp } = this.#session;
    // The stream is open (the library's status: bound, stream management settling or done).
    if (xmpp.status !== 'online' || !this.#waiting.length) return;
    // Without stream management nothing is ever confirmed: send everything.
    const managed = streamManagementOf(xmpp).enabled;
    const room = managed ? this.#window - this.#unacknowledged.size : this.#waiting.length;
    if (room <= 0) return;
    // From the front in place: with the window full, each ack lets one receipt out, and
    // copying the rest of the queue every time would cost as much as the queue is long.
    for (const receipt of this.#waiting.splice(0, room)) {
      const element = xml(
        'message',
        { to: receipt.to, id: `rcpt-${receipt.id}` },
        xml('received', { xmlns: RECEIPTS_NS, id: receipt.id }),
        // XEP-0334: Prosody archives receipts; without the hint every push left two
        // entries in the user's archive, and every catch-up paged through both.
        xml('no-permanent-store', { xmlns: 'urn:xmpp:hints' }),
      );
      if (managed) this.#unacknowledged.set(element, receipt);
      this.#session.send(element).catch(() => {
        // Not written (the connection went away), so stream management never had it.
        this.#unacknowledged.delete(element);
        this.#waiting.push(receipt);
      });
    }
  }
}
