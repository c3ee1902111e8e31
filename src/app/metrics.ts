/** Prometheus metrics of the App (prom-client), served at GET /metrics. */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    events: new Counter({ name: 'handoff_gate_events_total', help: 'Webhook events handled, by event and outcome.', labelNames: ['event', 'outcome'] as const, registers: [registry] }),
    latency: new Histogram({ name: 'handoff_gate_handling_seconds', help: 'Time from receiving an event to finishing its handling.', labelNames: ['event'] as const, buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30], registers: [registry] }),
    requests: new Counter({ name: 'handoff_gate_github_requests_total', help: 'GitHub API requests made, by HTTP status.', labelNames: ['status'] as const, registers: [registry] }),
    rateLimitRemaining: new Gauge({ name: 'handoff_gate_github_rate_limit_remaining', help: 'x-ratelimit-remaining of the last GitHub response.', registers: [registry] }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
