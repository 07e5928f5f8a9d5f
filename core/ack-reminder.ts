/**
 * Re-alerts for pushes whose sender asked for an acknowledgement (`ack="required"`): every
 * interval until the user acknowledges it, or the sender completes, withdraws or expires it.
 * Fed item by item (a 10,000-push drain must not rescan the inbox per push).
 */
import type { InboxItem } from './inbox-storage.ts';
import type { Clock, TimerHandle } from './clock.ts';

export interface AckReminderOptions {
  clock: Clock;
  /** Read at each reminder, so a changed setting applies from the next one. */
  intervalMs(): number;
  /** Alert again about these items, each unacknowledged for another interval. */
  onRemind(items: readonly InboxItem[]): void;
  /** The ids waiting for an acknowledgement changed (the tray shows an attention state). */
  onAttention(pushIds: readonly string[]): void;
}

export function awaitsAcknowledgement(item: InboxItem | undefined): item is InboxItem {
  return (
    item !== undefined && item.ackRequired && item.acknowledgedAt === null && item.state === 'open'
  );
}

export class AckReminder {
  readonly #options: AckReminderOptions;
  /** Waiting items and when each is reminded next (epoch ms). */
  readonly #waiting = new Map<string, { item: InboxItem; nextAt: number }>();
  #timer: TimerHandle | undefined;

  constructor(options: AckReminderOptions) {
    this.#options = options;
  }

  get waiting(): string[] {
    return [...this.#waiting.keys()];
  }

  /**
   * The item as it is now (or `undefined` once it left the inbox): starts, keeps or stops
   * its reminders. `id` names it when it is gone.
   */
  track(id: string, item: InboxItem | undefined): void {
    const known = this.#waiting.get(id);
    if (!awaitsAcknowledgement(item)) {
      if (!known) return;
      this.#waiting.delete(id);
    } else if (known) {
      known.item = item;
      return;
    } else {
      const nextAt = this.#options.clock.now() + this.#options.intervalMs();
      this.#waiting.set(id, { item, nextAt });
    }
    this.#options.onAttention(this.waiting);
    this.#schedule();
  }

  dispose(): void {
    this.#options.clock.clearTimeout(this.#timer);
    this.#waiting.clear();
  }

  #schedule(): void {
    const { clock } = this.#options;
    clock.clearTimeout(this.#timer);
    let next = Infinity;
    for (const { nextAt } of this.#waiting.values()) next = Math.min(next, nextAt);
    if (next === Infinity) return;
    this.#timer = clock.setTimeout(() => this.#remind(), Math.max(0, next - clock.now()));
  }

  #remind(): void {
    const now = this.#options.clock.now();
    const due: InboxItem[] = [];
    for (const entry of this.#waiting.values()) {
      if (entry.nextAt > now) continue;
      due.push(entry.item);
      entry.nextAt = now + this.#options.intervalMs();
    }
    if (due.length) this.#options.onRemind(due);
    this.#schedule();
  }
}
