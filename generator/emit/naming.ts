/** Names for generated declarations and files, derived from dictionary names. */

/**
 * Words of a FIX name: `MDEntries` → MD, Entries; `PartyIDs` → Party, IDs; `NestedParties2` → Nested, Parties2.
 * An acronym keeps a plural `s` (IDs) and digits stay with the word before them.
 */
const WORD = /[A-Z]{2,}s(?![a-z])|[A-Z]+(?=[A-Z][a-z])|[A-Z]*[a-z]+\d*|[A-Z]+\d*|\d+/g;

/** `NewOrderSingle` → `new-order-single`, `MDEntry` → `md-entry`, `SecAltIDGrp` → `sec-alt-id-grp`. */
export function kebabCase(name: string): string {
  return (name.match(WORD) ?? []).map((word) => word.toLowerCase()).join("-");
}

/**
 * An enum member name from a value's description: `GOOD_TILL_CANCEL` → `GoodTillCancel`, `post only` → `PostOnly`.
 * Words already in mixed case keep it (`MarketPeg`); a leading digit gets `_` (`4` → `_4`). Empty for text with
 * no letters or digits.
 */
export function memberName(text: string): string {
  const words = text.split(/[^A-Za-z0-9]+/).filter((word) => word.length > 0);
  const name = words.map(capitalizeWord).join("");
  return /^\d/.test(name) ? `_${name}` : name;
}

function capitalizeWord(word: string): string {
  const body = word === word.toUpperCase() ? word.slice(1).toLowerCase() : word.slice(1);
  return word.charAt(0).toUpperCase() + body;
}

/** `NoMDEntries` base `MDEntries` → `MDEntry`, `Allocs` → `Alloc`, `MiscFees` → `MiscFee`, `PartyIDs` → `PartyID`. */
export function singular(name: string): string {
  if (/[^aeiou]ies$/.test(name)) return `${name.slice(0, -3)}y`;
  if (/(ss|x|ch|sh)es$/.test(name)) return name.slice(0, -2);
  if (/[^su]s$/.test(name)) return name.slice(0, -1);
  return name;
}

/** `GOOD_TILL_CANCEL` → `Good till cancel`; prose descriptions are kept as written. */
export function humanize(description: string): string {
  if (!/^[A-Z0-9_]+$/.test(description)) return description;
  const words = description.toLowerCase().replace(/_+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * Hands out unique names in the order asked: the first claimant of a name keeps it, later ones take their next
 * candidate, and when every candidate is taken the last one gets a number (`HopEntry2`). Case-insensitive when
 * the names become file names, so that two files never collide on a case-insensitive file system.
 */
export class NameAllocator {
  private readonly taken = new Set<string>();

  constructor(
    reserved: Iterable<string> = [],
    private readonly caseInsensitive = false,
  ) {
    for (const name of reserved) this.taken.add(this.key(name));
  }

  claim(...candidates: readonly [string, ...string[]]): string {
    for (const candidate of candidates) {
      if (!this.taken.has(this.key(candidate))) return this.take(candidate);
    }
    const last = candidates[candidates.length - 1]!;
    for (let n = 2; ; n++) {
      if (!this.taken.has(this.key(`${last}${n}`))) return this.take(`${last}${n}`);
    }
  }

  private take(name: string): string {
    this.taken.add(this.key(name));
    return name;
  }

  private key(name: string): string {
    return this.caseInsensitive ? name.toLowerCase() : name;
  }
}
