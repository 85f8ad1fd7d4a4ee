import { describe, expect, it } from "vitest";
import { redact } from "../../runtime/log/redact.js";

const SIGNATURE = "MwX+M7nvuHXxD5aGI/TFpghXxg2iblxXYyz7lRzLCPMA4UJYI3osNrUKWCiI3fDnOLkEQ5WKSK58Mp3nvu1Klw==";
const API_SECRET = "c2VjcmV0c2VjcmV0c2VjcmV0";
const soh = (fields: string[]) => fields.join("\x01") + "\x01";
const pipe = (fields: string[]) => fields.join("|") + "|";

const logon = [
  "8=FIX.4.4",
  "9=200",
  "35=A",
  "34=1",
  "49=CLIENT",
  "56=KRAKEN-TRD",
  "553=APIKEY",
  `554=${SIGNATURE}`,
  "5025=1724512345678",
  "10=123",
];
const redactedLogon = logon.map((f) => (f.startsWith("554=") ? "554=***" : f));

describe("redact", () => {
  it("blanks 554 in SOH-delimited bytes and strings", () => {
    expect(redact(Buffer.from(soh(logon), "latin1"))).toBe(soh(redactedLogon));
    expect(redact(soh(logon))).toBe(soh(redactedLogon));
  });

  it("blanks 554 in |-delimited text, also without a trailing delimiter", () => {
    expect(redact(pipe(logon))).toBe(pipe(redactedLogon));
    expect(redact(logon.join("|"))).toBe(redactedLogon.join("|"));
    expect(redact(`554=${SIGNATURE}`)).toBe("554=***");
  });

  it("blanks every secret tag and keeps lookalikes", () => {
    const fields = ["35=A", "925=newpass", "5540=keep", "1554=keep", "58=not554=a", "554=", "554=x"];
    expect(redact(soh(fields))).toBe(
      soh(["35=A", "925=***", "5540=keep", "1554=keep", "58=not554=a", "554=***", "554=***"]),
    );
  });

  it("cuts RawData by its declared length even when the data holds delimiters", () => {
    const raw = "ab\x01cd|ef";
    expect(redact(soh(["35=A", `95=${raw.length}`, `96=${raw}`, "98=0"]))).toBe(
      soh(["35=A", "95=8", "96=***", "98=0"]),
    );
    expect(redact(pipe(["35=A", `95=${raw.length}`, `96=${raw}`, "98=0"]))).toBe(
      pipe(["35=A", "95=8", "96=***", "98=0"]),
    );
    // Without a length field, RawData runs to the delimiter.
    expect(redact(pipe(["35=A", "96=opaque", "98=0"]))).toBe(pipe(["35=A", "96=***", "98=0"]));
    // A declared length past the end covers the rest of the text.
    expect(redact("95=99|96=short")).toBe("95=99|96=***");
  });

  it("blanks secret tags inside free text (events)", () => {
    expect(redact(`logon rejected, sent 554=${SIGNATURE} and 553=APIKEY`)).toBe(
      "logon rejected, sent 554=*** and 553=APIKEY",
    );
  });

  it("ends a |-delimited value at the delimiter but an SOH value only at SOH", () => {
    expect(redact(soh(["554=a|b c", "58=x"]))).toBe(soh(["554=***", "58=x"]));
    expect(redact("554=a|b")).toBe("554=***|b");
  });

  it("replaces registered secrets wherever they appear", () => {
    const text = soh(["35=5", `58=bad key ${API_SECRET}!`, `9999=${API_SECRET}${API_SECRET}`]);
    expect(redact(text, [API_SECRET])).toBe(soh(["35=5", "58=bad key ***!", "9999=******"]));
    expect(redact(Buffer.from(`secret=${API_SECRET}`), [API_SECRET])).toBe("secret=***");
  });

  it("returns text without secrets unchanged", () => {
    const text = soh(["8=FIX.4.4", "35=D", "11=1741010972897710", "58=price|qty 96"]);
    expect(redact(text, [API_SECRET])).toBe(text);
    expect(redact("")).toBe("");
  });

  it("refuses a registered secret too short to redact safely", () => {
    expect(() => redact("abc", ["short"])).toThrow(
      new RangeError("a secret to redact must be at least 8 characters long"),
    );
  });
});
