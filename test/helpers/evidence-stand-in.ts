/**
 * The evidence side of GitHub for trusted-gate tests: a verify run's artifact list and its zip
 * download (GitHub's 302 to blob storage, then the archive from another host), behind nock.
 */
import { createRequire } from 'node:module';
import { zipSync } from 'fflate';
import nock from 'nock';
import { buildEvidence, formatEvidence } from '../../src/core/verify/evidence.js';
import { loadConfig } from '../../src/core/config/load-config.js';
import { buildBaselineEvidence, formatBaselineEvidence } from '../../src/core/verify/baseline-evidence.js';
import { withFingerprints, type Finding } from '../../src/core/verify/finding.js';
import type { StepResult } from '../../src/core/verify/step-result.js';
import type { StepVerdict } from '../../src/core/verdict/verify-reasons.js';
import { BASELINE_ARTIFACT, BASELINE_FILE } from '../../src/github/baseline-artifact.js';
import { EVIDENCE_ARTIFACT, EVIDENCE_FILE } from '../../src/github/evidence-artifact.js';
import type { mockGitHub } from './github-mock.js';

export const BLOB_HOST = 'https://pipelines.actions.githubusercontent.com';

/** A zip archive holding `files` (name → content), as upload-artifact would upload them. */
export function zipOf(files: Record<string, Uint8Array | string>, level: 0 | 6 = 6): Uint8Array {
  return zipSync(Object.fromEntries(Object.entries(files).map(([name, content]) => [name, typeof content === 'string' ? new TextEncoder().encode(content) : content])), { level });
}

/** A zip archive holding one evidence file. */
export const evidenceZip = (content: Uint8Array | string) => zipOf({ [EVIDENCE_FILE]: content });

/**
 * Serves run `runId`'s artifacts: none when `zip` is undefined, else one evidence artifact whose
 * listed size is `listedSize` (default the archive's size), named `name` (default the evidence's). The download is only mocked when `download`.
 */
export function serveArtifact(gh: ReturnType<typeof mockGitHub>, repoPath: string, runId: number, zip: Uint8Array | undefined, options: { listedSize?: number; download?: boolean; artifactId?: number; name?: string } = {}): void {
  const id = options.artifactId ?? 55;
  const artifacts = zip === undefined ? [] : [{ id, node_id: 'A', name: options.name ?? EVIDENCE_ARTIFACT, size_in_bytes: options.listedSize ?? zip.byteLength, url: '', archive_download_url: `https://api.github.com${repoPath}/actions/artifacts/${id}/zip`, expired: false, created_at: null, expires_at: null, updated_at: null }];
  gh.scope.get(`${repoPath}/actions/runs/${runId}/artifacts`).query(true).reply(200, { total_count: artifacts.length, artifacts });
  if (zip !== undefined && options.download !== false) {
    gh.scope.get(`${repoPath}/actions/artifacts/${id}/zip`).reply(302, '', { location: `${BLOB_HOST}/artifacts/${id}.zip?sig=x` });
    nock(BLOB_HOST).get(`/artifacts/${id}.zip`).query(true).reply(200, Buffer.from(zip), { 'content-type': 'application/zip' });
    // Taken evidence is followed by the look for `/gate rerun` runs of the head (none here).
    gh.scope.get(/\/actions\/workflows\/[^/]+\/runs$/).query((q) => q['event'] === 'workflow_dispatch').optionally().reply(200, { total_count: 0, workflow_runs: [] });
    gh.scope.get(repoPath).optionally().reply(200, { full_name: repoPath.replace('/repos/', ''), default_branch: 'main' });
  }
}

const require = createRequire(import.meta.url);
const examples = require('@octokit/webhooks-examples/api.github.com/index.json') as { name: string; examples: Record<string, any>[] }[];

/** The verify run in these tests. */
export const VERIFY_RUN_ID = 30433642;

/**
 * GitHub's example `workflow_run.completed` (the one without pull_requests, as for a fork), made a
 * run of our verify workflow on `headSha` from the fork `agent-fork`, branch `agent/x`.
 */
export function verifyRunPayload(headSha: string, fields: Record<string, unknown> = {}): Record<string, any> {
  const example = examples.find((e) => e.name === 'workflow_run')?.examples.find((x) => x['action'] === 'completed' && x['workflow_run'].conclusion === 'success' && x['workflow_run'].pull_requests.length === 0);
  const payload = structuredClone(example) as Record<string, any>;
  Object.assign(payload.workflow_run, { id: VERIFY_RUN_ID, run_attempt: 1, name: 'handoff-gate verify', path: '.github/workflows/handoff-gate-verify.yml', event: 'pull_request', head_sha: headSha, head_branch: 'agent/x', ...fields });
  payload.workflow_run.head_repository.owner.login = 'agent-fork';
  return payload;
}

