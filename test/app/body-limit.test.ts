/**
 * Bounded input on the App's real HTTP server: bodies over 25 MB are refused with 413 before they
 * are buffered (by content-length, or while a chunked body streams), and requests beyond the
 * in-flight cap get 503 — /healthz and /metrics included. The oversized requests come from a child
 * process, so the RSS measured here is the server's alone.
 */
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_WEBHOOK_BYTES } from '../../src/app/body-limit.js';
import { deliver, pullRequestPayload, startApp, type AppUnderTest } from '../helpers/app-harness.js';
import { startGitHubStandIn, type GitHubStandIn } from '../helpers/github-standin.js';

let github: GitHubStandIn | undefined;
let app: AppUnderTest | undefined;
afterEach(async () => {
  await app?.close();
  await github?.close();
});

/** Runs `script` (ESM) in a child node process with `URL` set; resolves with its stdout JSON. */
function child(script: string, url: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, URL: url }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    proc.stdout.on('data', (c: Buffer) => (out += c.toString()));
    proc.on('error', reject);
    proc.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as unknown) : reject(new Error(`child exited ${code}: ${out}`))));
  });
}

describe('bounded input', () => {
  it('10 concurrent 30 MB bodies: 413 each, before buffering (server RSS grows < 50 MB)', async () => {
    github = await startGitHubStandIn();
    app = await startApp(github);
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
    const statuses = await child(
      `const body = Buffer.alloc(30 * 2 ** 20, 0x7b);
       const r = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => fetch(process.env.URL + '/api/github/webhooks', { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-github-event': 'pull_request', 'x-github-delivery': 'big-' + i, 'x-hub-signature-256': 'sha256=00' } }).then((res) => res.status)));
       console.log(JSON.stringify(r.map((x) => x.status === 'fulfilled' ? x.value : String(x.reason))));`,
      app.url,
    );
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    expect(statuses).toEqual(Array(10).fill(413));
    const growthMb = (peak - before) / 2 ** 20;
    console.log(`server RSS before ${(before / 2 ** 20).toFixed(0)} MB, peak during 10 × 30 MB: +${growthMb.toFixed(1)} MB`);
    expect(growthMb).toBeLessThan(50);
  });

  it('a chunked body (no content-length) is refused with 413 once the streamed bytes pass the limit', async () => {
    github = await startGitHubStandIn();
    const server = (app = await startApp(github, { maxBodyBytes: 64 * 1024 }));
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${server.url}/api/github/webhooks`, { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (res) => resolve(res.statusCode ?? 0));
      req.on('error', reject);
      const chunk = Buffer.alloc(16 * 1024, 0x20);
      let sent = 0;
      // Bounded: stops after 1 MB even if the server never answered.
      const pump = () => {
        while (sent < 1024 * 1024 && req.write(chunk)) sent += chunk.length;
        if (sent < 1024 * 1024) req.once('drain', pump);
      };
      pump();
    });
    expect(status).toBe(413);
    expect(MAX_WEBHOOK_BYTES).toBe(25 * 1024 * 1024);
  });

  it('a signed delivery under the limit is still handled', async () => {
    github = await startGitHubStandIn();
    app = await startApp(github, { maxBodyBytes: 64 * 1024 });
    // An edit that does not change the base: handled without calling GitHub.
    const body = JSON.stringify({ ...JSON.parse(pullRequestPayload(1, 'a'.repeat(40), 'b'.repeat(40), 1)), action: 'edited', changes: { title: { from: 'x' } } });
    expect(await deliver(app, 'pull_request', body, 'small')).toBe(200);
  });

  it('requests beyond the in-flight cap get 503 with retry-after, /healthz included; freed slots are reused', async () => {
    github = await startGitHubStandIn();
    const server = (app = await startApp(github, { maxInFlight: 2 }));
    // Two requests that stay open: their bodies are declared but never finished.
    const open = [0, 1].map(() => {
      const req = request(`${server.url}/api/github/webhooks`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': '1000' } });
      req.on('error', () => undefined);
      req.write('{');
      return req;
    });
    await new Promise((r) => setTimeout(r, 200));
    const health = await fetch(`${app.url}/healthz`);
    expect(health.status).toBe(503);
    expect(health.headers.get('retry-after')).toBe('1');
    expect((await fetch(`${app.url}/metrics`)).status).toBe(503);
    for (const req of open) req.destroy();
    await new Promise((r) => setTimeout(r, 200));
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  });
});
