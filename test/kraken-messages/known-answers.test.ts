/** Known-answer tests: every Kraken message type decodes to a hand-written object and re-encodes byte for byte. */
import { describe, expect, it } from "vitest";
import { decodeMessage, messages } from "../../generated/kraken-fix44/index.js";
import { KNOWN_ANSWERS, type KnownAnswer } from "./known-answers.js";

const visible = (bytes: Buffer): string => bytes.toString("latin1").replaceAll("\x01", "|");

/** A vector of a different message type, to feed to a codec that must refuse it. */
function otherThan(vector: KnownAnswer): KnownAnswer {
  const index = KNOWN_ANSWERS.indexOf(vector);
  const other = KNOWN_ANSWERS[(index + 1) % KNOWN_ANSWERS.length];
  if (other === undefined || other.msgType === vector.msgType) throw new Error(`no other type for ${vector.name}`);
  return other;
}

describe("Kraken known answers", () => {
  it("cover every message type of the dictionary exactly once", () => {
    const covered = KNOWN_ANSWERS.map((vector) => vector.msgType).sort();
    expect(covered).toEqual(messages.map((codec) => codec.msgType).sort());
  });

  describe.each(KNOWN_ANSWERS.map((vector) => [`${vector.name} (35=${vector.msgType})`, vector] as const))(
    "%s",
    (_, vector) => {
      it("decodes the canonical wire message to the expected object, without errors", () => {
        const result = decodeMessage(vector.bytes);
        expect(result.errors).toEqual([]);
        expect(result.ok).toBe(true);
        expect(result.message).toStrictEqual(vector.expected);
      });

      it("decodes with its own codec to the same object", () => {
        const result = vector.decodeWithOwnCodec(vector.bytes);
        expect(result.errors).toEqual([]);
        expect(result.ok).toBe(true);
        expect(result.message).toStrictEqual(vector.expected);
      });

      it("re-encodes the expected object byte for byte", () => {
        expect(visible(vector.encodeExpected())).toBe(vector.text);
      });

      it("validates the expected object without errors", () => {
        expect(vector.validateExpected()).toEqual([]);
      });

      it("refuses another message type with InvalidMsgType", () => {
        const other = otherThan(vector);
        const result = vector.decodeWithOwnCodec(other.bytes);
        expect(result.ok).toBe(false);
        expect(result.errors.map((error) => [error.code, error.tag])).toEqual([["InvalidMsgType", 35]]);
      });
    },
  );
});
