/**
 * The step dependency graph of a pull request's handoffs: nodes are `workflowRunId/stepId`,
 * edges come from `dependsOn` (same workflow run). Cycles are found with Tarjan's strongly
 * connected components algorithm, iteratively (no recursion, so no stack overflow on long chains).
 */
import type { Reason } from '../reasons.js';
import type { BaseSteps } from './base-handoffs.js';
import type { ValidHandoff } from './validate-handoff.js';

/**
 * `dependsOn` entries that no handoff of the change describes (in the same workflow run, or in any
 * run of the change): these need the base's handoffs to be judged.
 */
export function unresolvedDependencies(handoffs: readonly ValidHandoff[]): string[] {
  const runSteps = new Set(handoffs.map((h) => `${h.handoff.workflowRunId}/${h.handoff.stepId}`));
  const anySteps = new Set(handoffs.map((h) => h.handoff.stepId));
  return handoffs.flatMap((h) => (h.handoff.dependsOn ?? []).filter((dep) => !runSteps.has(`${h.handoff.workflowRunId}/${dep}`) && !anySteps.has(dep)));
}

/**
 * `handoff.cycle` (one per cycle, fail) and `handoff.dependency-unknown` (fail) for a `dependsOn`
 * that names a step no handoff of the change (any run) or of the base (`base`, see
 * base-handoffs.ts) describes. Without `base`, only the change is known.
 */
export function checkDependencyGraph(handoffs: readonly ValidHandoff[], base?: BaseSteps): Reason[] {
  const anySteps = new Set(handoffs.map((h) => h.handoff.stepId));
  const key = (run: string, step: string) => `${run}/${step}`;
  const edges = new Map<string, Set<string>>();
  const origin = new Map<string, ValidHandoff>();
  for (const h of handoffs) {
    const node = key(h.handoff.workflowRunId, h.handoff.stepId);
    if (!edges.has(node)) edges.set(node, new Set());
    if (!origin.has(node)) origin.set(node, h);
  }
  const reasons: Reason[] = [];
  for (const h of handoffs) {
    const node = key(h.handoff.workflowRunId, h.handoff.stepId);
    (h.handoff.dependsOn ?? []).forEach((dep, i) => {
      const target = key(h.handoff.workflowRunId, dep);
      if (edges.has(target)) (edges.get(node) as Set<string>).add(target);
      else if (!anySteps.has(dep) && !base?.stepIds.has(dep)) {
        const pos = h.locate(`/dependsOn/${i}`);
        const where = base ? (base.coverage === 'listed' ? 'this pull request or the base branch' : `this pull request or the base branch (${base.coverage})`) : 'this pull request';
        reasons.push({ code: 'handoff.dependency-unknown', level: 'fail', file: h.file, ...pos, message: `step "${h.handoff.stepId}" depends on "${dep}", which no handoff of ${where} describes` });
      }
    });
  }
  for (const component of stronglyConnected(edges)) {
    const first = component[0] as string;
    const selfLoop = component.length === 1 && edges.get(first)?.has(first);
    if (component.length < 2 && !selfLoop) continue;
    const h = origin.get(first) as ValidHandoff;
    const steps = component.map((n) => n.slice(n.indexOf('/') + 1));
    reasons.push({
      code: 'handoff.cycle',
      level: 'fail',
      file: h.file,
      ...h.locate('/dependsOn'),
      message: `dependency cycle in workflow run "${h.handoff.workflowRunId}": ${[...steps, steps[0]].join(' → ')}`,
    });
  }
  return reasons;
}

/** Tarjan's SCC, iterative. Returns components in reverse topological order; members sorted. */
export function stronglyConnected(edges: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const result: string[][] = [];
  for (const start of edges.keys()) {
    if (index.has(start)) continue;
    const work: { node: string; next: Iterator<string> }[] = [];
    const visit = (node: string) => {
      index.set(node, counter);
      low.set(node, counter++);
      stack.push(node);
      onStack.add(node);
      work.push({ node, next: (edges.get(node) ?? new Set<string>()).values() });
    };
    visit(start);
    while (work.length > 0) {
      const frame = work[work.length - 1] as (typeof work)[number];
      const step = frame.next.next();
      if (!step.done) {
        const target = step.value;
        if (!index.has(target)) visit(target);
        else if (onStack.has(target)) low.set(frame.node, Math.min(low.get(frame.node) as number, index.get(target) as number));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node) as number, low.get(frame.node) as number));
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop() as string;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        result.push(component.sort());
      }
    }
  }
  return result;
}
