import { describe, expect, it } from "vitest";
import { fixError, formatFixError } from "../../runtime/codec/errors.js";

describe("formatFixError", () => {
  it("names the field, its tag, the group path and the SessionRejectReason", () => {
    const error = fixError({ code: "IncorrectDataFormat", offset: 88, tag: 270, tagName: "MDEntryPx", path: "NoMDEntries[3]", text: "MDEntryPx is not a valid PRICE" });
    expect(formatFixError(error)).toBe("error IncorrectDataFormat [373=6] at byte 88, NoMDEntries[3], MDEntryPx (270): MDEntryPx is not a valid PRICE");
  });

  it("shows a tag the dictionary does not name once, and framing errors without a 373 code", () => {
    const unknown = fixError({ code: "UndefinedTag", offset: 12, tag: 5999, severity: "warning", text: "tag 5999 is not defined by the dictionary" });
    expect(formatFixError(unknown)).toBe("warning UndefinedTag [373=3] at byte 12, tag 5999: tag 5999 is not defined by the dictionary");
    const garbled = fixError({ code: "Garbled", offset: 0, text: "a FIX message starts with 8=" });
    expect(formatFixError(garbled)).toBe("error Garbled at byte 0, message: a FIX message starts with 8=");
  });
});
