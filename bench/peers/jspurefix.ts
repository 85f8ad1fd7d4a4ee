/**
 * jspurefix 5.11.4 as a benchmark peer, set up the way its own benchmark (dist/benchmark/parse-bench.js) and
 * session transmitter do it: a session container built from a description that names the dictionary, its
 * AsciiParser fed the raw bytes, and its AsciiMsgTransmitter for encoding. The dictionary is the stock QuickFIX
 * FIX44.xml it ships: it has no Kraken tags, which is the point of the comparison.
 */
import "reflect-metadata";
import path from "node:path";
import jspurefix from "jspurefix";
import type { IJsFixConfig, ILooseObject, ISessionDescription, MsgView } from "jspurefix";
import type { AsciiMsgTransmitter } from "jspurefix/dist/transport/ascii/ascii-msg-transmitter.js";

const { AsciiParser, DITokens, SessionContainer } = jspurefix;

export const JSPUREFIX_DICTIONARY = path.resolve("node_modules/jspurefix/data/FIX44.xml");

export interface JspurefixSession {
  /**
   * Tokenise and build the view (jspurefix's `parse:view`). The view reads jspurefix's parse buffer, which is
   * reset once the message has been dispatched: after this returns its values read as empty. It is returned as
   * the measured result only.
   */
  parseView(bytes: Buffer): MsgView;
  /** Parse and materialise the object graph (jspurefix's `parse:object`). */
  parseObject(bytes: Buffer): ILooseObject;
  /** Encodes a body object as this session would send it: header from the session, BodyLength, CheckSum. */
  encode(msgType: string, body: ILooseObject, msgSeqNum: number, sendingTime: Date): Buffer;
}

/** One session per CompID pair: jspurefix takes SenderCompID and TargetCompID from the session description. */
export async function createJspurefixSession(senderCompID: string, targetCompID: string): Promise<JspurefixSession> {
  const description = {
    application: {
      type: "initiator",
      name: "bench",
      protocol: "ascii",
      dictionary: JSPUREFIX_DICTIONARY,
      reconnectSeconds: 0,
      tcp: { host: "127.0.0.1", port: 0 },
    },
    BeginString: "FIX.4.4",
    SenderCompId: senderCompID,
    TargetCompID: targetCompID,
    HeartBtInt: 30,
  } as ISessionDescription;
  const system = new SessionContainer();
  system.registerGlobal("error");
  const container = await system.makeSystem(description);
  const config = container.resolve<IJsFixConfig>(DITokens.IJsFixConfig);
  const transmitter = container.resolve<AsciiMsgTransmitter>(DITokens.MsgTransmitter);

  // The parser's state object is resolved from the container and indexes the container's parse buffer, so the
  // parser must be given that same buffer.
  const parser = new AsciiParser(config, null, container.resolve(DITokens.ParseBuffer));
  let view: MsgView | undefined;
  let object: ILooseObject | undefined;
  let materialise = false;
  parser.on("msg", (_msgType: string, parsed: MsgView) => {
    view = parsed;
    if (!materialise) return;
    const materialised = parsed.toObject();
    // toObject() answers a list or null for views that are not one message; a parsed message is neither.
    object = materialised === null || Array.isArray(materialised) ? undefined : materialised;
  });
  parser.on("error", (error: Error) => {
    throw error;
  });

  return {
    parseView(bytes) {
      materialise = false;
      view = undefined;
      parser.parseBuffer(bytes);
      if (!view) throw new Error("jspurefix produced no message");
      return view;
    },
    parseObject(bytes) {
      materialise = true;
      object = undefined;
      parser.parseBuffer(bytes);
      if (!object) throw new Error("jspurefix produced no object");
      return object;
    },
    encode(msgType, body, msgSeqNum, sendingTime) {
      // What its transmitter's encode stream does for every send.
      transmitter.msgSeqNum = msgSeqNum;
      transmitter.time = sendingTime;
      transmitter.encoder.reset();
      if (!transmitter.encodeMessage(msgType, body)) throw new Error(`jspurefix could not encode ${msgType}`);
      return transmitter.encoder.trim();
    },
  };
}

/** What the session encodes from a parsed object: everything but the header and trailer it writes itself. */
export function jspurefixBody(object: ILooseObject): ILooseObject {
  return Object.fromEntries(Object.entries(object).filter(([key]) => key !== "StandardHeader" && key !== "StandardTrailer"));
}
