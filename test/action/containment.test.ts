/**
 * The attack from issue 8, run as GitHub runs it: `node dist/index.js` in its own process, GitHub's
 * example `pull_request` payload in GITHUB_EVENT_PATH, inputs as INPUT_* variables, the runner's own
 * ACTIONS_RUNTIME_TOKEN and an LLM API key in the environment, and GitHub behind a loopback stand-in
 * (GITHUB_API_URL). The pull request changes the test script the base configuration runs into the
 * probe (test/helpers/probe-step.ts): it dumps its environment and every readable /proc/<pid>/environ
 * and leaves detached processes behind. No token may appear in the dump and no process of the step may
 * be alive after the run — in every mode that runs verify steps: the Action's `gate` and `verify`, and
 * the CLI's `check` (bundled from src/ and run in its own process too).
 *
 * The bundle is dist/: on a branch whose dist/ is stale, run `npm run build:action` first.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectCapabilities } from '../../src/local/contain.js';
import { examplePayload, runnerEnv } from '../helpers/action-env.js';
import { VALID_HANDOFF } from '../helpers/gate-input.js';
import { gitRepo } from '../helpers/git-repo.js';
import { loopbackGitHub, type LoopbackGitHub } from '../helpers/loopback-github.js';
import { killTagged, probeStep, processesTagged } from '../helpers/probe-step.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const secret = (prefix: string) => `${prefix}${randomBytes(12).toString('hex')}`;
const SECRETS = { 'INPUT_GITHUB-TOKEN': secret('ghs_'), ACTIONS_RUNTIME_TOKEN: secret('rt-'), ACTIONS_ID_TOKEN_REQUEST_TOKEN: secret('oidc-'), OPENAI_API_KEY: secret('sk-'), GITHUB_TOKEN: secret('ghs_') };
const capabilities = await detectCapabilities();
const expectedLevel = capabilities.wrapper ? 'pid-namespace' : capabilities.reaper ? 'subreaper' : 'session';
if (!capabilities.wrapper) console.warn(`containment.test: no PID namespace here (${capabilities.reason}): the steps get "${expectedLevel}", so the /proc leak check cannot pass here and is reported instead`);

let gh: LoopbackGitHub;
let cli: string;
beforeAll(async () => {
  gh = await loopbackGitHub();
  const out = mkdtempSync(join(tmpdir(), 'hg-cli-bundle-'));
  await build({
    stdin: { contents: "import { main } from './src/cli/main.ts';\nprocess.exitCode = await main(process.argv.slice(2), { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t), env: process.env, cwd: process.cwd(), isTTY: false });\n", resolveDir: root, loader: 'ts' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    mainFields: ['module', 'main'], // as scripts/build-action.js: jsonc-parser's `main` is a UMD wrapper
    outfile: join(out, 'cli.mjs'),
    banner: { js: "import { createRequire as __r } from 'node:module'; const require = __r(import.meta.url);" },
    logLevel: 'error',
  });
  cli = join(out, 'cli.mjs');
});
afterAll(() => gh.close());

/** The repository: the base runs `sh scripts/test.sh`; the pull request turns that script into the probe. */
function attackRepo(containment = 'auto') {
  const out = mkdtempSync(join(tmpdir(), 'hg-attack-'));
  const probe = probeStep(out);
  const repo = gitRepo(
    { '.github/handoff-gate.yml': `verify:\n  containment: ${containment}\n  steps:\n    - id: test\n      run: sh scripts/test.sh\n`, 'scripts/test.sh': 'echo base tests pass\n' },
    { 'scripts/test.sh': `${probe.run}\n`, '.handoff/h.json': JSON.stringify(VALID_HANDOFF) },
  );
  return { repo, probe };
}

