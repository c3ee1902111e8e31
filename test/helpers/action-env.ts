/**
 * Runs the Action's `run()` as the runner would: inputs as `INPUT_*` variables, the event payload in
 * a file named by GITHUB_EVENT_PATH, outputs and the job summary in files. Payloads are GitHub's own
 * examples from @octokit/webhooks-examples, with the SHAs pointed at a real test repository.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const examples = require('@octokit/webhooks-examples/api.github.com/index.json') as { name: string; examples: Record<string, unknown>[] }[];

/** A deep copy of GitHub's example payload for `event` with `action`. */
export function examplePayload(event: string, action: string): Record<string, any> {
  const found = examples.find((e) => e.name === event)?.examples.find((x) => x['action'] === action);
  if (!found) throw new Error(`no example for ${event}.${action}`);
  return structuredClone(found) as Record<string, any>;
}

export interface RunnerFiles {
  env: Record<string, string>;
  outputs: () => Record<string, string>;
  summary: () => string;
}

/** Environment for one run; `inputs` without the INPUT_ prefix. */
export function runnerEnv(eventName: string, payload: unknown, workspace: string, inputs: Record<string, string> = {}): RunnerFiles {
  const dir = mkdtempSync(join(tmpdir(), 'hg-runner-'));
  const eventPath = join(dir, 'event.json');
  writeFileSync(eventPath, JSON.stringify(payload));
  const outputPath = join(dir, 'output');
  const summaryPath = join(dir, 'summary');
  writeFileSync(outputPath, '');
  writeFileSync(summaryPath, '');
  const env: Record<string, string> = {
    GITHUB_EVENT_NAME: eventName,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REPOSITORY: 'Codertocat/Hello-World',
    GITHUB_WORKSPACE: workspace,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: 'https://api.github.com',
    GITHUB_RUN_ID: '4242',
    GITHUB_OUTPUT: outputPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    'INPUT_GITHUB-TOKEN': 'ghs_testtoken',
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  return {
    env,
    outputs: () => Object.fromEntries([...readFileSync(outputPath, 'utf8').matchAll(/^(\S+)<<(\S+)\n([\s\S]*?)\n\2$/gm)].map((m) => [m[1] as string, m[3] as string])),
    summary: () => readFileSync(summaryPath, 'utf8'),
  };
}

/**
 * Sets `env` on process.env for the duration of `fn` (@actions/core reads GITHUB_OUTPUT and friends
 * from there), captures stdout (the workflow log), and restores both and process.exitCode afterwards.
 */
export async function withRunner<T>(env: Record<string, string>, fn: () => Promise<T>): Promise<{ value: T; log: string; exitCode: number | undefined }> {
  const saved = { ...process.env };
  const write = process.stdout.write.bind(process.stdout);
  let log = '';
  process.stdout.write = ((chunk: string | Uint8Array) => {
    log += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  }) as typeof process.stdout.write;
  Object.assign(process.env, env);
  try {
    const value = await fn();
    const exitCode = process.exitCode === undefined ? undefined : Number(process.exitCode);
    return { value, log, exitCode };
  } finally {
    process.stdout.write = write;
    process.exitCode = undefined;
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  }
}
