/**
 * Bounded input for the App's HTTP server, in front of Probot's middleware (which buffers the whole
 * body before checking the signature). Every request counts against `maxInFlight` (503 beyond, with
 * `retry-after`), `/metrics` and `/healthz` included. A body larger than `maxBodyBytes` is refused
 * with 413 before it is read: by its `content-length`, or — without one (chunked) — as soon as the
 * bytes streamed in pass the limit. Bodies within the limit are buffered here (at most
 * `maxBufferedBytes` across all requests at once, 503 beyond) and handed to Probot as `req.body`.
 * GitHub caps webhook payloads at 25 MB: https://docs.github.com/en/webhooks/webhook-events-and-payloads#payload-cap
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** GitHub's webhook payload cap: 25 MB. */
export const MAX_WEBHOOK_BYTES = 25 * 1024 * 1024;

export interface RequestLimits {
  /** Largest accepted body in bytes (413 beyond). Default 25 MB. */
  maxBodyBytes?: number;
  /** Requests handled at once (503 beyond). Default 256. */
  maxInFlight?: number;
  /** Body bytes buffered across all requests at once (503 beyond). Default 100 MB. */
  maxBufferedBytes?: number;
}

/** A refused body is drained (and dropped) up to this many times the body limit, then the connection is cut. */
const DRAIN_FACTOR = 2;

export type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

/** Wraps `next` (Probot's node middleware) with the limits above. */
export function limitRequests(next: (req: IncomingMessage, res: ServerResponse) => unknown, limits: RequestLimits = {}): RequestListener & { readonly inFlight: number } {
  const maxBody = limits.maxBodyBytes ?? MAX_WEBHOOK_BYTES;
  const maxInFlight = limits.maxInFlight ?? 256;
  const maxBuffered = limits.maxBufferedBytes ?? 100 * 1024 * 1024;
  let inFlight = 0;
  let buffered = 0;

  /**
   * Answers at once. The unread rest of the body is drained and dropped, never
   * kept (so the client gets to read the answer), up to `DRAIN_FACTOR` × the body limit; a client
   * that sends more than that is disconnected.
   */
  const refuse = (res: ServerResponse, status: 413 | 503, message: string) => {
    if (res.headersSent) return;
    const req = res.req;
    res.writeHead(status, { 'content-type': 'application/json', ...(status === 503 ? { 'retry-after': '1' } : {}) }).end(JSON.stringify({ error: message }));
    let drained = 0;
    req.removeAllListeners('data');
    req.on('data', (chunk: Buffer) => {
      drained += chunk.length;
      if (drained > DRAIN_FACTOR * maxBody) req.destroy();
    });
    req.resume();
  };

  const listener = (req: IncomingMessage, res: ServerResponse) => {
    if (inFlight >= maxInFlight) return refuse(res, 503, `more than ${maxInFlight} requests in flight`);
    inFlight++;
    let released = false;
    const release = () => {
      if (!released) inFlight--;
      released = true;
    };
    res.once('close', release);
    res.once('finish', release);

    const declared = req.headers['content-length'] === undefined ? undefined : Number(req.headers['content-length']);
    if (declared !== undefined && !(declared <= maxBody)) return refuse(res, 413, `body over ${maxBody} bytes`);
    const hasBody = declared !== undefined ? declared > 0 : req.headers['transfer-encoding'] !== undefined;
    if (!hasBody) return void Promise.resolve(next(req, res)).catch(() => refuse(res, 503, 'handler failed'));

    // Reserve the declared size (or the limit, for a chunked body) in the shared budget.
    const reserved = declared ?? maxBody;
    if (buffered + reserved > maxBuffered) return refuse(res, 503, 'too many request bytes in flight');
    buffered += reserved;
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = () => {
      if (done) return false;
      done = true;
      buffered -= reserved;
      return true;
    };
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > maxBody) {
        finish();
        chunks.length = 0;
        refuse(res, 413, `body over ${maxBody} bytes`);
        return;
      }
      chunks.push(chunk);
    });
    req.once('error', () => finish());
    req.once('end', () => {
      if (!finish()) return;
      // Probot's (@octokit/webhooks') node middleware takes a string `req.body` as the raw payload.
      (req as IncomingMessage & { body?: string }).body = Buffer.concat(chunks, size).toString('utf8');
      chunks.length = 0;
      void Promise.resolve(next(req, res)).catch(() => refuse(res, 503, 'handler failed'));
    });
  };
  return Object.defineProperty(listener, 'inFlight', { get: () => inFlight }) as RequestListener & { readonly inFlight: number };
}
