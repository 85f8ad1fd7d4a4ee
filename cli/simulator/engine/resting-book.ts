/**
 * The resting orders of one symbol in price-time priority. Each side is a best-first array of price levels
 * (binary search, shared with the client book); each level is a FIFO of orders kept as an intrusive doubly linked
 * list, so appending, cancelling and moving an order to the back are O(1).
 *
 * Every change to a level's visible size is recorded so the engine can publish net L2 deltas once per call.
 */
import { SortedLevels } from "../../../runtime/marketdata/sorted-levels.js";
import { Side } from "./types.js";

/** What the book needs from an order; the engine's Order implements it. */
export interface QueuedOrder {
  readonly side: Side;
  /** Price units; must not change while the order rests. */
  readonly restingPrice: bigint;
  /** The part shown in the book (the whole rest of the order unless it is an iceberg). */
  visible: bigint;
  level: PriceLevel<this> | undefined;
  previous: this | undefined;
  next: this | undefined;
}

export interface PriceLevel<O> {
  readonly key: bigint;
  head: O | undefined;
  tail: O | undefined;
  /** Sum of the visible quantities of its orders. */
  size: bigint;
}

/** A level's visible size at the start of the current call and now (0 = no level). */
export interface LevelSizeChange {
  readonly side: Side;
  readonly price: bigint;
  readonly before: bigint;
  readonly after: bigint;
}

export class RestingBook<O extends QueuedOrder> {
  readonly #bids = new SortedLevels<bigint, PriceLevel<O>>((a, b) => (a > b ? -1 : a < b ? 1 : 0));
  readonly #asks = new SortedLevels<bigint, PriceLevel<O>>((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  readonly #sizesBefore = new Map<string, { side: Side; price: bigint; before: bigint }>();

  /** The best level of `side`, or undefined when that side is empty. */
  best(side: Side): PriceLevel<O> | undefined {
    return this.#side(side).at(0);
  }

  /** Levels of `side`, best first. */
  *levels(side: Side): Generator<PriceLevel<O>> {
    const levels = this.#side(side);
    for (let index = 0; index < levels.length; index++) yield levels.at(index) as PriceLevel<O>;
  }

  /** Adds the order at the back of its price level. */
  append(order: O): void {
    const levels = this.#side(order.side);
    const index = levels.search(order.restingPrice);
    let level = index >= 0 ? levels.at(index) : undefined;
    if (!level) {
      level = { key: order.restingPrice, head: undefined, tail: undefined, size: 0n };
      levels.upsert(level);
    }
    this.#record(order.side, level);
    order.level = level;
    order.previous = level.tail;
    order.next = undefined;
    if (level.tail) level.tail.next = order;
    else level.head = order;
    level.tail = order;
    level.size += order.visible;
  }

  remove(order: O): void {
    const level = this.#levelOf(order);
    this.#record(order.side, level);
    this.#unlink(order, level);
    level.size -= order.visible;
    order.level = undefined;
    if (!level.head) this.#side(order.side).remove(level.key);
  }

  /** Changes the visible quantity in place: the order keeps its place in the queue. */
  resize(order: O, visible: bigint): void {
    const level = this.#levelOf(order);
    this.#record(order.side, level);
    level.size += visible - order.visible;
    order.visible = visible;
  }

  /** Moves the order to the back of its level with a new visible quantity (an iceberg's refill). */
  requeue(order: O, visible: bigint): void {
    const level = this.#levelOf(order);
    this.resize(order, visible);
    this.#unlink(order, level);
    order.previous = level.tail;
    order.next = undefined;
    if (level.tail) level.tail.next = order;
    else level.head = order;
    level.tail = order;
  }

  /** The net change of every level touched since the last call, and forgets them. */
  takeChanges(): LevelSizeChange[] {
    const changes: LevelSizeChange[] = [];
    for (const { side, price, before } of this.#sizesBefore.values()) {
      const levels = this.#side(side);
      const index = levels.search(price);
      const after = index >= 0 ? (levels.at(index) as PriceLevel<O>).size : 0n;
      if (after !== before) changes.push({ side, price, before, after });
    }
    this.#sizesBefore.clear();
    return changes;
  }

  #record(side: Side, level: PriceLevel<O>): void {
    const id = side + level.key.toString();
    if (!this.#sizesBefore.has(id)) this.#sizesBefore.set(id, { side, price: level.key, before: level.size });
  }

  #unlink(order: O, level: PriceLevel<O>): void {
    if (order.previous) order.previous.next = order.next;
    else level.head = order.next;
    if (order.next) order.next.previous = order.previous;
    else level.tail = order.previous;
    order.previous = undefined;
    order.next = undefined;
  }

  #levelOf(order: O): PriceLevel<O> {
    if (!order.level) throw new Error("order is not resting in this book");
    return order.level;
  }

  #side(side: Side): SortedLevels<bigint, PriceLevel<O>> {
    return side === Side.Buy ? this.#bids : this.#asks;
  }
}
