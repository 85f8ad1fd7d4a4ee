import { describe, expect, it } from "vitest";
import { errorLocation, fixError, formatFixError } from "../../runtime/codec/errors.js";

describe("formatFixError", () => {
  it("names the field, its tag, the group path and the SessionRejectReason", () => {
    const error = fixError({ code: "IncorrectDataFormat", offset: 88, tag: 270, tagName: "MDEntryPx", path: "NoMDEntries[3]", text: "MDEntryPx is not a valid PRICE" });
    expect(formatFixError(error)).toBe("error IncorrectDataFormat [373=6] at byte 88, NoMDEntries[3].MDEntryPx (270): MDEntryPx is not a valid PRICE");
  });

  it("shows a tag the dictionary does not name once, and framing errors without a 373 code", () => {
    const unknown = fixError({ code: "UndefinedTag", offset: 12, tag: 5999, severity: "warning", text: "tag 5999 is not defined by the dictionary" });
    expect(formatFixError(unknown)).toBe("warning UndefinedTag [373=3] at byte 12, tag 5999: tag 5999 is not defined by the dictionary");
    const garbled = fixError({ code: "Garbled", offset: 0, text: "a FIX message starts with 8=" });
    expect(formatFixError(garbled)).toBe("error Garbled at byte 0, message: a FIX message starts with 8=");
  });

  it("errorLocation joins the group entry and the field, and works with either missing", () => {
    expect(errorLocation({ path: "NoAllocs[3].NoNestedPartyIDs[2]", tagName: "NestedPartyIDSource", tag: 525 })).toBe(
      "NoAllocs[3].NoNestedPartyIDs[2].NestedPartyIDSource (525)",
    );
    expect(errorLocation({ path: "NoMDEntries[1]", tagName: undefined, tag: 6000 })).toBe("NoMDEntries[1].tag 6000");
    expect(errorLocation({ path: "NoAllocs[2]", tagName: undefined, tag: undefined })).toBe("NoAllocs[2]");
    expect(errorLocation({ path: undefined, tagName: "Price", tag: 44 })).toBe("Price (44)");
    expect(errorLocation({ path: undefined, tagName: undefined, tag: undefined })).toBeUndefined();
  });
});