/** A step verdict for step `id` with `errors` new error findings in src/a.test.ts line 5. */
export function stepWith(id: string, errors: number): StepVerdict {
  const newFindings = withFingerprints(id, Array.from({ length: errors }, () => ({ rule: 'test-failure', message: 'adds: expected 3 to be 4', severity: 'error' as const, file: 'src/a.test.ts', line: 5 })));
  return { id, required: true, status: errors > 0 ? 'failed' : 'passed', durationMs: 900, exitCode: errors > 0 ? 1 : 0, baselined: true, newFindings, preExisting: [], fixed: [], newErrors: errors };
}

/** Evidence bytes from the verify run for PR #2 of Codertocat/Hello-World; `fields` override the document. */
export function evidenceBytes(origin: { headSha: string; baseSha: string; configText: string }, steps: StepVerdict[], fields: Record<string, unknown> = {}): Uint8Array {
  const built = buildEvidence({ repository: 'Codertocat/Hello-World', pullRequest: 2, workflowRunId: VERIFY_RUN_ID, workflowRunAttempt: 1, ...origin }, steps);
  return formatEvidence({ ...built, ...fields });
}

/**
 * The base reads every API evaluation makes besides the handoffs: the base tree listing (handoff
 * history, dependsOn) and the root `.gitattributes` (generated files), here an empty base without one.
 * Unmatched, each would be retried by Octokit for ~14 s before failing.
 */
export function serveEmptyBase(gh: ReturnType<typeof mockGitHub>, repoPath: string, baseSha: string): void {
  gh.scope
    .get(`${repoPath}/git/trees/${baseSha}`).query({ recursive: '1' }).reply(200, { sha: baseSha, url: '', truncated: false, tree: [] })
    .get(`${repoPath}/contents/.gitattributes`).query({ ref: baseSha }).reply(404, { message: 'Not Found' });
}


/** The verify workflow's push run that published a baseline, as `GET /actions/runs` lists it. */
export function pushRunListing(id: number, commitSha: string, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { id, run_attempt: 1, name: 'handoff-gate verify', path: '.github/workflows/handoff-gate-verify.yml', event: 'push', status: 'completed', conclusion: 'success', head_sha: commitSha, head_branch: 'main', created_at: '2026-11-24T10:00:00Z', ...fields };
}

/**
 * Serves the default branch's published baseline for `commitSha`: the push-run listing (`runs`,
 * default one run `runId`) and, when `baseline` is given, run `runId`'s `handoff-gate-baseline` artifact.
 */
export function serveBaseline(gh: ReturnType<typeof mockGitHub>, repoPath: string, commitSha: string, runId: number, baseline: Uint8Array | undefined, runs: Record<string, unknown>[] = [pushRunListing(runId, commitSha)]): void {
  gh.scope.get(`${repoPath}/actions/runs`).query({ head_sha: commitSha, event: 'push', branch: 'main', status: 'success', per_page: '20' }).reply(200, { total_count: runs.length, workflow_runs: runs });
  if (baseline !== undefined) serveArtifact(gh, repoPath, runId, zipOf({ [BASELINE_FILE]: baseline }), { name: BASELINE_ARTIFACT, artifactId: 56 });
}

/** The failure an agent introduced on its head, in step `test`. */
export const HEAD_FAILURE = withFingerprints('test', [{ rule: 'test-failure', message: 'adds: expected 3 to be 4', severity: 'error' as const, file: 'src/a.test.ts', line: 5 }]);

/** Step `test` as evidence forged to call `HEAD_FAILURE` pre-existing (0 new errors). */
export const CLAIMING_PRE_EXISTING: StepVerdict = { ...stepWith('test', 0), status: 'failed', exitCode: 1, preExisting: HEAD_FAILURE };

/** The default branch's published baseline for `commitSha` (push run `runId`) with `findings` on every step of `configText`. */
export function publishedBaseline(commitSha: string, runId: number, configText: string, findings: Finding[]): Uint8Array {
  const loaded = loadConfig('.github/handoff-gate.yml', configText);
  if (!loaded.ok) throw new Error('invalid configuration');
  const steps = loaded.config.verify.steps;
  const results = steps.map((s): StepResult => ({ id: s.id, required: s.required, status: findings.length > 0 ? 'failed' : 'passed', durationMs: 5, exitCode: findings.length > 0 ? 1 : 0, findings }));
  return formatBaselineEvidence(buildBaselineEvidence({ repository: 'Codertocat/Hello-World', commitSha, workflowRunId: runId, workflowRunAttempt: 1, configText }, steps, results, new Map(steps.map((s) => [s.id, 'a'.repeat(64)]))));
}

/** What the trusted side asks to check pre-existing claims: the merge base (compare), then the published baseline. */
export function serveBaselineCheck(gh: ReturnType<typeof mockGitHub>, repoPath: string, baseSha: string, headSha: string, runId: number, baseline: Uint8Array | 'none-listed'): void {
  gh.scope.get(`${repoPath}/compare/${baseSha}...${headSha}`).query(true).reply(200, { merge_base_commit: { sha: baseSha } });
  if (baseline === 'none-listed') serveBaseline(gh, repoPath, baseSha, runId, undefined, []);
  else serveBaseline(gh, repoPath, baseSha, runId, baseline);
}
