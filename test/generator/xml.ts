/** Builds small QuickFIX dictionaries for generator tests: only the sections a test cares about. */

export interface DictionaryParts {
  readonly root?: string;
  readonly header?: string;
  readonly trailer?: string;
  readonly messages?: string;
  readonly components?: string;
  readonly fields?: string;
}

/** Fields every part below can rely on (tag numbers as in FIX 4.4). */
export const BASE_FIELDS = `
  <field number="8" name="BeginString" type="STRING"/>
  <field number="9" name="BodyLength" type="LENGTH"/>
  <field number="10" name="CheckSum" type="STRING"/>
  <field number="11" name="ClOrdID" type="STRING"/>
  <field number="35" name="MsgType" type="STRING"/>
  <field number="49" name="SenderCompID" type="STRING"/>
  <field number="55" name="Symbol" type="STRING"/>
  <field number="78" name="NoAllocs" type="NUMINGROUP"/>
  <field number="79" name="AllocAccount" type="STRING"/>`;

export function dictionaryXml(parts: DictionaryParts = {}): string {
  return `<?xml version="1.0"?>
<fix ${parts.root ?? 'type="FIX" major="4" minor="4" servicepack="0"'}>
  <header>${parts.header ?? ""}</header>
  <trailer>${parts.trailer ?? ""}</trailer>
  <messages>${parts.messages ?? ""}</messages>
  <components>${parts.components ?? ""}</components>
  <fields>${BASE_FIELDS}${parts.fields ?? ""}</fields>
</fix>`;
}
