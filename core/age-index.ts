/**
 * The inbox's items ordered by age (when received, then in arrival order), so retention
 * finds the oldest in O(log n) instead of scanning and sorting every item at every write,
 * which cost a full 10,000-item inbox 14 µs per push (bench/, docs/performance.md).
 * A binary min-heap; entries of items removed meanwhile stay until they surface (lazy
 * deletion) and the caller's `isLive` tells them apart.
 */
interface Entry {
  id: string;
  at: number;
  /** Arrival order: equal times keep it, as a stable sort would. */
  seq: number;
}

export class AgeIndex {
  #heap: Entry[] = [];
  #seq = 0;

  get size(): number {
    return this.#heap.length;
  }

  add(id: string, at: number): void {
    this.#heap.push({ id, at, seq: this.#seq++ });
    this.#siftUp(this.#heap.length - 1);
  }

  /** The oldest live entry, dropping dead ones on the way; undefined when none is left. */
  oldest(isLive: (id: string, at: number) => boolean): { id: string; at: number } | undefined {
    for (let top = this.#heap[0]; top; top = this.#heap[0]) {
      if (isLive(top.id, top.at)) return top;
      this.#removeTop();
    }
    return undefined;
  }

  /** Removes the entry `oldest` returned. */
  removeOldest(): void {
    this.#removeTop();
  }

  /** Starts over from the live items (in arrival order), shedding dead entries. */
  rebuild(items: Iterable<{ id: string; receivedAt: number }>): void {
    this.#heap = [];
    this.#seq = 0;
    for (const item of items)
      this.#heap.push({ id: item.id, at: item.receivedAt, seq: this.#seq++ });
    for (let index = (this.#heap.length >> 1) - 1; index >= 0; index--) this.#siftDown(index);
  }

  #removeTop(): void {
    const last = this.#heap.pop();
    if (last && this.#heap.length) {
      this.#heap[0] = last;
      this.#siftDown(0);
    }
  }

  #siftUp(index: number): void {
    const heap = this.#heap;
    for (let child = index; child > 0;) {
      const parent = (child - 1) >> 1;
      const [up, down] = [heap[child] as Entry, heap[parent] as Entry];
      if (!before(up, down)) return;
      heap[parent] = up;
      heap[child] = down;
      child = parent;
    }
  }

  #siftDown(index: number): void {
    const heap = this.#heap;
    for (let parent = index; ;) {
      let first = parent;
      for (const child of [2 * parent + 1, 2 * parent + 2]) {
        if (child < heap.length && before(heap[child] as Entry, heap[first] as Entry))
          first = child;
      }
      if (first === parent) return;
      [heap[parent], heap[first]] = [heap[first] as Entry, heap[parent] as Entry];
      parent = first;
    }
  }
}

function before(a: Entry, b: Entry): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}
