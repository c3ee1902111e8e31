#!/usr/bin/env node
// The App under load with the SHIPPED configuration (pacing on: Octokit throttling per installation,
// retries on), against the stateful GitHub stand-in on loopback (test/helpers/github-standin.ts,
// bundled here with esbuild): BENCH_DELIVERIES (default 2,000) signed pull_request deliveries over
// 200 pull requests of 10 installations at BENCH_RATE (default 100/s); each pull request gets 5
// pushes (a new head every second delivery). Prints the time until every pull request has exactly
// one completed check run and one review comment for its newest head, the GitHub requests made,
// and the App's peak RSS (its own process). Then the same with the stand-in answering 403
// "secondary rate limit" (retry-after: 1) to 5% of writes. Bounded: gives up after BENCH_MAX_S.
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { parseStateBlock } from '../lib/core/report/markdown.js';

const here = dirname(fileURLToPath(import.meta.url));
const TOTAL = Number(process.env.BENCH_DELIVERIES ?? 2000);
const RATE = Number(process.env.BENCH_RATE ?? 100);
const MAX_S = Number(process.env.BENCH_MAX_S ?? 900);
const INSTALLATIONS = 10;
const PRS_PER_INSTALLATION = 20;
const SECRET = 'bench-secret';
const BASE = 'b'.repeat(40);

// The stand-in is test code in TypeScript: bundle it once for this run.
const out = join(mkdtempSync(join(tmpdir(), 'hg-bench-')), 'github-standin.mjs');
await build({ entryPoints: [join(here, '../test/helpers/github-standin.ts')], bundle: true, platform: 'node', format: 'esm', outfile: out, logLevel: 'error' });
const { startGitHubStandIn } = await import(pathToFileURL(out).href);

const examples = JSON.parse(readFileSync(createRequire(import.meta.url).resolve('@octokit/webhooks-examples/api.github.com/index.json'), 'utf8'));
const example = structuredClone(examples.find((e) => e.name === 'pull_request').examples.find((x) => x.action === 'synchronize'));
const handoff = (step) => JSON.stringify({ schemaVersion: '1.0', workflowRunId: 'r', stepId: step, attempt: 1, agent: 'a', idempotencyKey: `k-${step}`, status: 'completed', summary: 'done' });
const headOf = (pr, push) => `${pr.toString(16).padStart(8, '0')}${push.toString(16).padStart(32, '0')}`;

