/**
 * An async iterator over pushed values: the session pushes each delivered application message, the consumer
 * pulls with `for await`. Values pushed while the consumer is busy wait in the buffer (nothing is dropped); the
 * session watches `size` to stop reading from the socket when a consumer falls behind, and `onPull` tells it when
 * the consumer caught up. A consumer that stops pulling must call `return()` (a `for await` loop does on break).
 */
export interface MessageChannel<T> {
  readonly iterator: AsyncIterableIterator<T>;
  /** Values waiting to be pulled. */
  readonly size: number;
  push(value: T): void;
}

export interface MessageChannelHooks {
  /** The iterator was returned: the channel is finished. */
  readonly onClose: () => void;
  /** A buffered value was pulled. */
  readonly onPull?: () => void;
}

export function createMessageChannel<T>(hooks: MessageChannelHooks): MessageChannel<T> {
  // A queue as array + head index: shift() would copy the whole buffer on every pull.
  let buffer: T[] = [];
  let head = 0;
  let waiting: ((result: IteratorResult<T>) => void) | undefined;
  let done = false;
  const take = (): T => {
    const value = buffer[head] as T;
    buffer[head++] = undefined as T;
    if (head === buffer.length) {
      buffer = [];
      head = 0;
    } else if (head >= 1024 && head * 2 >= buffer.length) {
      buffer = buffer.slice(head);
      head = 0;
    }
    hooks.onPull?.();
    return value;
  };
  const iterator: AsyncIterableIterator<T> = {
    next: () => {
      if (head < buffer.length) return Promise.resolve({ value: take(), done: false });
      if (done) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve) => {
        waiting = resolve;
      });
    },
    return: () => {
      done = true;
      buffer = [];
      head = 0;
      hooks.onClose();
      waiting?.({ value: undefined, done: true });
      waiting = undefined;
      return Promise.resolve({ value: undefined, done: true });
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
  return {
    iterator,
    get size() {
      return buffer.length - head;
    },
    push(value) {
      if (done) return;
      if (waiting) {
        const resolve = waiting;
        waiting = undefined;
        resolve({ value, done: false });
      } else buffer.push(value);
    },
  };
}
