/** `handoff-gate check`: the whole gate on a local checkout. */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatJsonReport } from '../../core/report/json-report.js';
import { renderMarkdown } from '../../core/report/markdown.js';
import { renderText } from '../../core/report/text.js';
import { reviewFor } from '../../llm/review-for.js';
import type { GateResult } from '../../core/result.js';
import { resolveRef, topLevel } from '../../local/git.js';
import { runLocalGate } from '../../local/local-gate.js';
import type { StepEvent } from '../../local/run-steps.js';
import { EXIT } from '../exit-codes.js';
import { UsageError, type CliIo } from '../io.js';

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
Exit codes: 0 PASS, 1 FAIL, 2 BLOCKED, 64 usage error, 78 configuration error.`;

const FORMATS = ['text', 'markdown', 'json'] as const;

export async function checkCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      repo: { type: 'string' },
      base: { type: 'string' },
      head: { type: 'string', default: 'HEAD' },
      branch: { type: 'string' },
      format: { type: 'string', default: 'text' },
      output: { type: 'string' },
      'json-report': { type: 'string' },
      progress: { type: 'boolean' },
      quiet: { type: 'boolean' },
      'skip-verify': { type: 'boolean' },
    },
    strict: true,
    allowPositionals: false,
  });
  const format = values.format as (typeof FORMATS)[number];
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got "${values.format}"`);
  const repo = await topLevel(resolve(io.cwd, values.repo ?? '.')).catch(() => {
    throw new UsageError(`${values.repo ?? io.cwd} is not inside a git repository`);
  });
  const base = values.base ?? (await defaultBase(repo));
  const showProgress = values.quiet ? false : (values.progress ?? io.isTTY);
  const { result: rulesResult, config, materials } = await runLocalGate({
    repo,
    base,
    head: values.head,
    ...(values.branch ? { branch: values.branch } : {}),
    skipVerify: values['skip-verify'] ?? false,
    env: io.env,
    ...(showProgress ? { onStepEvent: progressPrinter(io) } : {}),
  });
  // The LLM reviewer (when configured) may lower the decision, never raise it.
  const { result, review, calls, fallback } = await reviewFor(rulesResult, materials, config, io.env);
  if (fallback) io.stderr(`handoff-gate: the LLM review is unavailable (${fallback}); the rules review is used\n`);
  const rendered = format === 'json' ? formatJsonReport(result, review, calls) : format === 'markdown' ? `${renderMarkdown(result, review)}\n` : renderText(result);
  if (values.output) await writeFile(resolve(io.cwd, values.output), rendered);
  else io.stdout(rendered);
  if (values['json-report']) await writeFile(resolve(io.cwd, values['json-report']), formatJsonReport(result, review, calls));
  return exitCodeOf(result);
}

/** 0 PASS, 1 FAIL, 2 BLOCKED. */
export function exitCodeOf(result: GateResult): number {
  return result.verdict === 'PASS' ? EXIT.PASS : result.verdict === 'FAIL' ? EXIT.FAIL : EXIT.BLOCKED;
}

async function defaultBase(repo: string): Promise<string> {
  for (const candidate of ['main', 'master']) {
    if (await resolveRef(repo, candidate).then(() => true, () => false)) return candidate;
  }
  throw new UsageError('no --base given and neither "main" nor "master" exists');
}

function progressPrinter(io: CliIo): (e: StepEvent) => void {
  return (e) => {
    const name = `${e.job.step.id} (${e.job.label})`;
    if (e.type === 'start') io.stderr(`▶ ${name}\n`);
    else io.stderr(`${e.run.outcome === 'completed' ? '✓' : '✗'} ${name} ${(e.run.durationMs / 1000).toFixed(1)} s${e.run.outcome === 'completed' ? ` exit ${String(e.run.exitCode)}` : ` ${e.run.outcome}`}\n`);
  };
}
