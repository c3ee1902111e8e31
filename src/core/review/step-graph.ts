/** A Mermaid flowchart of the handoff steps, their status and their `dependsOn` edges. */
import type { GateResult } from '../result.js';

const STATUS_CLASS: Record<string, string> = { completed: 'done', partial: 'partial', blocked: 'blocked', failed: 'failed' };

/**
 * Mermaid source (`flowchart LR`). Node ids are generated (`s0`, `s1`…); labels are untrusted text
 * reduced to letters, digits, spaces and `._-/#` so they cannot break out of the diagram.
 */
export function stepGraph(result: GateResult): string {
  const ids = new Map<string, string>();
  const lines = ['flowchart LR'];
  for (const h of result.handoffs) {
    const key = `${h.workflowRunId}/${h.stepId}`;
    if (ids.has(key)) continue;
    const id = `s${ids.size}`;
    ids.set(key, id);
    lines.push(`  ${id}["${label(h.stepId)}<br/>${label(h.agent)} · ${label(h.status)}"]:::${STATUS_CLASS[h.status] ?? 'partial'}`);
  }
  for (const h of result.handoffs) {
    const to = ids.get(`${h.workflowRunId}/${h.stepId}`) as string;
    for (const dep of h.dependsOn) {
      const from = ids.get(`${h.workflowRunId}/${dep}`);
      if (from) lines.push(`  ${from} --> ${to}`);
    }
  }
  lines.push('  classDef done fill:#d4edda,stroke:#28a745', '  classDef partial fill:#fff3cd,stroke:#ffc107', '  classDef blocked fill:#f8d7da,stroke:#dc3545', '  classDef failed fill:#f8d7da,stroke:#dc3545');
  return lines.join('\n');
}

function label(text: string): string {
  // Cut by code points, so a surrogate pair is never split.
  return Array.from(text.replace(/[^\p{L}\p{N} ._\-/#]/gu, '')).slice(0, 40).join('') || '?';
}
