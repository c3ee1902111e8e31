/** `handoff-gate check`: the whole gate on a local checkout. */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatJsonReport } from '../../core/report/json-report.js';
import { renderMarkdown } from '../../core/report/markdown.js';
import { renderText } from '../../core/report/text.js';
import { reviewFor } from '../../llm/review-for.js';
import type { GateResult } from '../../core/result.js';
import { resolveRef, topLevel } from '../../local/git.js';
import { ConfigError, runLocalGate } from '../../local/local-gate.js';
import { configInvalidResult } from '../../core/config-invalid-result.js';
import { rulesReview } from '../../core/review/rules-reviewer.js';
import type { StepEvent } from '../../local/run-steps.js';
import { EXIT } from '../exit-codes.js';
import { UsageError, writeUserFile, type CliIo } from '../io.js';


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
  let reviewed: Awaited<ReturnType<typeof reviewFor>>;
  let configError: ConfigError | undefined;
  try {
    const { result: rulesResult, config, materials } = await runLocalGate({
      repo,
      base,
      head: values.head,
      // The head branch: --branch, else GITHUB_HEAD_REF (pull_request workflows), else the checked-out branch.
      ...((values.branch ?? io.env['GITHUB_HEAD_REF']) ? { branch: values.branch ?? io.env['GITHUB_HEAD_REF'] } : {}),
      skipVerify: values['skip-verify'] ?? false,
      env: io.env,
      ...(showProgress ? { onStepEvent: progressPrinter(io) } : {}),
    });
    // The LLM reviewer (when configured) may lower the decision, never raise it.
    reviewed = await reviewFor(rulesResult, materials, config, io.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // An invalid base configuration is still a result: every format (and the JSON report an agent
    // reads) says config.invalid with the positions; the exit code says 78.
    configError = error;
    io.stderr(`handoff-gate: ${error.message}\n`);
    const result = await configInvalidResult(error.problems);
    reviewed = { result, review: rulesReview(result), calls: [] };
  }
  const { result, review, calls } = reviewed;
  if (reviewed.fallback) io.stderr(`handoff-gate: the LLM review is unavailable (${reviewed.fallback}); the rules review is used\n`);
  const rendered = format === 'json' ? formatJsonReport(result, review, calls) : format === 'markdown' ? `${renderMarkdown(result, review)}\n` : renderText(result);
  if (values.output) await writeUserFile(resolve(io.cwd, values.output), rendered);
  else io.stdout(rendered);
  if (values['json-report']) await writeUserFile(resolve(io.cwd, values['json-report']), formatJsonReport(result, review, calls));
  return configError ? EXIT.CONFIG : exitCodeOf(result);
}

/**
 * The exit code follows the decision, not the verdict, so a decision an LLM reviewer lowered is what
 * an agent loop sees: 0 accepted, 1 in_progress, 2 blocked or rejected.
 */
export function exitCodeOf(result: Pick<GateResult, 'decision'>): number {
  return result.decision === 'accepted' ? EXIT.PASS : result.decision === 'in_progress' ? EXIT.FAIL : EXIT.BLOCKED;
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
