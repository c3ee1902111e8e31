/**
 * The workflow run's context, read from the runner's environment as data (never `@actions/github`'s
 * import-time `context`): event name, payload, repository, run URL.
 * Source: https://docs.github.com/en/actions/reference/variables-reference#default-environment-variables
 */
import { readFile } from 'node:fs/promises';
import type { RepoRef } from '../github/client.js';

export interface ActionEvent {
  name: string;
  payload: Record<string, unknown>;
  repo: RepoRef;
  workspace: string;
  /** Link to this workflow run (the check run's details URL). */
  runUrl?: string;
  serverUrl: string;
}

/** Reads `GITHUB_EVENT_NAME`, `GITHUB_EVENT_PATH`, `GITHUB_REPOSITORY`, `GITHUB_WORKSPACE`. Throws when one is missing. */
export async function readEvent(env: NodeJS.ProcessEnv): Promise<ActionEvent> {
  const name = env['GITHUB_EVENT_NAME'];
  const path = env['GITHUB_EVENT_PATH'];
  const full = env['GITHUB_REPOSITORY'];
  if (!name || !path || !full?.includes('/')) throw new Error('not running in GitHub Actions: GITHUB_EVENT_NAME, GITHUB_EVENT_PATH and GITHUB_REPOSITORY must be set');
  const [owner, repo] = full.split('/') as [string, string];
  const payload = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
  const serverUrl = env['GITHUB_SERVER_URL'] ?? 'https://github.com';
  const runId = env['GITHUB_RUN_ID'];
  return { name, payload, repo: { owner, repo }, workspace: env['GITHUB_WORKSPACE'] ?? process.cwd(), serverUrl, ...(runId ? { runUrl: `${serverUrl}/${full}/actions/runs/${runId}` } : {}) };
}
