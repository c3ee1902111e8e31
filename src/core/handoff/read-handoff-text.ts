/**
 * Bytes of a handoff file → the `{ path, text, decodeError? }` entry `evaluateGate` takes, by the one
 * decoding rule (`decodeText`): used by every reader (git, the GitHub API) so `validate` and `check`
 * agree on every file.
 */
import { decodeText, type DecodeError } from './decode-text.js';
import type { HandoffProblem } from './validate-handoff.js';

export function handoffText(path: string, bytes: Uint8Array | undefined): { path: string; text: string; decodeError?: DecodeError } {
  const decoded = decodeText(bytes ?? new Uint8Array());
  return decoded.ok ? { path, text: decoded.text } : { path, text: '', decodeError: decoded.error };
}

/** The `handoff.parse` problem for a file that is not valid UTF-8. */
export function decodeProblem(file: string, e: DecodeError): HandoffProblem {
  return { code: 'handoff.parse', file, documentIndex: 0, line: e.line, column: e.column, pointer: '', expected: 'UTF-8 text', found: `byte offset ${e.offset}`, message: e.message };
}
