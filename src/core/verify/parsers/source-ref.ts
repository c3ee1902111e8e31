/**
 * The first `path/to/file.ts:12` reference in a test failure's text: what
 * `/(\/?(?:[\w.@-]+\/)*[\w.@-]+\.(?:ext)):(\d+)/` finds, in linear time. That pattern, tried from
 * every position of a long run of path characters with no `:<line>` after it, re-scanned the run
 * (100,000 characters took over 15 s).
 */
const PATH_RUN = /[\w.@/-]+/g;
const LINE_AFTER = /:(\d+)/y;

/**
 * The first source reference in `text`: `path` (optional leading `/`, no empty segment, last segment
 * `<name>.<ext>`) and `line` as written; `undefined` when there is none.
 * @param extensions the file extensions, an alternation source such as `ts|js|py`
 */
export function findSourceRef(text: string, extensions: string): { path: string; line: string } | undefined {
  const lastSegment = new RegExp(String.raw`^[\w.@-]+\.(?:${extensions})$`);
  for (const run of text.matchAll(PATH_RUN)) {
    LINE_AFTER.lastIndex = run.index + run[0].length;
    const line = LINE_AFTER.exec(text)?.[1];
    if (line === undefined) continue;
    // The earliest start: after the last `//` (an empty segment), keeping its second `/` as the root.
    const path = run[0].slice(run[0].lastIndexOf('//') + 1);
    if (lastSegment.test(path.slice(path.lastIndexOf('/') + 1))) return { path, line };
  }
  return undefined;
}
