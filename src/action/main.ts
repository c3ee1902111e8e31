/**
 * The Action: reads inputs and the event, builds the GitHub client, runs the mode, sets the step's
 * result. Any thrown value (not only an `Error`) fails the step with its stack.
 */
import * as core from '@actions/core';
import type { createClient } from './octokit.js';
import { readEvent } from './event.js';
import { InputError, readInputs } from './inputs.js';

/** Runs the Action against `env` (the runner's environment). Never throws; failures go to `core.setFailed`. */
export async function run(env: NodeJS.ProcessEnv = process.env, clientOptions: Parameters<typeof createClient>[2] = {}): Promise<void> {
  try {
    const inputs = readInputs(env);
    core.setSecret(inputs['github-token']);
    const event = await readEvent(env);
    // The client and the modes load after the first log line: the bundle's cold start stays short.
    const { createClient } = await import('./octokit.js');
    const client = createClient(inputs['github-token'], (m) => core.info(m), { ...(env['GITHUB_API_URL'] ? { baseUrl: env['GITHUB_API_URL'] } : {}), ...clientOptions });
    if (inputs.mode === 'command') {
      const { runCommandMode } = await import('./command-mode.js');
      const outcome = await runCommandMode(inputs, event, client);
      if (outcome.skipped) core.info(`handoff-gate: ${outcome.skipped}`);
      return;
    }
    if (inputs.mode === 'verify') {
      const { runVerifyMode } = await import('./verify-mode.js');
      const outcome = await runVerifyMode(inputs, event, env, client);
      if (outcome.skipped) core.info(`handoff-gate: ${outcome.skipped}`);
      return;
    }
    // On workflow_run / pull_request_target the gate never runs pull request code (the split workflows);
    // on pull_request it is the single-job set-up for trusted repositories.
    const { TRUSTED_GATE_EVENTS, runTrustedGateMode } = await import('./trusted-gate-mode.js');
    const { runGateMode } = await import('./gate-mode.js');
    const outcome = TRUSTED_GATE_EVENTS.has(event.name) ? await runTrustedGateMode(inputs, event, client, env) : await runGateMode(inputs, event, client, env);
    if (outcome.skipped || !outcome.result) {
      core.info(`handoff-gate: ${outcome.skipped ?? 'nothing to do'}`);
      return;
    }
    const { verdict, decision } = outcome.result;
    core.info(`handoff-gate: ${verdict} (decision ${decision}); ${outcome.requests} GitHub API request(s)`);
    const failOn = inputs['fail-on'];
    if ((failOn === 'fail' && verdict !== 'PASS') || (failOn === 'blocked' && verdict === 'BLOCKED')) core.setFailed(`handoff-gate: ${verdict} (decision ${decision})`);
  } catch (error) {
    if (error instanceof InputError) return core.setFailed(`handoff-gate: ${error.message}`);
    core.setFailed(error instanceof Error ? (error.stack ?? error.message) : `handoff-gate failed: ${String(error)}`);
  }
}