function runProcess(args: string[], env: Record<string, string>, cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** What the probe found: which secrets it read, and which of its processes are still alive. */
async function findings(probe: ReturnType<typeof probeStep>) {
  const dump = probe.read();
  const size = () => (existsSync(probe.heartbeat) ? statSync(probe.heartbeat).size : 0);
  const before = size();
  await new Promise((resolve) => setTimeout(resolve, 300));
  const survivors = processesTagged(probe.tag);
  const heartbeatGrew = size() > before;
  killTagged(probe.tag);
  const own = dump.split('\n== /proc/')[0] ?? '';
  const leaked = (text: string) => Object.entries(SECRETS).filter(([, value]) => text.includes(value)).map(([name]) => name);
  return { ran: own.includes('== self'), ownEnv: leaked(own), leaked: leaked(dump), survivors: survivors.length, heartbeatGrew };
}

async function runAction(mode: 'gate' | 'verify', containment = 'auto') {
  const { repo, probe } = attackRepo(containment);
  const payload = examplePayload('pull_request', 'opened');
  payload.pull_request.head.sha = repo.headSha;
  payload.pull_request.base.sha = repo.baseSha;
  payload.pull_request.head.ref = 'agent/x';
  const runner = runnerEnv('pull_request', payload, repo.dir, { mode, 'fail-on': 'never' });
  const env = { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp', LANG: 'C.UTF-8', CI: 'true', GITHUB_ACTIONS: 'true', ...runner.env, ...SECRETS, GITHUB_API_URL: gh.url };
  const result = await runProcess([join(root, 'dist/index.js')], env, repo.dir);
  return { result, runner, repo, probe, found: await findings(probe) };
}

/** One line per run for the report (the figures issue 8 asks for). */
const log = (what: string, found: Awaited<ReturnType<typeof findings>>, level: string) =>
  console.log(`containment probe (${what}): ran=${String(found.ran)} leaks=${found.leaked.length} [${found.leaked.join(', ')}] survivors=${found.survivors} containment=${level}`);

describe('the probe step cannot take the token or outlive the run', () => {
  it.each(['gate', 'verify'] as const)('the Action bundle, mode %s', async (mode) => {
    const { result, runner, repo, found } = await runAction(mode);
    log(`Action mode ${mode}`, found, expectedLevel);
    expect(result.code, result.stderr + result.stdout).toBe(0);
    expect(found.ran).toBe(true);
    expect(found.ownEnv).toEqual([]);
    expect(found.survivors).toBe(0);
    expect(found.heartbeatGrew).toBe(false);
    // Without a PID namespace the Action's own /proc/<pid>/environ stays readable (said above).
    if (expectedLevel === 'pid-namespace') expect(found.leaked).toEqual([]);
    // The gate still did its work with the real token, and says how the step was contained.
    expect(result.stdout).toContain(`test (head): completed, exit 0`);
    expect(result.stdout).toContain(`contained: ${expectedLevel}`);
    expect(gh.requests.some((r) => r.authorization === `token ${SECRETS['INPUT_GITHUB-TOKEN']}`)).toBe(true);
    if (mode === 'gate') {
      const report = JSON.parse(readFileSync(runner.outputs()['report-path'] ?? join(repo.dir, 'handoff-gate-report.json'), 'utf8')) as { steps: { id: string; containment?: { level: string } }[]; reasons: { code: string }[] };
      expect(report.steps[0]?.containment?.level).toBe(expectedLevel);
      expect(report.reasons.some((r) => r.code === 'verify.containment-weak')).toBe(expectedLevel !== 'pid-namespace');
    }
  });

  it('the Action bundle, mode gate, told not to use namespaces (verify.containment: session)', async () => {
    const level = capabilities.reaper ? 'subreaper' : 'session';
    const { result, runner, found } = await runAction('gate', 'session');
    log('Action mode gate, verify.containment: session', found, level);
    expect(result.code, result.stderr + result.stdout).toBe(0);
    expect(found.ownEnv).toEqual([]);
    // The bare session (no perl, not Linux) cannot catch a process that clears its environment and double-forks.
    if (level === 'subreaper') expect(found.survivors).toBe(0);
    const report = JSON.parse(readFileSync(runner.outputs()['report-path'] as string, 'utf8')) as { steps: { containment?: { level: string; reason?: string } }[]; reasons: { code: string; message: string }[] };
    expect(report.steps[0]?.containment).toMatchObject({ level, reason: 'verify.containment is "session"' });
    expect(report.reasons.find((r) => r.code === 'verify.containment-weak')?.message).toContain('ran without a PID namespace');
  });

  it('the CLI, check', async () => {
    const { repo, probe } = attackRepo();
    const reportFile = join(mkdtempSync(join(tmpdir(), 'hg-attack-report-')), 'report.json');
    const env = { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp', ...SECRETS };
    const result = await runProcess([cli, 'check', '--repo', repo.dir, '--base', 'main', '--json-report', reportFile], env, repo.dir);
    const found = await findings(probe);
    log('CLI check', found, expectedLevel);
    expect(result.stderr).not.toContain('Error');
    expect(found.ran).toBe(true);
    expect(found.ownEnv).toEqual([]);
    expect(found.survivors).toBe(0);
    expect(found.heartbeatGrew).toBe(false);
    if (expectedLevel === 'pid-namespace') expect(found.leaked).toEqual([]);
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as { steps: { containment?: { level: string } }[] };
    expect(report.steps[0]?.containment?.level).toBe(expectedLevel);
  });
});
