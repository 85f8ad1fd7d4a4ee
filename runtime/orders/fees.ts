/**
 * One order's fees from the MiscFees group (136) of its reports. Kraken Spot reports the order's fees so far in
 * each report, Derivatives each trade's own fee; see FeeModel. Amounts are kept per currency and fee type, as
 * copies of the reports' texts (see own-copy.ts).
 */
import { addDecimal, compareDecimal, isDecimal, subtractDecimal } from "../codec/decimal.js";
import type { Decimal } from "../codec/types.js";
import { ownCopy } from "./own-copy.js";
import type { FeeAmount, FeeModel, MiscFeeLike } from "./types.js";

export interface FeeUpdate {
  /** The fees of the fill this report carries (empty when it carries none). */
  readonly fillFees: readonly FeeAmount[];
  /** Cumulative amounts lower than before: the new amount is ignored. */
  readonly decreased: readonly { readonly fee: FeeAmount; readonly previous: Decimal }[];
  /** MiscFeeAmt values that are not decimals. */
  readonly invalid: readonly string[];
}

/** What an update has none of. Lists are made only when something goes in them: every report with fees is applied. */
const NONE: readonly never[] = Object.freeze([]);

export class OrderFees {
  /**
   * One amount per currency and type, in the order first seen. An order has one or two: a scan comparing them
   * costs less than building a key string and hashing it for every fee of every report, and a few entries in an
   * array are less for the garbage collector to copy than a Map while the order lives.
   */
  private totals: FeeAmount[] = [];

  constructor(private readonly model: FeeModel) {}

  /** The order's fees so far. */
  get amounts(): FeeAmount[] {
    return this.totals.slice();
  }

  /**
   * Applies the fees of one report. `isFill` says whether the report adds a fill: a per-trade fee on a report
   * without a fill is an echo and is not added; a cumulative increase without a fill still counts in the totals.
   */
  apply(fees: readonly MiscFeeLike[], isFill: boolean): FeeUpdate {
    let fillFees: FeeAmount[] | undefined;
    let decreased: { readonly fee: FeeAmount; readonly previous: Decimal }[] | undefined;
    let invalid: string[] | undefined;
    for (const fee of fees) {
      const amount = fee.miscFeeAmt;
      if (amount === undefined) continue;
      if (!isDecimal(amount)) {
        (invalid ??= []).push(amount);
        continue;
      }
      const index = this.indexOf(fee);
      const total = index < 0 ? undefined : this.totals[index]!.amount;
      if (this.model === "per-trade") {
        if (!isFill) continue;
        const own = ownCopy(amount);
        this.store(index, feeAmount(fee, total === undefined ? own : addDecimal(total, amount)));
        (fillFees ??= []).push(feeAmount(fee, own));
        continue;
      }
      const previous = total ?? ("0" as Decimal);
      if (compareDecimal(amount, previous) < 0) {
        (decreased ??= []).push({ fee: feeAmount(fee, amount), previous });
        continue;
      }
      this.store(index, feeAmount(fee, ownCopy(amount)));
      if (isFill) (fillFees ??= []).push(feeAmount(fee, subtractDecimal(amount, previous)));
    }
    return { fillFees: fillFees ?? NONE, decreased: decreased ?? NONE, invalid: invalid ?? NONE };
  }

  /** Where the total of `fee`'s currency and type is, -1 when there is none; as feeKey, absent equals empty. */
  private indexOf(fee: MiscFeeLike): number {
    const currency = fee.miscFeeCurr ?? "";
    const type = fee.miscFeeType === undefined ? "" : String(fee.miscFeeType);
    for (let i = 0; i < this.totals.length; i++) {
      const total = this.totals[i]!;
      if ((total.currency ?? "") === currency && (total.type ?? "") === type) return i;
    }
    return -1;
  }

  private store(index: number, total: FeeAmount): void {
    if (index >= 0) this.totals[index] = total;
    // A literal holds its one element; a push onto an empty array makes room for 17, kept as long as the order.
    else if (this.totals.length === 0) this.totals = [total];
    else this.totals.push(total);
  }
}

/** Adds up fee lists (e.g. of several orders) per currency and type. */
export function sumFees(lists: Iterable<readonly FeeAmount[]>): FeeAmount[] {
  const sums = new Map<string, FeeAmount>();
  for (const list of lists) {
    for (const fee of list) {
      const key = feeKey({ miscFeeCurr: fee.currency, miscFeeType: fee.type });
      const previous = sums.get(key);
      sums.set(key, { ...fee, amount: previous === undefined ? fee.amount : addDecimal(previous.amount, fee.amount) });
    }
  }
  return [...sums.values()];
}

function feeKey(fee: MiscFeeLike): string {
  return `${fee.miscFeeCurr ?? ""}\u0000${fee.miscFeeType ?? ""}`;
}

/** A FeeAmount with copies of `fee`'s currency and type (see own-copy.ts) and `amount` as given: `apply` copies what it keeps. */
function feeAmount(fee: MiscFeeLike, amount: Decimal): FeeAmount {
  // The usual case without the spread copies (a hot path of log validation).
  if (fee.miscFeeCurr !== undefined && fee.miscFeeType !== undefined) {
    return { currency: ownCopy(fee.miscFeeCurr), type: ownCopy(String(fee.miscFeeType)), amount };
  }
  return {
    ...(fee.miscFeeCurr === undefined ? {} : { currency: ownCopy(fee.miscFeeCurr) }),
    ...(fee.miscFeeType === undefined ? {} : { type: ownCopy(String(fee.miscFeeType)) }),
    amount,
  };
}
