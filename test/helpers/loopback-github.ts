/**
 * A loopback stand-in for GitHub's REST API, for code that runs in another process (the bundle as the
 * runner starts it), where nock cannot reach: an HTTP server on 127.0.0.1 that records every request
 * with its Authorization header, keeps the check runs and comments created, and lists them back.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LoopbackRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  body: unknown;
}

export interface LoopbackGitHub {
  url: string;
  requests: LoopbackRequest[];
  close(): Promise<void>;
}

async function bodyOf(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as unknown) : undefined;
}

/** Starts the stand-in on an ephemeral loopback port. */
export async function loopbackGitHub(): Promise<LoopbackGitHub> {
  const requests: LoopbackRequest[] = [];
  const checkRuns: Record<string, unknown>[] = [];
  const comments: Record<string, unknown>[] = [];
  const server = createServer((req, res) => {
    void bodyOf(req).then((body) => {
      const method = req.method ?? 'GET';
      const path = (req.url ?? '/').split('?')[0] as string;
      requests.push({ method, path, authorization: req.headers.authorization, body });
      const reply = (status: number, data: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(data));
      };
      if (method === 'GET' && /\/check-runs$/.test(path)) return reply(200, { total_count: checkRuns.length, check_runs: checkRuns });
      if (method === 'POST' && /\/check-runs$/.test(path)) {
        const run = { id: checkRuns.length + 1, ...(body as object) };
        checkRuns.push(run);
        return reply(201, run);
      }
      if (method === 'PATCH' && /\/check-runs\/\d+$/.test(path)) return reply(200, { id: Number(path.split('/').pop()) });
      if (method === 'POST' && /\/issues\/\d+\/comments$/.test(path)) {
        const comment = { id: comments.length + 1, user: { login: 'github-actions[bot]', type: 'Bot' }, ...(body as object) };
        comments.push(comment);
        return reply(201, comment);
      }
      if (method === 'GET' && /\/issues\/\d+\/comments$/.test(path)) return reply(200, comments);
      if (method === 'GET') return reply(200, []);
      return reply(404, { message: 'Not Found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
