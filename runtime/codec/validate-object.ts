/**
 * Checks a message object before it is sent: required fields (into every group entry), value types and formats,
 * enumerated values. The same rules the decoder applies to received bytes, applied to what the app built;
 * errors carry the same paths (`NoAllocs[1].AllocAccount`), with offset 0 as there are no bytes yet.
 */
import type { WireChecks } from "./decode.js";
import type { CompiledField, CompiledMessage, Dictionary, Layout } from "./dictionary.js";
import { fixError } from "./errors.js";
import type { FixError, FixErrorCode } from "./errors.js";
import { firstNonLatin1, latin1Rule, writeLatin1 } from "./latin1.js";
import { displayValue } from "./secrets.js";
import { isMultiValueElement, isWellFormed, isWireInteger, ValueKind, wireIntegerRule } from "./values.js";

let scratch = Buffer.allocUnsafe(256);

export function validateObject(dict: Dictionary, compiled: CompiledMessage, message: object, checks: WireChecks): FixError[] {
  const errors: FixError[] = [];
  walk(compiled.layout, message as Record<string, unknown>, undefined, checks, errors);
  return errors;
}

function walk(layout: Layout, source: Record<string, unknown>, path: string | undefined, checks: WireChecks, errors: FixError[]): void {
  const report = (code: FixErrorCode, field: CompiledField, text: string, severity: "error" | "warning" = "error") =>
    errors.push(fixError({ code, tag: field.tag, tagName: field.name, offset: 0, path, text, severity }));
  for (const member of layout.members) {
    const field = member.field;
    if (layout.lengthTags.has(field.tag)) continue;
    const value = source[member.type === "group" ? member.key : field.key];
    if (value === undefined) {
      if (member.required && checks.requiredFields !== "off") {
        report("RequiredTagMissing", field, `required ${field.name} (${field.tag}) is missing`, checks.requiredFields);
      }
      continue;
    }
    if (member.type === "group") {
      if (!Array.isArray(value)) {
        report("IncorrectDataFormat", field, `${member.key} must be an array of entries`);
        continue;
      }
      value.forEach((entry: unknown, i) => {
        const entryPath = `${path === undefined ? "" : `${path}.`}${field.name}[${i + 1}]`;
        if (typeof entry === "object" && entry !== null) walk(member.layout, entry as Record<string, unknown>, entryPath, checks, errors);
        else errors.push(fixError({ code: "IncorrectDataFormat", tag: field.tag, tagName: field.name, offset: 0, path: entryPath, text: `${member.key} entries must be objects` }));
      });
      continue;
    }
    const problem = valueProblem(field, value, checks, member.lengthField !== undefined);
    if (problem) report(problem.code, field, problem.text, problem.code === "ValueIncorrect" && checks.enumValues === "warning" ? "warning" : "error");
  }
}

/** `framedByLength`: a DATA field whose LENGTH field is written before it, so that it may hold SOH. */
function valueProblem(
  field: CompiledField,
  value: unknown,
  checks: WireChecks,
  framedByLength: boolean,
): { code: FixErrorCode; text: string } | undefined {
  const expected = expectedType(field.kind);
  const typeOk = expected === "array" ? Array.isArray(value) && value.every(isMultiValueElement) : typeof value === expected;
  if (!typeOk) {
    return { code: "IncorrectDataFormat", text: `${field.name} must be ${expected === "array" ? "an array of non-empty strings without spaces" : `a ${expected}`}` };
  }
  if (typeof value === "number" && !isWireInteger(field.kind, value)) {
    return { code: "IncorrectDataFormat", text: `${field.name} must be ${wireIntegerRule(field.kind)}` };
  }
  if (typeof value === "string" || Array.isArray(value)) {
    const text = Array.isArray(value) ? value.join(" ") : value;
    if (!framedByLength && text.indexOf("\x01") >= 0) return { code: "IncorrectDataFormat", text: `${field.name} contains the SOH delimiter` };
    const wide = firstNonLatin1(text);
    if (wide >= 0) return { code: "IncorrectDataFormat", text: `${field.name} must be ${latin1Rule(wide)}` };
    if (field.kind === ValueKind.Data ? text.length === 0 : !wellFormedText(field.kind, text)) {
      return { code: "IncorrectDataFormat", text: `${field.name} is not a valid ${field.def.type}: ${displayValue(field.tag, text)}` };
    }
  }
  if (field.values && checks.enumValues !== "off") {
    const values = field.values;
    // Enumerations hold wire text: a BOOLEAN's are "Y" and "N".
    const wire = typeof value === "boolean" ? (value ? "Y" : "N") : value;
    const bad = Array.isArray(wire) ? wire.find((v) => !values.has(v)) : values.has(wire as string | number) ? undefined : wire;
    if (bad !== undefined) return { code: "ValueIncorrect", text: `${displayValue(field.tag, String(bad))} is not a valid ${field.name}` };
  }
  return undefined;
}

function expectedType(kind: ValueKind): "number" | "boolean" | "string" | "array" {
  if (kind === ValueKind.Int || kind === ValueKind.Length) return "number";
  if (kind === ValueKind.Boolean) return "boolean";
  return kind === ValueKind.MultiValue ? "array" : "string";
}

/** The wire-format check of the decoder, on a string (written to a scratch buffer once, not per character). */
function wellFormedText(kind: ValueKind, text: string): boolean {
  if (text.length === 0) return false;
  if (scratch.length < text.length) scratch = Buffer.allocUnsafe(text.length * 2);
  const end = writeLatin1(scratch, text, 0);
  return end === text.length && isWellFormed(kind, scratch, 0, end);
}
