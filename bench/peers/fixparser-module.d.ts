/**
 * The part of fixparser 2.9.5's API the benchmark uses. The package ships a CommonJS bundle without type
 * declarations; its default export is an object holding the classes.
 */
declare module "fixparser" {
  export interface FixparserField {
    readonly tag: number;
    /** Wire text, or a number for int/float/Qty/Price/Amt fields after parsing. */
    readonly value: string | number;
    /** Null when fixparser's FIX 5.0SP2 spec does not know the tag. */
    readonly name: string | null;
  }

  export interface FixparserMessage {
    readonly data: FixparserField[];
    readonly bodyLengthValid: boolean;
    readonly bodyLengthValue: number | null;
    readonly bodyLengthExpected: number | null;
    readonly checksumValid: boolean;
    readonly checksumValue: string | null;
    readonly checksumExpected: string | null;
    encode(separator?: string): string;
  }

  export interface FixparserParser {
    parse(data: string): FixparserMessage[];
    createMessage(...fields: FixparserField[]): FixparserMessage;
  }

  const fixparser: {
    readonly default: new () => FixparserParser;
    readonly Field: new (tag: number, value: string | number) => FixparserField;
  };
  export default fixparser;
}
