/**
 * The `.github/handoff-gate.yml` configuration: one zod schema, from which the TypeScript
 * type is inferred and `schemas/handoff-gate-config.schema.json` (for editors) is generated.
 * Every field has a default, so an empty file is a useful configuration.
 */
import { z } from 'zod';
import { DEFAULT_VERIFY_CONFIG_PATHS } from '../guardrails/verify-config-paths.js';
import { refineConfig } from './config-refinements.js';
import { allowEntryProblem } from '../verify/step-env.js';
import { RUNNERS, runnerStepProblems } from '../verify/runners.js';

const level = z.enum(['block', 'fail', 'warn']).meta({ description: 'block → BLOCKED, fail → FAIL, warn → reported only.' });
const globs = z.array(z.string().min(1)).meta({ description: 'picomatch globs, matched against repository-relative paths.' });
/** A step, gate or role id: what may appear in a command, a record, a dispatch input and a concurrency group. */
export const IDENTIFIER_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;
const identifier = z.string().regex(IDENTIFIER_PATTERN, 'letters, digits, ".", "_" or "-", at most 63 characters');

export const verifyStepSchema = z
  .strictObject({
    id: identifier.meta({ description: 'Step id; handoff claims name it in `check`.' }),
    run: z.string().min(1).meta({ description: 'Shell command, run with `sh -c` in the repository root.' }),
    format: z
      .enum(['eslint-json', 'tsc', 'junit', 'exit-code'])
      .default('exit-code')
      .meta({ description: 'How to turn the output into findings.' }),
    reportFile: z
      .string()
      .min(1)
      .optional()
      .meta({ description: 'Read the report from this file (relative to the repository) instead of stdout.' }),
    timeout: z.number().positive().max(6 * 3600).default(600).meta({ description: 'Seconds before the step is killed.' }),
    required: z.boolean().default(true).meta({ description: 'A required step that cannot run BLOCKS; new findings FAIL.' }),
    baseline: z.boolean().default(true).meta({ description: 'Compare with the base so only new findings count.' }),
    maxOutputBytes: z
      .number()
      .int()
      .positive()
      .max(256 * 1024 * 1024)
      .default(32 * 1024 * 1024)
      .meta({ description: 'Output beyond this many bytes is cut and the step is an error (fail closed).' }),
    protectTests: z
      .boolean()
      .optional()
      .meta({ description: "When existing test files or test infrastructure change, also run the base's versions of them against the head's code (default: true for `format: junit`)." }),
    runner: z
      .enum(RUNNERS)
      .optional()
      .meta({ description: 'The test runner `run` starts: the gate adds its JUnit reporter flags and environment, reads the report from a file it chooses, and parses it as `format: junit` (no `reportFile`).' }),
  })
  .superRefine(runnerStepProblems)
  .meta({ description: 'One check the gate runs.' });

const forbiddenPatternSchema = z.strictObject({
  id: identifier,
  pattern: z.string().min(1).meta({ description: 'JavaScript regular expression, tested on each added line.' }),
  flags: z.string().regex(/^[imsu]*$/).default(''),
  paths: globs.default(['**']),
  level: level.default('block'),
  message: z.string().min(1),
  secret: z.boolean().default(false).meta({ description: 'Report as guardrail.secret and never echo the line.' }),
});

const approversSchema = z.strictObject({
  roles: z.array(z.string()).default([]),
  users: z.array(z.string()).default([]),
  teams: z.array(z.string()).default([]).meta({ description: 'org/team-slug' }),
});

/** One model of the LLM reviewer. API keys never come from here: OPENAI_API_KEY / ANTHROPIC_API_KEY in the environment. */
export const modelSchema = z.strictObject({
  provider: z.enum(['openai', 'anthropic']),
  model: z.string().min(1),
  baseUrl: z.url().optional().meta({ description: 'OpenAI-compatible endpoint (a self-hosted model, a proxy).' }),
  inputUsdPerMTok: z.number().nonnegative().default(0).meta({ description: 'Price per million input tokens, for the cost ceiling and the audit.' }),
  outputUsdPerMTok: z.number().nonnegative().default(0),
});

