/**
 * GitHub behind nock: no real connection is allowed, every request made is recorded, and each is
 * checked against GitHub's REST description (see openapi.ts). Tests read `requests` and `problems`.
 */
import nock from 'nock';
import { checkRequest } from './openapi.js';

export interface RecordedRequest {
  method: string;
  path: string;
  body: unknown;
}

export const API = 'https://api.github.com';

export function mockGitHub() {
  nock.disableNetConnect();
  const requests: RecordedRequest[] = [];
  const problems: string[] = [];
  const scope = nock(API);
  const onRequest = (req: { method: string; path: string }, _i: unknown, body: string) => {
    const parsed = body ? (JSON.parse(body) as unknown) : undefined;
    requests.push({ method: req.method, path: req.path, body: parsed });
    problems.push(...checkRequest(req.method, req.path, parsed));
  };
  scope.on('request', onRequest);
  return {
    scope,
    requests,
    problems,
    /** Requests as "METHOD /path" (query dropped), in order. */
    calls: () => requests.map((r) => `${r.method} ${r.path.split('?')[0]}`),
    done() {
      const pending = nock.pendingMocks();
      nock.cleanAll();
      return pending;
    },
  };
}
