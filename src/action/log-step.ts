/** The workflow log line for a finished verify step (both gate and verify modes write it). */
import * as core from '@actions/core';
import { describeContainment } from '../core/verify/containment.js';
import type { StepEvent } from '../local/run-steps.js';

/** Logs `test (head): completed, exit 0, 1.2 s, contained: pid-namespace (unshare)` for a finished step. */
export function logStep(e: StepEvent): void {
  if (e.type !== 'finish') return;
  const contained = e.run.containment ? `, contained: ${describeContainment(e.run.containment)}` : '';
  core.info(`${e.job.step.id} (${e.job.label}): ${e.run.outcome}, exit ${String(e.run.exitCode)}, ${(e.run.durationMs / 1000).toFixed(1)} s${contained}`);
}
