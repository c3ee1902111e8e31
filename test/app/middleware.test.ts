/** The App behind Probot's real HTTP middleware on loopback: signatures, /healthz, /metrics. */
import { createHmac, generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { Probot, ProbotOctokit, createNodeMiddleware } from 'probot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import handoffGateApp from '../../src/app/index.js';
import { examplePayload } from '../helpers/action-env.js';

const SECRET = 'test-webhook-secret';
let server: Server;
let base: string;

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
  const probot = new Probot({ appId: 1, privateKey, secret: SECRET, logLevel: 'fatal', Octokit: ProbotOctokit.defaults((o: object) => ({ ...o, retry: { enabled: false }, throttle: { enabled: false } })) });
  const middleware = await createNodeMiddleware(handoffGateApp, { probot });
  server = createServer((req, res) => void middleware(req, res, () => res.writeHead(404).end()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  nock.enableNetConnect();
});

function deliver(body: string, signature?: string) {
  return fetch(`${base}/api/github/webhooks`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-github-event': 'pull_request', 'x-github-delivery': 'd-1', ...(signature ? { 'x-hub-signature-256': signature } : {}) },
    body,
  });
}

// An edit that does not change the base: accepted and handled without calling GitHub.
const body = JSON.stringify({ ...examplePayload('pull_request', 'opened'), action: 'edited', changes: { title: { from: 'x' } }, installation: { id: 1 } });
const sign = (text: string, secret = SECRET) => `sha256=${createHmac('sha256', secret).update(text).digest('hex')}`;

describe('webhook endpoint', () => {
  it('rejects a delivery with a missing or forged signature', async () => {
    expect((await deliver(body)).status).toBe(400);
    expect((await deliver(body, sign(body, 'wrong-secret'))).status).toBe(400);
    expect((await deliver(body, sign(`${body} `))).status).toBe(400);
  });

  it('accepts a correctly signed delivery', async () => {
    expect((await deliver(body, sign(body))).status).toBe(200);
  });

  it('serves /healthz and Prometheus /metrics with the handled event counted', async () => {
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain('# TYPE handoff_gate_events_total counter');
    expect(metrics).toMatch(/handoff_gate_handling_seconds_bucket\{le="0.05",event="pull_request.edited"\} 1/);
    expect(metrics).toContain('handoff_gate_events_total{event="pull_request.edited",outcome="ignored: base unchanged"} 1');
  });
});
