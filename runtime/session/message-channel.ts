/**
 * An async iterator over pushed values: the session pushes each delivered application message, the consumer
 * pulls with `for await`. Values pushed while the consumer is busy wait in an unbounded buffer, so nothing is
 * dropped; a consumer that stops pulling must call `return()` (a `for await` loop does on break).
 */
export interface MessageChannel<T> {
  readonly iterator: AsyncIterableIterator<T>;
  push(value: T): void;
}

export function createMessageChannel<T>(onClose: () => void): MessageChannel<T> {
  const buffer: T[] = [];
  let waiting: ((result: IteratorResult<T>) => void) | undefined;
  let done = false;
  const iterator: AsyncIterableIterator<T> = {
    next: () => {
      if (buffer.length > 0) return Promise.resolve({ value: buffer.shift() as T, done: false });
      if (done) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve) => {
        waiting = resolve;
      });
    },
    return: () => {
      done = true;
      buffer.length = 0;
      onClose();
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
