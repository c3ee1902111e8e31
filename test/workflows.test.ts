/**
 * The workflow files users copy (workflows/) and this repository's own (.github/workflows/) keep
 * their security properties: exactly the permissions each needs, untrusted code only where the token
 * is read-only, and the trusted gate never checking out or running the pull request's code.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Workflow {
  name: string;
  'run-name'?: string;
  on: Record<string, any>;
  permissions: Record<string, string>;
  jobs: Record<string, { if?: string; concurrency?: unknown; steps: Step[] }>;
}

const read = (dir: string, file: string) => {
  const text = readFileSync(new URL(`../${dir}/${file}`, import.meta.url), 'utf8');
  return { text, workflow: parse(text) as Workflow };
};
const steps = (w: Workflow) => Object.values(w.jobs).flatMap((j) => j.steps);
const events = (w: Workflow) => Object.keys(w.on);

/** Exactly these permissions, per file (least privilege; a new scope must be added here on purpose). */
const PERMISSIONS: Record<string, Record<string, string>> = {
  'workflows/handoff-gate-verify.yml': { contents: 'read', actions: 'read' },
  'workflows/handoff-gate.yml': { contents: 'read', checks: 'write', 'pull-requests': 'write', actions: 'read' },
  'workflows/handoff-gate-single-job.yml': { contents: 'read', checks: 'write', 'pull-requests': 'write' },
  'workflows/handoff-gate-commands.yml': { contents: 'read', 'pull-requests': 'write', issues: 'write', actions: 'write' },
  '.github/workflows/handoff-gate-verify.yml': { contents: 'read', actions: 'read' },
  '.github/workflows/handoff-gate.yml': { contents: 'read', checks: 'write', 'pull-requests': 'write', actions: 'read' },
  '.github/workflows/handoff-gate-commands.yml': { contents: 'read', 'pull-requests': 'write', issues: 'write', actions: 'write' },
  '.github/workflows/ci.yml': { contents: 'read' },
  '.github/workflows/release.yml': { contents: 'write' },
};

const shipped = [...readdirSync(new URL('../workflows/', import.meta.url)).map((f) => `workflows/${f}`), ...readdirSync(new URL('../.github/workflows/', import.meta.url)).map((f) => `.github/workflows/${f}`)].filter((f) => f.endsWith('.yml'));

describe('workflow permissions', () => {
  it('every workflow file is listed here', () => {
    expect(shipped.sort()).toEqual(Object.keys(PERMISSIONS).sort());
  });

  it.each(Object.entries(PERMISSIONS))('%s has exactly its permissions', (path, expected) => {
    const [dir, file] = [path.slice(0, path.lastIndexOf('/')), path.slice(path.lastIndexOf('/') + 1)];
    expect(read(dir, file).workflow.permissions).toEqual(expected);
  });
});

