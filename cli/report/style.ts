/** ANSI colours, used only when the output is a terminal (pipes and files get plain text). */
export interface Style {
  readonly red: (text: string) => string;
  readonly yellow: (text: string) => string;
  readonly dim: (text: string) => string;
  readonly bold: (text: string) => string;
}

const plain = (text: string) => text;

export const PLAIN: Style = { red: plain, yellow: plain, dim: plain, bold: plain };

const ansi = (code: number) => (text: string) => `\x1b[${code}m${text}\x1b[0m`;

export const COLOUR: Style = { red: ansi(31), yellow: ansi(33), dim: ansi(2), bold: ansi(1) };

export function styleFor(stream: { readonly isTTY?: boolean }): Style {
  return stream.isTTY === true && process.env["NO_COLOR"] === undefined ? COLOUR : PLAIN;
}
