/**
 * One member list (of a message, component, group entry, header or trailer) as TypeScript: interface properties,
 * the components it extends, and the runtime descriptor array.
 */
import type { OptionalKind, PropertySignatureStructure } from "ts-morph";
import { groupPropertyName, propertyName } from "../../runtime/codec/naming.js";
import { valueKind, ValueKind } from "../../runtime/codec/values.js";
import type { FieldModel, MemberModel } from "../model/types.js";
import { docText, fieldSummary, presence } from "./jsdoc.js";
import type { ImportSet } from "./imports.js";
import type { EmitPlan } from "./plan.js";
import { valueType } from "./value-types.js";

export const FIELDS_FILE = "fields.ts";
export const ENUMS_FILE = "enums.ts";

export interface EmittedMembers {
  readonly properties: OptionalKind<PropertySignatureStructure>[];
  /** `Instrument` for a required component, `Partial<Instrument>` for an optional one. */
  readonly extends: string[];
  /** Array literal of MemberDef, e.g. `[{ tag: Tag.ClOrdID, required: true }]`. */
  readonly descriptors: string;
}

export function emitMembers(members: readonly MemberModel[], plan: EmitPlan, imports: ImportSet): EmittedMembers {
  const properties: OptionalKind<PropertySignatureStructure>[] = [];
  const extendsList: string[] = [];
  const descriptors: string[] = [];
  members.forEach((member, index) => {
    const required = `required: ${member.required}`;
    switch (member.kind) {
      case "field": {
        imports.local(FIELDS_FILE, "Tag", "value");
        descriptors.push(`{ tag: Tag.${member.name}, ${required} }`);
        // The runtime derives a DATA field's length and leaves it out of decoded objects: no property for it.
        if (isDataLengthPair(member, members[index + 1], plan)) break;
        const previous = members[index - 1];
        const lengthField =
          previous && isDataLengthPair(previous, member, plan) ? plan.field(previous.name) : undefined;
        properties.push(fieldProperty(plan.field(member.name), member.required, lengthField, plan, imports));
        break;
      }
      case "component": {
        const component = plan.component(member.name);
        imports.local(component.file, component.name, "value");
        descriptors.push(`{ component: ${component.name}, ${required} }`);
        extendsList.push(member.required ? component.name : `Partial<${component.name}>`);
        break;
      }
      case "group": {
        const group = plan.group(member);
        const counter = plan.field(member.name);
        imports.local(group.file, group.name, "value");
        descriptors.push(`{ group: ${group.name}, ${required} }`);
        properties.push({
          name: groupPropertyName(member.name),
          type: `${group.name}[]`,
          hasQuestionToken: !member.required,
          docs: [docText(`${counter.name} (${counter.tag}) repeating group, ${presence(member.required)}.`)],
        });
        break;
      }
    }
  });
  return { properties, extends: extendsList, descriptors: `[${descriptors.join(", ")}]` };
}

function fieldProperty(
  field: FieldModel,
  required: boolean,
  lengthField: FieldModel | undefined,
  plan: EmitPlan,
  imports: ImportSet,
): OptionalKind<PropertySignatureStructure> {
  const enumType = plan.enumName(field);
  if (enumType !== undefined) imports.local(ENUMS_FILE, enumType, "type");
  const lengthNote = lengthField && `Its length ${lengthField.name} (${lengthField.tag}) is written by the codec.`;
  return {
    name: propertyName(field.name),
    type: valueType(field, enumType, imports),
    hasQuestionToken: !required,
    docs: [docText(`${fieldSummary(field)}, ${presence(required)}.`, field.description, lengthNote)],
  };
}

/** A LENGTH field directly followed by a DATA field carries its size (the runtime applies the same rule). */
export function isDataLengthPair(first: MemberModel | undefined, second: MemberModel | undefined, plan: EmitPlan): boolean {
  return (
    first?.kind === "field" &&
    second?.kind === "field" &&
    valueKind(plan.field(first.name).type) === ValueKind.Length &&
    valueKind(plan.field(second.name).type) === ValueKind.Data
  );
}
