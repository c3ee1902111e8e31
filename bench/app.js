#!/usr/bin/env node
// Figures for the App, with GitHub stubbed by a local HTTP server on loopback (no delay):
// (1) handling overhead from delivery to the check-run request, p50 and p99;
// (2) GitHub requests per pull_request.synchronize with 5 handoff files (one GraphQL query for
//     the contents) against the naive one-request-per-file count;
// (3) a load of signed deliveries (default 2,000 at 100/s) over loopback to one instance: none lost,
//     none failed, memory over time.
import { createHmac, generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import { Probot, ProbotOctokit, createNodeMiddleware } from 'probot';
import handoffGateApp from '../lib/app/index.js';

const TOTAL = Number(process.env.BENCH_DELIVERIES ?? 2000);
const RATE = Number(process.env.BENCH_RATE ?? 100);
const SECRET = 'bench-secret';
const HANDOFFS = 5;
const handoff = (i) => JSON.stringify({ schemaVersion: '1.0', workflowRunId: 'r', stepId: `s${i}`, attempt: 1, agent: 'a', idempotencyKey: `k${i}`, status: 'completed', summary: 'done', ...(i > 0 ? { dependsOn: [`s${i - 1}`] } : {}) });

// --- the GitHub stub -------------------------------------------------------------------------
const counts = new Map();
let checkRunRequested; // called when a check run is created (overhead measurement)
const stub = createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    const url = new URL(req.url, 'http://stub');
    const key = `${req.method} ${url.pathname.replace(/\/(pulls|issues)\/\d+/, '/$1/N').replace(/commits\/[0-9a-f]+/, 'commits/SHA')}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    const json = (status, data) => res.writeHead(status, { 'content-type': 'application/json', 'x-ratelimit-remaining': '4999' }).end(JSON.stringify(data));
    if (req.method === 'POST' && url.pathname.endsWith('/access_tokens')) return json(201, { token: 'ghs_bench', expires_at: '2099-01-01T00:00:00Z', permissions: {} });
    if (url.pathname.endsWith('/check-runs') && req.method === 'GET') return json(200, { total_count: 0, check_runs: [] });
    if (url.pathname.includes('/contents/')) return res.writeHead(200, { 'content-type': 'text/plain' }).end('');
    if (url.pathname.endsWith('/files')) return json(200, Array.from({ length: HANDOFFS }, (_, i) => ({ sha: `s${i}`, filename: `.handoff/h${i}.json`, status: 'added', additions: 1, deletions: 0, changes: 1, patch: `@@ -0,0 +1 @@\n+${handoff(i)}` })));
    if (url.pathname === '/graphql') return json(200, { data: { repository: Object.fromEntries(Array.from({ length: HANDOFFS }, (_, i) => [`f${i}`, { text: handoff(i), isBinary: false }])) } });
    if (url.pathname.endsWith('/comments') && req.method === 'GET') return json(200, []);
    if (url.pathname.endsWith('/check-runs') && req.method === 'POST') {
      checkRunRequested?.();
      return json(201, { id: 1 });
    }
    if (url.pathname.endsWith('/comments') && req.method === 'POST') return json(201, { id: 2 });
    return json(404, { message: `stub has no ${key}` });
  });
});
await new Promise((r) => stub.listen(0, '127.0.0.1', r));
const baseUrl = `http://127.0.0.1:${stub.address().port}`;

// --- one App instance behind Probot's real middleware -------------------------------------------
process.env.BOT_LOGIN = 'handoff-gate[bot]';
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
// Throttling off: it paces writes to GitHub's secondary limits (≥ 1 s apart), which is GitHub's
// budget, not handling cost. Retries off: the stub never fails.
const probot = new Probot({ appId: 1, privateKey, secret: SECRET, baseUrl, logLevel: 'fatal', Octokit: ProbotOctokit.defaults((o) => ({ ...o, retry: { enabled: false }, throttle: { enabled: false } })) });
const middleware = await createNodeMiddleware(handoffGateApp, { probot });
const server = createServer((req, res) => void middleware(req, res, () => res.writeHead(404).end()));
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const appUrl = `http://127.0.0.1:${server.address().port}`;

const payload = (i) => JSON.stringify({
  action: 'synchronize', number: 2, installation: { id: 1 },
  repository: { name: 'r', full_name: 'o/r', owner: { login: 'o' } },
  pull_request: { number: 2, html_url: 'https://github.com/o/r/pull/2', user: { login: 'agent' }, head: { sha: (i % 65536).toString(16).padStart(40, '0'), ref: 'agent/x', repo: { full_name: 'o/r' } }, base: { sha: 'b'.repeat(40), ref: 'main', repo: { full_name: 'o/r' } } },
  sender: { login: 'agent', type: 'User' },
});
async function deliver(i) {
  const body = payload(i);
  const res = await fetch(`${appUrl}/api/github/webhooks`, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-github-event': 'pull_request', 'x-github-delivery': `d-${i}`, 'x-hub-signature-256': `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}` } });
  await res.arrayBuffer();
  return res.status;
}

// (1) overhead: sequential deliveries, time from sending to the check-run request reaching GitHub.
const overhead = [];
for (let i = 0; i < 300; i++) {
  const start = performance.now();
  const reached = new Promise((r) => (checkRunRequested = () => r(performance.now() - start)));
  await deliver(i);
  overhead.push(await reached);
}
checkRunRequested = undefined;
overhead.sort((a, b) => a - b);
const pct = (p) => overhead[Math.min(overhead.length - 1, Math.floor((p / 100) * overhead.length))].toFixed(1);
console.log(`app overhead, delivery → check-run request (GitHub stubbed, no delay, ${overhead.length} sequential deliveries): p50 ${pct(50)} ms, p99 ${pct(99)} ms`);

// (2) requests for one synchronize with 5 handoffs.
counts.clear();
await deliver(99999);
const perEvent = [...counts.entries()].filter(([k]) => !k.endsWith('/access_tokens'));
const total = perEvent.reduce((n, [, c]) => n + c, 0);
console.log(`app requests per pull_request.synchronize with ${HANDOFFS} handoff files: ${total} (naive, one contents request per file: ${total - 1 + HANDOFFS})`);
for (const [k, c] of perEvent) console.log(`  ${c} × ${k}`);

// (3) load: TOTAL signed deliveries at RATE per second.
const statuses = new Map();
const memory = [];
const sample = setInterval(() => memory.push(process.memoryUsage().rss / 2 ** 20), 1000);
const started = performance.now();
const pending = [];
for (let i = 0; i < TOTAL; i++) {
  const due = started + (i * 1000) / RATE;
  const wait = due - performance.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  pending.push(deliver(100000 + i).then((s) => statuses.set(s, (statuses.get(s) ?? 0) + 1), () => statuses.set('network error', (statuses.get('network error') ?? 0) + 1)));
}
await Promise.all(pending);
clearInterval(sample);
const seconds = (performance.now() - started) / 1000;
const metrics = await (await fetch(`${appUrl}/metrics`)).text();
const failedHandlers = Number(/handoff_gate_events_total\{event="pull_request.synchronize",outcome="error"\} (\d+)/.exec(metrics)?.[1] ?? 0);
const handled = [...metrics.matchAll(/handoff_gate_events_total\{event="pull_request.synchronize",outcome="([^"]+)"\} (\d+)/g)].reduce((n, m) => n + Number(m[2]), 0);
console.log(`app load: ${TOTAL} signed deliveries at ${RATE}/s over loopback in ${seconds.toFixed(1)} s: responses ${JSON.stringify(Object.fromEntries(statuses))}; handled ${handled} (incl. the ${300 + 1} earlier), failed ${failedHandlers}`);
const q = (a, p) => a[Math.floor(p * (a.length - 1))];
console.log(`  RSS MB over the load (1 s samples): first ${memory[0]?.toFixed(0)}, median ${q([...memory].sort((a, b) => a - b), 0.5)?.toFixed(0)}, last ${memory[memory.length - 1]?.toFixed(0)}, max ${Math.max(...memory).toFixed(0)}`);
server.close();
stub.close();
process.exit(0);
