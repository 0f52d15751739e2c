// Hex with comments, for hand-written byte vectors:
//
//   hex(
//     "30       // PUBLISH, QoS 0",
//     "0a       // Remaining Length 10",
//     "00 03 \"a/b\" // Topic Name",
//   )
//
// Each argument (or each line of it) holds hex byte pairs separated by optional whitespace; `"text"` inserts the
// UTF-8 bytes of text (no escapes); `//` starts a comment that runs to the end of the line.

const encoder = new TextEncoder();

export function hex(...lines: string[]): Uint8Array {
  const bytes: number[] = [];
  for (const block of lines) {
    for (const line of block.split("\n")) parseLine(line, bytes);
  }
  return Uint8Array.from(bytes);
}

function parseLine(line: string, out: number[]): void {
  let i = 0;
  while (i < line.length) {
    const char = line[i]!;
    if (char === " " || char === "\t" || char === "\r" || char === "," || char === "|") {
      i++;
    } else if (char === "/" && line[i + 1] === "/") {
      return;
    } else if (char === '"') {
      const close = line.indexOf('"', i + 1);
      if (close < 0) throw new SyntaxError(`hex: unterminated string in ${JSON.stringify(line)}`);
      out.push(...encoder.encode(line.slice(i + 1, close)));
      i = close + 1;
    } else {
      const pair = line.slice(i, i + 2);
      if (!/^[0-9a-fA-F]{2}$/.test(pair)) throw new SyntaxError(`hex: bad byte ${JSON.stringify(pair)} in ${JSON.stringify(line)}`);
      out.push(parseInt(pair, 16));
      i += 2;
    }
  }
}

/** "30 0a 00 03 …" for assertion messages. */
export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join(" ");
}
