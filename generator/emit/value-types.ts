/** The TypeScript type of a field's value, matching what the runtime decodes (see runtime/codec/values.ts). */
import { valueKind, ValueKind } from "../../runtime/codec/values.js";
import type { FieldModel } from "../model/types.js";
import type { ImportSet } from "./imports.js";
import type { RuntimeSymbol } from "./runtime-symbols.js";

/** @param enumType the field's enum type (already imported by the caller), if it has one */
export function valueType(field: FieldModel, enumType: string | undefined, imports: ImportSet): string {
  const kind = valueKind(field.type);
  const alias = (name: RuntimeSymbol): string => {
    if (enumType !== undefined) return enumType;
    imports.runtime(name, "type");
    return name;
  };
  switch (kind) {
    case ValueKind.Int:
    case ValueKind.Length:
      return enumType ?? "number";
    case ValueKind.Boolean:
      return "boolean";
    case ValueKind.MultiValue:
      return `${enumType ?? "string"}[]`;
    case ValueKind.Decimal:
      return alias("Decimal");
    case ValueKind.UtcTimestamp:
      return alias("UTCTimestamp");
    case ValueKind.UtcTimeOnly:
      return alias("UTCTimeOnly");
    case ValueKind.Date:
      return alias(field.type === "LOCALMKTDATE" ? "LocalMktDate" : "UTCDateOnly");
    default:
      return field.type === "MONTHYEAR" ? alias("MonthYear") : (enumType ?? "string");
  }
}
