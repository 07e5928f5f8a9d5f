/**
 * Herald's patches on @xmpp/client 0.14.0, and the one place that applies them to a client.
 *
 * Each module of this folder opens with what breaks without it, its upstream issue (or the
 * section of docs/upstream.md that describes the bug) and the library version it was
 * written for; version-guard.test.ts fails when the installed packages differ, and lists
 * the patches to re-check. internals.ts holds typed accessors to the library's internals,
 * which change nothing. Correctness patches fix a failure a user would see; speed patches
 * only meet a benchmark budget (docs/upstream.md lists which is which).
 *
 * Applied per use, not here: trackStreamManagement (its caller awaits it at `online`),
 * abandonIqRequest / stopClient (used instead of the library's calls), and
 * requestAcksDuringRuns (ReceiptSender's and the gateway's PushRelay's connections).
 */
import type { Client } from '@xmpp/client';
import { ackRequestsDuringRunsPatch } from './ack-requests-during-runs.ts';
import { acksToQueuedStanzasPatch, holdAcksToQueuedStanzas } from './acks-to-queued-stanzas.ts';
import { fastJidLocalPartsPatch, useFastJidLocalParts } from './fast-jid-local-parts.ts';
import { catchEarlyIqErrors, iqRequestsPatch } from './iq-requests.ts';
import { keepLateSocketErrorsHandled, lateSocketErrorsPatch } from './late-socket-errors.ts';
import { nativeScramPatch, useNativeScram } from './native-scram.ts';
import { disableNagle, noDelayPatch } from './no-delay.ts';
import { acknowledgeReadsAtOnce, quickAckAnswersPatch } from './quick-ack-answers.ts';
import type { PatchInfo } from './patch-info.ts';
import { encodeSaslAsUtf8, saslUtf8Patch } from './sasl-utf8.ts';
import { stopClientPatch } from './stop-client.ts';
import { streamManagementSettledPatch } from './stream-management-settled.ts';
import { awaitStreamOpenBeforeWriting, streamOpenRacePatch } from './stream-open-race.ts';
import { streamParserPatch, useHeraldStreamParser } from './stream-parser.ts';
import { decodeUtf8AcrossReads, utf8AcrossReadsPatch } from './utf8-across-reads.ts';

/** Every patch and workaround of this folder, for the version guard and docs/upstream.md. */
export const XMPP_PATCHES: readonly PatchInfo[] = [
  lateSocketErrorsPatch,
  utf8AcrossReadsPatch,
  streamParserPatch,
  saslUtf8Patch,
  acksToQueuedStanzasPatch,
  streamManagementSettledPatch,
  iqRequestsPatch,
  stopClientPatch,
  streamOpenRacePatch,
  nativeScramPatch,
  fastJidLocalPartsPatch,
  noDelayPatch,
  quickAckAnswersPatch,
  ackRequestsDuringRunsPatch,
];

/**
 * Applies Herald's patches to a client just created (before it connects). Also applies the
 * one process-wide patch, useFastJidLocalParts, the first time it runs: JID.prototype
 * changes once for every JID in the process.
 *
 * Order. Most of these touch different members and commute; where two touch the same one:
 * - useNativeScram, then encodeSaslAsUtf8: the UTF-8 encoding wraps every mechanism
 *   registered when it runs, so it comes after anything that replaces one. (The other way
 *   round happens to work today, as NativeScram subclasses whatever class is registered.)
 * - decodeUtf8AcrossReads and keepLateSocketErrorsHandled both wrap `_attachSocket`; each
 *   calls the one before it, so every socket gets a fresh decoder and an error listener
 *   either way.
 * - holdAcksToQueuedStanzas prepends its 'element' listener, so it runs before the
 *   library's stream-management one whenever it is applied.
 *
 * A speed patch can be switched off for a measurement by commenting out its line; the
 * correctness ones must stay.
 */
export function applyXmppPatches(xmpp: Client): void {
  disableNagle(xmpp); // speed
  acknowledgeReadsAtOnce(xmpp); // speed
  decodeUtf8AcrossReads(xmpp); // correctness
  useHeraldStreamParser(xmpp); // correctness
  useNativeScram(xmpp); // speed; before encodeSaslAsUtf8
  encodeSaslAsUtf8(xmpp); // correctness; after every patch that replaces a SASL mechanism
  useFastJidLocalParts(); // speed; process-wide, applied once
  keepLateSocketErrorsHandled(xmpp); // correctness
  holdAcksToQueuedStanzas(xmpp); // correctness
  catchEarlyIqErrors(xmpp); // correctness
  awaitStreamOpenBeforeWriting(xmpp); // correctness
}