export const gateSchema = z.strictObject({
  id: identifier,
  description: z.string().default(''),
  when: z
    .strictObject({
      always: z.boolean().default(false),
      paths: globs.default([]).meta({ description: 'Applies when the pull request touches any of these paths.' }),
      requiresApprovalRole: z.string().optional().meta({ description: 'Applies when a handoff asks for this role.' }),
    })
    .prefault({}),
  approvers: approversSchema.prefault({}),
  count: z.number().int().min(1).max(10).default(1),
  allowAuthor: z.boolean().default(false).meta({ description: 'May the pull request author approve?' }),
  dismissOnPush: z.boolean().default(true).meta({ description: 'Approvals before the latest push no longer count.' }),
  nativeReviews: z
    .boolean()
    .default(false)
    .meta({ description: "Count GitHub's own review approvals on the head commit from the gate's listed users (and the users of its roles)." }),
});

export const configSchema = z
  .strictObject({
    handoffs: z
      .strictObject({
        paths: globs.default(['.handoff/**/*.{json,yml,yaml}', 'handoffs/**/*.{json,yml,yaml}']),
        required: z.boolean().default(true).meta({ description: 'A pull request with no handoff FAILs.' }),
        versions: z.array(z.string()).default(['1.0']).meta({ description: 'Schema versions accepted.' }),
        appendOnly: globs.default(['**/*.jsonl']).meta({ description: 'Files that may only be appended to.' }),
        maxBytes: z.number().int().positive().max(16 * 1024 * 1024).default(1024 * 1024),
      })
      .prefault({}),
    reports: z
      .strictObject({
        paths: globs.default(['docs/runs/**/*.md']),
        uncheckedItems: level.default('fail').meta({ description: 'Level of an unchecked `- [ ]` item in a run report.' }),
        openHighRisks: level
          .default('fail')
          .meta({ description: 'Level of an open High/Red or Critical risk the run report states (risk register, risk or blocked section).' }),
      })
      .prefault({}),
    verify: z
      .strictObject({
        parallelism: z.number().int().min(0).max(64).default(0).meta({ description: '0 = one per CPU.' }),
        steps: z.array(verifyStepSchema).max(50).default([]),
        containment: z
          .enum(['auto', 'pid-namespace', 'session'])
          .default('auto')
          .meta({
            description:
              'auto: each step in its own PID namespace when the machine allows it (unshare or bwrap), else its own session only (reported); pid-namespace: a step that cannot get one is an error (fail closed); session: never use namespaces.',
          }),
        env: z
          .strictObject({
            allow: z
              .array(
                z.string().superRefine((entry, ctx) => {
                  const problem = allowEntryProblem(entry);
                  if (problem) ctx.addIssue({ code: 'custom', message: problem });
                }),
              )
              .max(100)
              .default([])
              .meta({ description: 'Variables passed to verify steps beyond the built-in allow-list: NAME or PREFIX_*. Credentials (INPUT_*, ACTIONS_*, *TOKEN*, *SECRET*, *_KEY, …) are never passed.' }),
          })
          .prefault({}),
        testInfraPaths: globs
          .default(['**/test/**', '**/tests/**', '**/__tests__/**', '**/spec/**', '**/testdata/**', '**/fixtures/**', '**/conftest.py', '**/{jest,vitest}.setup.*', '**/setupTests.*'])
          .meta({ description: "Test infrastructure (helpers, fixtures, setup files): when an existing one changes, the base's version runs against the head's code with the tests (protectTests)." }),
        setup: z
          .strictObject({
            run: z.string().min(1).meta({ description: 'Shell command that installs dependencies and builds what the tests need (e.g. `npm ci && npm run build`), run in the head and in the base checkout before the steps.' }),
            timeout: z.number().positive().max(6 * 3600).default(900).meta({ description: 'Seconds before setup is killed.' }),
          })
          .optional()
          .meta({ description: "The base is built like the head (issue 9). Without it, the head's node_modules is reused for the base only when the dependency files are identical." }),
      })
      .prefault({}),
    baseline: z
      .strictObject({
        mode: z
          .enum(['worktree', 'file', 'none'])
          .default('worktree')
          .meta({ description: 'worktree: run the steps on the merge base; file: read `file`; none: every finding is new.' }),
        file: z.string().default('.github/handoff-gate-baseline.json'),
        cache: z
          .boolean()
          .default(true)
          .meta({ description: 'worktree mode: keep the base results per base commit, step and dependency fingerprint in .git/handoff-gate/, so the base is verified once.' }),
      })
      .prefault({}),
    guardrails: z
      .strictObject({
        protectedPaths: z
          .strictObject({
            level: level.default('block'),
            paths: globs.default(['.github/**', '**/migrations/**', '**/package-lock.json', '**/yarn.lock', '**/pnpm-lock.yaml', '**/.env*']),
          })
          .prefault({}),
        gateFiles: z
          .strictObject({
            level: level.default('block'),
            paths: globs
              .default(['.github/handoff-gate.yml', '.github/handoff-gate-baseline.json', '.github/workflows/handoff-gate*.yml', 'CODEOWNERS', '.github/CODEOWNERS', 'docs/CODEOWNERS'])
              .meta({ description: 'CODEOWNERS (at each place GitHub reads it) and `baseline.file` are gate files even when not listed.' }),
          })
          .prefault({}),
        generated: z
          .strictObject({
            gitattributes: z.boolean().default(true).meta({ description: 'Treat files marked `linguist-generated` in the BASE tree\'s .gitattributes as generated.' }),
            paths: globs
              .default(['dist/**', '**/*.min.js', '**/*.min.css', '**/*.map', '**/package-lock.json', '**/yarn.lock', '**/pnpm-lock.yaml', '**/Cargo.lock', '**/poetry.lock', '**/go.sum'])
              .meta({ description: 'Generated files: the forbidden-pattern scan skips them (secrets and invisible characters excepted); path rules still apply.' }),
          })
          .prefault({}),
        ignorePaths: globs.default([]).meta({ description: 'Paths the forbidden-pattern scan skips (e.g. test fixtures).' }),
        forbiddenPatterns: z.array(forbiddenPatternSchema).default([]).meta({ description: 'Added to the built-in patterns.' }),
        disabledPatterns: z.array(z.string()).default([]).meta({ description: 'Ids of built-in patterns to turn off (`secretlint` turns off the secret ruleset).' }),
        patternLevels: z.record(z.string(), level).default({}).meta({ description: 'Override the level of a built-in pattern (or `secretlint`) by id.' }),
        testsDeleted: z
          .strictObject({
            level: level.default('block'),
            paths: globs.default(['**/*.{test,spec}.{ts,tsx,js,jsx,mjs,cjs}', '**/test_*.py', '**/*_test.py', '**/*_test.go']),
          })
          .prefault({}),
        verifyConfig: z
          .strictObject({
            level: level.default('block'),
            paths: globs.default(DEFAULT_VERIFY_CONFIG_PATHS).meta({ description: "Files that configure the verify steps' tools; changing one is guardrail.verify-config-changed." }),
            packageScripts: z.boolean().default(true).meta({ description: 'Changing a package.json script a verify step runs (with its pre/post hooks and the scripts it calls).' }),
            lifecycleScripts: z.boolean().default(true).meta({ description: 'Adding or changing preinstall/install/postinstall/prepare in any package.json.' }),
          })
          .prefault({})
          .meta({ description: 'Verify-tool configuration as gate files (issue 9).' }),
        harnessTampering: z
          .strictObject({
            level: z.enum(['block', 'fail', 'warn', 'off']).default('block').meta({ description: 'Level of guardrail.harness-tampering (code that detects or patches the test harness); off turns the rule off.' }),
            testPaths: globs
              .default([
                '**/*.{test,spec}.{ts,tsx,js,jsx,mjs,cjs,mts,cts}',
                '**/{test,tests,__tests__,__mocks__,testing}/**',
                '**/__snapshots__/**',
                '**/test_*.py',
                '**/*_test.py',
                '**/conftest.py',
                '**/{vitest,jest,playwright}.config.*',
                '**/{vitest,jest}.setup.*',
                '**/setup{Tests,-tests,_tests}.*',
                '**/{bench,benchmarks}/**',
              ])
              .meta({ description: 'Test and benchmark code: the rule does not look at these files.' }),
            excludePaths: globs
              .default(['**/dist/**', '**/vendor/**', '**/node_modules/**', '**/*.min.{js,mjs,cjs}', '**/*.bundle.{js,mjs,cjs}'])
              .meta({ description: 'Generated or vendored code the rule does not read (a bundle is rebuilt from the sources it does read; check that it matches them in CI).' }),
            entryPoints: globs
              .default(['bin/**', '**/bin/**', '**/cli.{js,mjs,cjs,ts,mts,py}', '**/cli/**', '**/__main__.py', 'scripts/**', '**/scripts/**', 'manage.py', 'setup.py'])
              .meta({ description: 'Programs (CLIs, scripts) that may call process.exit / sys.exit; files with a #! line count too.' }),
          })
          .prefault({}),
        branches: z
          .strictObject({
            level: level.default('block'),
            allow: globs.default([]).meta({ description: 'Allowed head branch names; empty = any.' }),
          })
          .prefault({}),
      })
      .prefault({}),
    gates: z.array(gateSchema).max(20).default([]),
    roles: z
      .record(z.string(), approversSchema.omit({ roles: true }))
      .default({})
      .meta({ description: 'role → users and teams.' }),
    delegation: z
      .strictObject({
        enforce: z.boolean().default(false).meta({ description: 'When true, delegateTo must be allowed by `allow`.' }),
        allow: z.record(z.string(), z.array(z.string())).default({}).meta({ description: 'agent → agents it may hand to.' }),
      })
      .prefault({}),
    review: z
      .strictObject({
        reviewer: z.enum(['rules', 'llm']).default('rules').meta({ description: 'rules (no network) or llm (two models; the rules keep the last word).' }),
        maxReportChars: z.number().int().positive().default(20000),
        assistant: modelSchema.optional().meta({ description: 'The fast model that drafts risks, missing deliverables and follow-ups.' }),
        decider: modelSchema.optional().meta({ description: 'The stronger model that writes the final decision.' }),
        limits: z
          .strictObject({
            maxInputChars: z.number().int().positive().max(500_000).default(24_000).meta({ description: 'Untrusted text sent per request (the rest is cut, and the request says so).' }),
            maxOutputTokens: z.number().int().positive().max(32_000).default(2_000),
            timeoutSeconds: z.number().positive().max(600).default(60),
            retries: z.number().int().min(0).max(5).default(2).meta({ description: 'Retries of a failed request (429 honours retry-after; 5xx).' }),
            maxCostUsd: z.number().nonnegative().default(0.5).meta({ description: 'Ceiling per review; a call that could exceed it is not made.' }),
            maxDiffChars: z.number().int().min(0).max(500_000).default(24_000).meta({ description: 'Characters of the diff the assistant reads for suspected cheats (0 = none; the rest is cut, and the request says so).' }),
          })
          .prefault({}),
        cheatConfidence: z
          .number()
          .min(0)
          .max(1)
          .default(0.8)
          .meta({ description: 'A suspected cheat the model reports with at least this confidence, and no rule reported, lowers the decision to blocked (review.suspected-cheat).' }),
      })
      .superRefine((review, ctx) => {
        if (review.reviewer !== 'llm') return;
        for (const tier of ['assistant', 'decider'] as const) {
          if (!review[tier]) ctx.addIssue({ code: 'custom', path: [tier], message: `review.reviewer is llm, so review.${tier} (provider and model) is required` });
        }
      })
      .prefault({}),
    commands: z.strictObject({ prefix: z.string().regex(/^\/\S+$/).default('/gate') }).prefault({}),
  })
  .superRefine(refineConfig)
  .meta({
    title: 'handoff-gate configuration',
    description: '.github/handoff-gate.yml — read from the base branch of the pull request.',
  });

/** The configuration after defaults are applied. */
export type GateConfig = z.output<typeof configSchema>;
/** One verify step after defaults. */
export type VerifyStepConfig = z.output<typeof verifyStepSchema>;
/** One model of the LLM reviewer, after defaults. */
export type ModelConfig = z.output<typeof modelSchema>;
/** One approval gate after defaults. */
export type GateRule = z.output<typeof gateSchema>;

/** The configuration an empty (or absent) file gives. */
export function defaultConfig(): GateConfig {
  return configSchema.parse({});
}
