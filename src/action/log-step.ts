/** The workflow log line for a finished verify step (both gate and verify modes write it). */
import * as core from '@actions/core';
import type { StepEvent } from '../local/run-steps.js';

export function logStep(e: StepEvent): void {
  if (e.type === 'finish') core.info(`${e.job.step.id} (${e.job.label}): ${e.run.outcome}, exit ${String(e.run.exitCode)}, ${(e.run.durationMs / 1000).toFixed(1)} s`);
}