async function scenario(label, fault) {
  const github = await startGitHubStandIn({ fault });
  const prs = [];
  for (let k = 0; k < INSTALLATIONS; k++) {
    const repo = `org${k}/repo`;
    github.setConfig(repo, 'handoffs:\n  required: true\n');
    for (let n = 1; n <= PRS_PER_INSTALLATION; n++) prs.push({ installation: 1000 + k, repo, number: n, id: prs.length });
  }
  for (const pr of prs) github.setPullRequest(pr.repo, { number: pr.number, headSha: headOf(pr.id, 0), baseSha: BASE, files: { '.handoff/step.json': handoff(`s${pr.id}`) } });

  const child = spawn(process.execPath, [join(here, 'app-load-server.js')], { env: { ...process.env, GITHUB_URL: github.url, WEBHOOK_SECRET: SECRET }, stdio: ['ignore', 'pipe', 'inherit'] });
  process.once('exit', () => child.kill());
  const appUrl = await new Promise((resolve) => child.stdout.once('data', (d) => resolve(d.toString().trim())));
  let peakRss = 0;
  const sampleRss = async () => {
    const text = await fetch(`${appUrl}/metrics`).then((r) => r.text()).catch(() => '');
    const rss = Number(/^process_resident_memory_bytes (\d+)/m.exec(text)?.[1] ?? 0);
    peakRss = Math.max(peakRss, rss);
  };
  const sampler = setInterval(() => void sampleRss(), 500);

  const wrong = [];
  const correct = () => {
    let ok = 0;
    wrong.length = 0;
    for (const pr of prs) {
      const head = github.pullRequest(pr.repo, pr.number).headSha;
      const runs = github.checkRuns.filter((r) => r.repo === pr.repo && r.head_sha === head && r.name === 'handoff-gate' && !(r.conclusion === 'neutral' && (r.output.title ?? '').startsWith('Duplicate')));
      const reviews = github.comments.filter((c) => c.repo === pr.repo && c.issue === pr.number && parseStateBlock(c.body));
      if (runs.length === 1 && runs[0].status === 'completed' && runs[0].conclusion === 'success' && reviews.length === 1 && parseStateBlock(reviews[0].body)?.head === head) ok++;
      else wrong.push(`${pr.repo}#${pr.number} head ${head.slice(0, 12)}: runs ${JSON.stringify(runs.map((r) => [r.id, r.status, r.conclusion, r.output.title]))}, reviews for ${JSON.stringify(reviews.map((c) => parseStateBlock(c.body)?.head?.slice(0, 12)))}`);
    }
    return ok;
  };

  const statuses = new Map();
  const started = performance.now();
  const sent = [];
  for (let i = 0; i < TOTAL; i++) {
    const due = started + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const pr = prs[i % prs.length];
    const round = Math.floor(i / prs.length); // 0..9
    const push = Math.floor(round / 2); // a new head every second delivery
    const head = headOf(pr.id, push);
    if (github.pullRequest(pr.repo, pr.number).headSha !== head) github.setPullRequest(pr.repo, { number: pr.number, headSha: head, baseSha: BASE, files: { '.handoff/step.json': handoff(`s${pr.id}`) } });
    const payload = structuredClone(example);
    const [owner, name] = pr.repo.split('/');
    Object.assign(payload, { action: round === 0 ? 'opened' : 'synchronize', number: pr.number, installation: { id: pr.installation } });
    Object.assign(payload.repository, { name, full_name: pr.repo, owner: { ...payload.repository.owner, login: owner } });
    Object.assign(payload.pull_request, { number: pr.number, body: null });
    Object.assign(payload.pull_request.head, { sha: head, repo: { ...payload.pull_request.head.repo, full_name: pr.repo } });
    Object.assign(payload.pull_request.base, { sha: BASE, repo: { ...payload.pull_request.base.repo, full_name: pr.repo } });
    const body = JSON.stringify(payload);
    sent.push(
      fetch(`${appUrl}/api/github/webhooks`, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-github-event': 'pull_request', 'x-github-delivery': `d-${i}`, 'x-hub-signature-256': `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}` } })
        .then(async (res) => (await res.arrayBuffer(), res.status))
        .catch((e) => `network error (${e.cause?.code ?? e.cause?.message ?? e.message})`)
        .then((s) => statuses.set(s, (statuses.get(s) ?? 0) + 1)),
    );
  }
  const sendSeconds = (performance.now() - started) / 1000;
  let done = 0;
  let lastLog = 0;
  while ((done = correct()) < prs.length && (performance.now() - started) / 1000 < MAX_S) {
    await new Promise((r) => setTimeout(r, 250));
    if (process.env.BENCH_PROGRESS && performance.now() - lastLog > 10_000) {
      lastLog = performance.now();
      console.error(`  ${((lastLog - started) / 1000).toFixed(0)} s: ${done}/${prs.length} correct, ${github.total()} requests`);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  await Promise.all(sent);
  clearInterval(sampler);
  await sampleRss();
  const health = await fetch(`${appUrl}/healthz`).then((r) => r.json()).catch((e) => ({ evaluations: String(e) }));
  console.log(
    `app load (${label}): ${TOTAL} deliveries over ${prs.length} PRs of ${INSTALLATIONS} installations at ${RATE}/s (sent in ${sendSeconds.toFixed(1)} s): ` +
      `${done}/${prs.length} PRs correct after ${seconds.toFixed(1)} s${done < prs.length ? ` (gave up at ${MAX_S} s)` : ''}; ` +
      `GitHub requests ${github.total()} (${[...github.counts.entries()].filter(([k]) => !k.startsWith('GET')).map(([k, c]) => `${c} ${k.replace('/repos/{owner}/{repo}', '')}`).join(', ')}); ` +
      `faults ${JSON.stringify(Object.fromEntries(github.faults))}; responses ${JSON.stringify(Object.fromEntries(statuses))}; ` +
      `check runs ${github.checkRuns.length}, comments ${github.comments.length}; App peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MB; queue at the end ${JSON.stringify(health.evaluations)}`,
  );
  for (const line of wrong.slice(0, 5)) console.log(`  not correct: ${line}`);
  child.kill();
  await github.close();
}

// Seeded PRNG (mulberry32): 5% of writes, chosen at random but the same in every run.
let seed = 5;
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
// BENCH_ONLY=1 or 2 runs one scenario.
if (process.env.BENCH_ONLY !== '2') await scenario('shipped config, pacing on', undefined);
if (process.env.BENCH_ONLY !== '1') await scenario('shipped config, 5% of writes answered 403 secondary rate limit', (r) => (r.write && random() < 0.05 ? 'secondary-limit' : undefined));
process.exit(0);
