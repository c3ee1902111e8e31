/**
 * JSON for the gate's hidden blocks (`<!-- handoff-gate:… {json} -->`): pure ASCII on one line.
 * `--` is escaped so the JSON cannot end the HTML comment early, and every character outside
 * printable ASCII (controls, U+2028/U+2029, NEL, any non-ASCII) is a `\uXXXX` escape, so no reader,
 * whatever it takes for a line ending, can split the block or find a line of its own inside it.
 */
export function hiddenJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/--/g, '-\\u002d');
}
