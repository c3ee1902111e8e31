/**
 * Usage text of every command, kept apart from the commands so that `--help` (and the CLI's start-up)
 * loads none of the code behind them.
 */

export const CHECK_USAGE = `Usage: handoff-gate check [--repo DIR] [--base REF] [--head REF] [--branch NAME]
                          [--format text|markdown|json] [--output FILE] [--json-report FILE]
                          [--progress | --quiet] [--skip-verify]

Runs the whole gate on a local checkout: configuration from the base, handoff validation,
guardrails over the diff, verify steps on the head and the merge base, and the review.
  --base         base ref (default: main, else master)
  --head         head ref (default: HEAD)
  --format       output on stdout (default: text)
  --output       write that output to FILE instead of stdout
  --json-report  also write the JSON report to FILE
  --progress     show per-step progress on stderr (default on a terminal)
Exit codes follow the decision (an LLM reviewer may lower it): 0 accepted, 1 in_progress (FAIL: fix and
retry), 2 blocked or rejected, 64 usage error, 74 an output file cannot be written, 78 the base
configuration is invalid (the review and the JSON report still say config.invalid).`;

export const VALIDATE_USAGE = `Usage: handoff-gate validate [--format text|json] FILE...

Validates handoff documents (JSON or YAML, multi-document YAML too) against their schema version.
Symlinks are never followed (reported as "symlink, not read"); problems quote at most 80 characters.
Exit codes: 0 all valid, 1 a problem in any file, 64 usage error.`;

export const CONFIG_USAGE = `Usage: handoff-gate config validate [FILE]

Validates a configuration file (default: .github/handoff-gate.yml).
Exit codes: 0 valid, 78 invalid, 64 usage error.`;

export const BASELINE_USAGE = `Usage: handoff-gate baseline [--repo DIR] [--output FILE]

Runs the verify steps with baseline: true on the checked-out commit, with the configuration of that
commit, and writes their findings as a baseline file (default: the configured baseline.file).
Commit it on the base branch and set baseline.mode: file. Exit codes: 0 written, 2 a step could not
run (nothing written), 64 usage error, 74 the file cannot be written, 78 configuration error.`;
