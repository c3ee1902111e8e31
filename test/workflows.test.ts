/** The workflow files users copy keep their security properties. */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const dir = new URL('../workflows/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.yml'));

describe.each(files)('workflows/%s', (file) => {
  const text = readFileSync(new URL(file, dir), 'utf8');
  const workflow = parse(text) as { on: Record<string, unknown>; permissions: Record<string, string>; jobs: Record<string, { concurrency?: unknown; steps: { uses?: string; with?: Record<string, unknown> }[] }> };

  it('never uses pull_request_target and has no paths filter', () => {
    expect(Object.keys(workflow.on)).not.toContain('pull_request_target');
    expect(text).not.toMatch(/^\s+paths(-ignore)?:/m);
  });

  it('declares least-privilege permissions (no write-all, nothing beyond what the Action uses)', () => {
    const allowed = new Set(['contents:read', 'checks:write', 'pull-requests:write', 'issues:write', 'actions:write']);
    for (const [scope, level] of Object.entries(workflow.permissions)) expect(allowed, `${scope}: ${level}`).toContain(`${scope}:${level}`);
    expect(workflow.permissions['contents']).toBe('read');
  });

  it('has a concurrency group per pull request and runs the Action', () => {
    for (const job of Object.values(workflow.jobs)) expect(JSON.stringify(job.concurrency)).toMatch(/github\.event\.(pull_request|issue)\.number/);
    expect(Object.values(workflow.jobs).flatMap((j) => j.steps).some((s) => s.uses?.startsWith('handoff-gate/handoff-gate@'))).toBe(true);
  });

  it('does not check out pull request code when triggered by comments', () => {
    if (!('issue_comment' in workflow.on)) return;
    expect(Object.values(workflow.jobs).flatMap((j) => j.steps).some((s) => s.uses?.startsWith('actions/checkout'))).toBe(false);
  });
});
