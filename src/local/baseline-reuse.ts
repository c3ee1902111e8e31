/**
 * Base results published elsewhere, reused instead of running the base (issue 12: baseline once per
 * base). The lookup (the Action's: the default branch's baseline artifact, src/github/baseline-artifact.ts)
 * is asked once per run, before any step of the change runs, with the key of every base step that
 * the local cache did not answer: the merge base, the configuration text, the step configurations and
 * the dependency/tool fingerprint a base run here would get. It returns the steps whose published
 * key matches; everything else is run as before. A lookup that throws is a miss (recompute), never an error.
 */
import type { VerifyStepConfig } from '../core/config/config-schema.js';
import type { ReusedBaseStep } from '../core/verify/baseline-evidence.js';
import type { BaselineSource } from '../core/verdict/verify-reasons.js';
import type { Finding } from '../core/verify/finding.js';
import { baseFingerprint } from './baseline-fingerprint.js';

export interface BaselineRequest {
  baseSha: string;
  configText: string;
  steps: readonly VerifyStepConfig[];
  /** Step id → the tool fingerprint a base run here would have (the same for every step of one run). */
  fingerprints: ReadonlyMap<string, string>;
}

export interface BaselineReuse {
  /** The matching published base results and the workflow run that published them, or `undefined` (none). */
  lookup: (request: BaselineRequest) => Promise<{ hits: Map<string, ReusedBaseStep>; runId: number } | undefined>;
}

/**
 * Asks `lookup` for the base steps `cached` (the local cache's hits) did not answer. Returns the hits
 * and `sources(baseline)`: step id → where its base came from (artifact, cache, computed) for the
 * steps `baseline` (the final step id → base findings map) has.
 */
export async function reuseBaseline(
  repo: string,
  baseSha: string,
  steps: readonly VerifyStepConfig[],
  setup: string | undefined,
  configText: string | undefined,
  lookup: BaselineReuse['lookup'] | undefined,
  cached: ReadonlyMap<string, unknown> | undefined,
): Promise<{ hits: Map<string, ReusedBaseStep>; sources: (baseline: ReadonlyMap<string, Finding[]> | undefined) => Map<string, BaselineSource> }> {
  const wanted = steps.filter((s) => !cached?.has(s.id));
  let found: Awaited<ReturnType<BaselineReuse['lookup']>>;
  if (lookup && configText !== undefined && wanted.length > 0) {
    try {
      const fingerprint = await baseFingerprint(repo, baseSha, setup);
      found = await lookup({ baseSha, configText, steps: wanted, fingerprints: new Map(wanted.map((s) => [s.id, fingerprint])) });
    } catch {
      found = undefined; // recompute
    }
  }
  const hits = new Map([...(found?.hits ?? [])].filter(([id]) => wanted.some((s) => s.id === id)));
  return {
    hits,
    sources: (baseline) => {
      const out = new Map<string, BaselineSource>();
      for (const id of baseline?.keys() ?? []) out.set(id, hits.has(id) && found ? { kind: 'artifact', runId: found.runId } : cached?.has(id) ? { kind: 'cache' } : { kind: 'computed' });
      return out;
    },
  };
}
