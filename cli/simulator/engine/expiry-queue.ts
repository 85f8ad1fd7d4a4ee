/**
 * Orders by due time (a binary min-heap): GTD expiries and EffectiveTime activations. Entries stay when an order
 * closes early; the engine skips closed orders when they come due, which keeps cancels O(1).
 */
interface Entry<T> {
  readonly time: number;
  readonly item: T;
}

export class ExpiryQueue<T> {
  readonly #heap: Entry<T>[] = [];

  add(item: T, time: number): void {
    const heap = this.#heap;
    heap.push({ time, item });
    let child = heap.length - 1;
    while (child > 0) {
      const parent = (child - 1) >> 1;
      if ((heap[parent] as Entry<T>).time <= time) break;
      [heap[parent], heap[child]] = [heap[child] as Entry<T>, heap[parent] as Entry<T>];
      child = parent;
    }
  }

  /** Removes and returns every item whose time is at or before `now`, earliest first. */
  takeDue(now: number): T[] {
    const due: T[] = [];
    while (this.#heap.length > 0 && (this.#heap[0] as Entry<T>).time <= now) {
      due.push(this.#pop().item);
    }
    return due;
  }

  #pop(): Entry<T> {
    const heap = this.#heap;
    const top = heap[0] as Entry<T>;
    const last = heap.pop() as Entry<T>;
    if (heap.length > 0) {
      heap[0] = last;
      let parent = 0;
      for (;;) {
        const left = 2 * parent + 1;
        const right = left + 1;
        let smallest = parent;
        if (left < heap.length && (heap[left] as Entry<T>).time < (heap[smallest] as Entry<T>).time) smallest = left;
        if (right < heap.length && (heap[right] as Entry<T>).time < (heap[smallest] as Entry<T>).time) smallest = right;
        if (smallest === parent) break;
        [heap[parent], heap[smallest]] = [heap[smallest] as Entry<T>, heap[parent] as Entry<T>];
        parent = smallest;
      }
    }
    return top;
  }
}
