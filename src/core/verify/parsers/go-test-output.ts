/**
 * What Go's JUnit producers write, read for findings. gotestsum (captured in
 * test/fixtures/tools/gotestsum-*.xml) and go-junit-report v2 put `message="Failed"` on every failure
 * and the test's whole `go test -v` output in the body (`=== RUN`, the `t.Errorf` lines, `--- FAIL`);
 * gotestsum writes a skip's output into the `message` attribute. A subtest's failure fails its parent
 * too, so the parent appears as a failure with no output of its own. A package that does not build
 * has no `<testcase>` at all: gotestsum only counts it in `<testsuites errors="N">`, and `go test`
 * prints `FAIL <package> [build failed]` (or `[setup failed]`).
 * Source: https://pkg.go.dev/cmd/go#hdr-Test_packages (`go test -v` output), gotestsum 1.8 `--junitfile`.
 */

/** The lines of `go test -v` that frame a test's output rather than say what went wrong. */
const FRAME = /^\s*(?:=== (?:RUN|PAUSE|CONT|NAME)\s|--- (?:FAIL|PASS|SKIP):\s)/;

/**
 * The first line of a Go test's own output in `text` (`calc_test.go:13: Add(2, 2) = 4, want 5`,
 * `panic: …`), trimmed. `undefined` when `text` is not `go test -v` output (it does not start with
 * `=== RUN`); `''` when it is but holds only frame lines (a parent failed by its subtests).
 */
export function goTestDetail(text: string): string | undefined {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  if (!/^\s*=== RUN\s/.test(lines[0] ?? '')) return undefined;
  for (const line of lines) if (line.trim() !== '' && !FRAME.test(line)) return line.trim();
  return '';
}

/** A package `go test` could not build or set up, from its `FAIL <package> [build failed]` line. */
export interface GoPackageFailure {
  /** The package's import path. */
  package: string;
  /** `build` or `setup`. */
  stage: string;
}

/** Every distinct `FAIL <package> [build failed]` / `[setup failed]` in `output` (ANSI already stripped), in order. */
export function goPackageFailures(output: string): GoPackageFailure[] {
  const seen = new Set<string>();
  const out: GoPackageFailure[] = [];
  for (const match of output.matchAll(/(?:^|\s)FAIL\s+(\S{1,300})\s+\[(build|setup) failed\]/gm)) {
    const pkg = match[1] as string;
    if (seen.has(pkg)) continue;
    seen.add(pkg);
    out.push({ package: pkg, stage: match[2] as string });
  }
  return out;
}
