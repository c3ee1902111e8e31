/**
 * Terminal colour and cursor codes out of tool output. Runners colour their messages (jest, ts-jest,
 * chalk), and some serialise the codes as text: jest-junit 16 writes a suite's `testExecError` with
 * `JSON.stringify`, so the XML carries the six characters `\u001b` followed by `[96m`. Both forms are
 * removed before a message reaches a finding, a fingerprint or the review comment.
 */
import { stripVTControlCharacters } from 'node:util';

/** `\u001b[…m`, `\x1b[…m`, `\033[…m` and `\e[…m` written out as text (JSON, shell or C escapes). */
const ESCAPED_CSI = /\\(?:u001[bB]|x1[bB]|033|e)\[[0-?]*[ -/]*[@-~]/g;

/**
 * `text` without ANSI escape sequences, raw (ESC bytes, via Node's `util.stripVTControlCharacters`)
 * or escaped as text (`\u001b[96m`). Other text is left as it is.
 */
export function stripAnsi(text: string): string {
  return stripVTControlCharacters(text.replace(ESCAPED_CSI, ''));
}
