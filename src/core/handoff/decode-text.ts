/**
 * One decoding rule for every place that reads a handoff (the CLI's `validate`, `check`, the Action
 * and the App): UTF-8 only (RFC 8259 §8.1 for JSON; YAML 1.2 §5.2 allows UTF-16/32 too, which agents
 * do not write), a leading byte-order mark is dropped, and invalid UTF-8 is an error at its byte
 * offset — never silently replaced with U+FFFD, which would validate text the file does not hold.
 */

/** A decoding failure: `offset` is the 0-based byte offset of the first invalid byte; `line`/`column` 1-based. */
export interface DecodeError {
  offset: number;
  line: number;
  column: number;
  message: string;
}

export type Decoded = { ok: true; text: string } | { ok: false; error: DecodeError };

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Decodes `bytes` as UTF-8 (BOM dropped); an invalid sequence is an error with its position. */
export function decodeText(bytes: Uint8Array): Decoded {
  try {
    return { ok: true, text: strict.decode(bytes) };
  } catch {
    const offset = firstInvalidByte(bytes);
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < offset; i++) {
      if (bytes[i] === 0x0a) {
        line++;
        lineStart = i + 1;
      }
    }
    const hex = (bytes[offset] ?? 0).toString(16).toUpperCase().padStart(2, '0');
    return { ok: false, error: { offset, line, column: offset - lineStart + 1, message: `not valid UTF-8: byte 0x${hex} at byte offset ${offset}` } };
  }
}

/**
 * Offset of the first byte that does not start or continue a well-formed UTF-8 sequence
 * (Unicode 15 §3.9, Table 3-7: no overlongs, no surrogates, nothing above U+10FFFF).
 */
export function firstInvalidByte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined) return i;
      if (k === 1 ? c < lo || c > hi : c < 0x80 || c > 0xbf) return i;
    }
    i += need + 1;
  }
  return bytes.length;
}
