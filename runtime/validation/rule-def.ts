/**
 * Venue rules beyond what QuickFIX XML can say (conditionally required fields, Spot-only features, ClOrdID
 * shapes). They are written declaratively beside the dictionary (`<dict>.rules.json`, field names), resolved to
 * tags by the generator (or by `--dict` at run time) and checked by one engine, `rules.ts`.
 */

import type { Venue } from "../kraken/presets.js";

export type { Venue };

/** Holds when the field is present and its value (any element, for multi-value fields) is one of `values`. */
export interface ConditionDef {
  readonly tag: number;
  readonly values: readonly string[];
}

export type RuleCheckDef =
  /** The field must be present. */
  | { readonly kind: "require"; readonly tag: number }
  /** At least one of the fields must be present. */
  | { readonly kind: "requireOneOf"; readonly tags: readonly number[] }
  /** The field must be absent. */
  | { readonly kind: "forbid"; readonly tag: number }
  /** None of these values may be used (for multi-value fields: as any element). */
  | { readonly kind: "forbidValues"; readonly tag: number; readonly values: readonly string[] }
  /** The field must hold this value (for multi-value fields: among its elements). */
  | { readonly kind: "requireValue"; readonly tag: number; readonly value: string }
  /** The message type itself is not accepted. */
  | { readonly kind: "forbidMessage" }
  /** field ≥ other / divisor, compared exactly as decimals. */
  | { readonly kind: "minRatio"; readonly tag: number; readonly other: number; readonly divisor: string }
  /** The value must have a named shape (see formats.ts). */
  | { readonly kind: "format"; readonly tag: number; readonly format: string };

export interface RuleDef {
  /** Stable identifier, shown in reports (`kraken/price-for-limit`). */
  readonly id: string;
  /** What the rule says, in one line. */
  readonly text: string;
  /** MsgTypes the rule applies to. */
  readonly msgTypes: readonly string[];
  /** Only on this venue's sessions; both when absent. */
  readonly venue?: Venue;
  readonly when?: ConditionDef;
  readonly unless?: ConditionDef;
  readonly check: RuleCheckDef;
}
