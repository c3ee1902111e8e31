#!/usr/bin/env node
// Figures for the Action: (1) cold start of the bundled entry, dist/index.js, to its first log line,
// median of 15 runs in fresh processes, and the bundle size; (2) the GitHub API requests one
// pull_request.synchronize makes with 10 annotations and an existing review comment.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import nock from 'nock';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = join(root, 'dist', 'index.js');
const scratch = mkdtempSync(join(tmpdir(), 'hg-bench-action-'));
const eventPath = join(scratch, 'event.json');
writeFileSync(eventPath, JSON.stringify({ action: 'labeled' }));

function firstLine() {
  return new Promise((resolve) => {
    const start = process.hrtime.bigint();
    const child = spawn(process.execPath, [bundle], {
      env: { PATH: process.env.PATH, 'INPUT_GITHUB-TOKEN': 'x', GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: eventPath, GITHUB_REPOSITORY: 'o/r', GITHUB_WORKSPACE: scratch },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    child.stdout.once('data', () => resolve(Number(process.hrtime.bigint() - start) / 1e6));
    child.on('exit', () => resolve(Number.NaN));
  });
}

const times = [];
for (let i = 0; i < 15; i++) times.push(await firstLine());
times.sort((a, b) => a - b);
const nodeAlone = [];
for (let i = 0; i < 15; i++) {
  const start = process.hrtime.bigint();
  execFileSync(process.execPath, ['-e', 'process.stdout.write("x")']);
  nodeAlone.push(Number(process.hrtime.bigint() - start) / 1e6);
}
nodeAlone.sort((a, b) => a - b);
console.log(`action cold start: median ${times[7].toFixed(0)} ms to the first log line (min ${times[0].toFixed(0)}, max ${times[14].toFixed(0)}); a bare \`node -e\` takes ${nodeAlone[7].toFixed(0)} ms here (goal < 300 ms)`);
const distFiles = readdirSync(join(root, 'dist'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && e.name.endsWith('.js'));
const total = distFiles.reduce((n, e) => n + statSync(join(e.parentPath, e.name)).size, 0);
console.log(`  bundle: ${distFiles.length} files, ${(total / 1024).toFixed(0)} KiB in all; the entry dist/index.js is ${(statSync(bundle).size / 1024).toFixed(0)} KiB and loads the GitHub client and the mode on demand`);

// Request count: the bundled Action on a synchronize with 10 annotations and an existing comment.
const repo = join(scratch, 'repo');
mkdirSync(join(repo, '.github'), { recursive: true });
const git = (...args) => execFileSync('git', ['-C', repo, '-c', 'user.name=b', '-c', 'user.email=b@example.invalid', ...args], { encoding: 'utf8' }).trim();
execFileSync('git', ['init', '-q', '-b', 'main', repo]);
writeFileSync(join(repo, '.github/handoff-gate.yml'), 'handoffs:\n  required: false\n');
git('add', '-A');
git('commit', '-qm', 'base');
const baseSha = git('rev-parse', 'HEAD');
git('checkout', '-qb', 'agent/x');
writeFileSync(join(repo, 'a.test.ts'), Array.from({ length: 10 }, (_, i) => `it.only('t${i}', () => {});`).join('\n'));
git('add', '-A');
git('commit', '-qm', 'head');
const headSha = git('rev-parse', 'HEAD');
writeFileSync(eventPath, JSON.stringify({ action: 'synchronize', number: 2, pull_request: { number: 2, user: { login: 'agent' }, head: { sha: headSha, ref: 'agent/x' }, base: { sha: baseSha, ref: 'main' } } }));
const R = '/repos/o/r';
const seen = [];
nock.disableNetConnect();
const scope = nock('https://api.github.com')
  .get(`${R}/commits/${headSha}/check-runs`).query(true).reply(200, { total_count: 1, check_runs: [{ id: 1, name: 'handoff-gate', external_id: `handoff-gate:${headSha}`, head_sha: headSha, output: { text: null } }] })
  .patch(`${R}/check-runs/1`).times(2).reply(200, { id: 1 })
  .get(`${R}/issues/2/comments`).query(true).reply(200, [{ id: 5, body: '<!-- handoff-gate:review -->\nold', user: { login: 'github-actions[bot]', type: 'Bot' }, created_at: '2026-01-01T00:00:00Z' }])
  .patch(`${R}/issues/comments/5`).reply(200, {});
scope.on('request', (req) => seen.push(`${req.method} ${req.path.split('?')[0]}`));
Object.assign(process.env, { 'INPUT_GITHUB-TOKEN': 'x', 'INPUT_FAIL-ON': 'never', GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: eventPath, GITHUB_REPOSITORY: 'o/r', GITHUB_WORKSPACE: repo, GITHUB_OUTPUT: join(scratch, 'out') });
writeFileSync(join(scratch, 'out'), '');
const log = process.stdout.write.bind(process.stdout);
process.stdout.write = () => true;
await import(`${pathToFileURL(bundle).href}?bench`);
process.stdout.write = log;
console.log(`action requests for pull_request.synchronize (10 annotations, existing check run and comment): ${seen.length}`);
for (const call of seen) console.log(`  ${call}`);
