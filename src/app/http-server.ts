/**
 * The App's HTTP server: a `node:http` server whose every request first passes the input limits of
 * body-limit.ts (413 over 25 MB while streaming, 503 beyond the in-flight cap), then Probot's node
 * middleware with the App loaded (webhooks at `WEBHOOK_PATH`, plus `/healthz` and `/metrics`).
 * Used by `npm start` (server.ts) and by the tests and benchmarks, so they drive the shipped server.
 */
import { createServer, type Server } from 'node:http';
import { createNodeMiddleware, type Probot } from 'probot';
import { limitRequests, type RequestLimits } from './body-limit.js';
import handoffGateApp from './index.js';

/** The server (not yet listening) for `probot`, with `limits`. */
export async function createAppServer(probot: Probot, limits: RequestLimits = {}, webhooksPath?: string): Promise<Server> {
  const middleware = await createNodeMiddleware(handoffGateApp, { probot, ...(webhooksPath ? { webhooksPath } : {}) });
  const listener = limitRequests((req, res) => middleware(req, res, () => res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}')), limits);
  // Slow clients are bounded by Node's defaults: headers within 60 s, the whole request within 300 s.
  return createServer(listener);
}

/** Limits from the environment: `MAX_BODY_BYTES`, `MAX_IN_FLIGHT_REQUESTS`, `MAX_BUFFERED_BYTES` (unset: defaults). */
export function limitsFromEnv(env: NodeJS.ProcessEnv): RequestLimits {
  const num = (name: string) => (env[name] && Number.isFinite(Number(env[name])) ? Number(env[name]) : undefined);
  const limits: RequestLimits = {};
  const body = num('MAX_BODY_BYTES');
  const inFlight = num('MAX_IN_FLIGHT_REQUESTS');
  const buffered = num('MAX_BUFFERED_BYTES');
  if (body !== undefined) limits.maxBodyBytes = body;
  if (inFlight !== undefined) limits.maxInFlight = inFlight;
  if (buffered !== undefined) limits.maxBufferedBytes = buffered;
  return limits;
}
