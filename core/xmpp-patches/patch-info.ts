/** What a module of this folder declares about itself, for the version guard and the docs. */
export interface PatchInfo {
  /** The exported function that applies it. */
  readonly name: string;
  /** Correctness: a user-visible failure without it. Speed: a benchmark budget without it. */
  readonly kind: 'correctness' | 'speed';
  /** The packages whose internals it relies on, with the version it was written for. */
  readonly writtenFor: Readonly<Record<string, string>>;
  /** xmppjs/xmpp.js#NNNN, or the section of docs/upstream.md that describes the bug. */
  readonly upstream: string;
}