describe.each(['workflows', '.github/workflows'])('%s: the split gate', (dir) => {
  const verify = read(dir, 'handoff-gate-verify.yml');
  const gate = read(dir, 'handoff-gate.yml');

  it('verify runs the pull request code on pull_request and on /gate rerun dispatches (and the default branch on push), read-only, and uploads the evidence artifact', () => {
    expect(events(verify.workflow).sort()).toEqual(['pull_request', 'push', 'workflow_dispatch']);
    const inputs = (verify.workflow.on['workflow_dispatch'] as { inputs: Record<string, { required: boolean; type: string }> }).inputs;
    expect(Object.keys(inputs).sort()).toEqual(['base_sha', 'head_sha', 'pull_request', 'steps']);
    for (const input of Object.values(inputs)) expect(input).toMatchObject({ required: true, type: 'string' });
    // The run's title is how the trusted side finds a re-run's pull request and head.
    expect(verify.workflow['run-name']).toContain("format('handoff-gate verify: #{0} at {1} [{2}]', inputs.pull_request, inputs.head_sha, inputs.steps)");
    const checkout = steps(verify.workflow).find((s) => s.uses?.startsWith('actions/checkout@'));
    expect(checkout?.with?.['ref']).toBe('${{ github.event.pull_request.head.sha || inputs.head_sha || github.sha }}');
    // A dispatched re-run runs in the default branch's cache scope: the head's code must not write a cache there.
    for (const s of steps(verify.workflow)) if (s.with && 'cache' in s.with) expect(s.with['cache']).toBe("${{ github.event_name == 'pull_request' && 'npm' || '' }}");
    // A re-run of the same steps supersedes an older one still going; a pull request's runs keep their own group.
    const job = Object.values(verify.workflow.jobs)[0];
    expect(job?.concurrency).toEqual({ group: "handoff-gate-verify-${{ github.event.pull_request.number || inputs.pull_request || github.sha }}${{ inputs.steps && format('-{0}', inputs.steps) || '' }}", 'cancel-in-progress': true });
    // Dispatch inputs are anyone-with-write's text: never interpolated into a shell line.
    for (const s of steps(verify.workflow)) expect(s.run ?? '').not.toMatch(/\$\{\{[^}]*(inputs\.|github\.event)/);
    expect(verify.workflow.name).toBe('handoff-gate verify');
    const action = steps(verify.workflow).find((s) => s.with?.['mode'] === 'verify');
    expect(action).toBeDefined();
    const upload = steps(verify.workflow).find((s) => s.uses?.startsWith('actions/upload-artifact@'));
    expect(upload?.with).toMatchObject({ name: 'handoff-gate-evidence', path: '${{ steps.verify.outputs.evidence-path }}', 'if-no-files-found': 'error', overwrite: true });
  });

  it('verify publishes the baseline only from pushes to the default branch, as its own artifact', () => {
    // A push run executes the pushed commit's code: only the protected default branch makes that trusted.
    expect(verify.workflow.on['push']).toEqual({ branches: ['main'] });
    const uploads = steps(verify.workflow).filter((s) => s.uses?.startsWith('actions/upload-artifact@')) as (Step & { if?: string })[];
    expect(uploads.map((u) => [u.if, u.with?.['name']])).toEqual([
      ["github.event_name != 'push'", 'handoff-gate-evidence'],
      ["github.event_name == 'push'", 'handoff-gate-baseline'],
    ]);
    expect(uploads[1]?.with).toMatchObject({ path: '${{ steps.verify.outputs.evidence-path }}', 'if-no-files-found': 'error' });
    // Each pushed commit keeps its own run (never cancelled by the next push): its group ends in its SHA.
    expect(JSON.stringify(verify.workflow.jobs['verify']?.concurrency)).toContain('|| github.sha }}');
  });

  it('the gate runs from the default branch on workflow_run of the verify workflow and pull_request_target', () => {
    expect(events(gate.workflow).sort()).toEqual(['pull_request_target', 'workflow_run']);
    expect(gate.workflow.on['workflow_run']).toEqual({ workflows: [verify.workflow.name], types: ['completed'] });
    for (const job of Object.values(gate.workflow.jobs)) {
      expect(job.if).toContain("github.event.workflow_run.event == 'pull_request'");
      expect(job.if).toContain("github.event.workflow_run.event == 'workflow_dispatch'");
    }
  });

  it('the gate never checks out or runs the pull request\'s code', () => {
    for (const s of steps(gate.workflow)) {
      expect(s.run, 'no shell steps in the trusted gate').toBeUndefined();
      expect(s.with?.['mode'] ?? 'gate').toBe('gate');
      if (s.uses?.startsWith('actions/checkout')) expect(s.with?.['ref'], 'a checkout in the gate is the default branch only').toBeUndefined();
    }
    // No step is given anything of the head (its SHA, ref or branch); the concurrency group may name it.
    expect(JSON.stringify(steps(gate.workflow))).not.toMatch(/pull_request\.head|workflow_run\.head|head_ref/);
    expect(gate.text).not.toMatch(/npm (ci|install|test)|setup-node/);
  });
});

describe.each(readdirSync(new URL('../workflows/', import.meta.url)).filter((f) => f.endsWith('.yml')))('workflows/%s', (file) => {
  const { text, workflow } = read('workflows', file);

  it('runs the published Action, has no paths filter, and one concurrency group per pull request or head', () => {
    expect(text).not.toMatch(/^\s+paths(-ignore)?:/m);
    expect(steps(workflow).some((s) => s.uses?.startsWith('handoff-gate/handoff-gate@'))).toBe(true);
    for (const job of Object.values(workflow.jobs)) expect(JSON.stringify(job.concurrency)).toMatch(/github\.event\.(pull_request|issue)\.number|head_sha|head\.sha/);
  });

  it('pull_request_target and issue_comment workflows never check out pull request code', () => {
    if (!('pull_request_target' in workflow.on) && !('issue_comment' in workflow.on)) return;
    expect(steps(workflow).some((s) => s.uses?.startsWith('actions/checkout'))).toBe(false);
  });

  it('the single-job workflow says it is for trusted repositories only', () => {
    if (file !== 'handoff-gate-single-job.yml') return;
    expect(text).toContain('FOR TRUSTED REPOSITORIES ONLY');
    expect(text).toContain('SECURITY.md');
    expect(events(workflow)).toEqual(['pull_request']);
  });
});
