/** The App loaded into a fresh Probot for `probot.receive` tests, and the example events it gets. */
import { generateKeyPairSync } from 'node:crypto';
import { Probot, ProbotOctokit } from 'probot';
import handoffGateApp from '../../src/app/index.js';
import { examplePayload } from './action-env.js';

/** The App's bot login in these tests (set as BOT_LOGIN, so GET /app is never needed). */
export const BOT = 'handoff-gate[bot]';
/** Installation id given to every example payload. */
export const INSTALLATION = 99;

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });

/** Probot with a real RSA key; retries and throttling off unless another Octokit is given. */
export async function newProbot(Octokit = ProbotOctokit.defaults((o: object) => ({ ...o, retry: { enabled: false }, throttle: { enabled: false } }))): Promise<Probot> {
  process.env['BOT_LOGIN'] = BOT;
  const probot = new Probot({ appId: 1, privateKey, logLevel: 'fatal', Octokit });
  await probot.load(handoffGateApp, { cwd: process.cwd(), addHandler: () => {} });
  return probot;
}

/** `payload` with the installation the token mock answers for. */
export const withInstallation = (payload: Record<string, any>): Record<string, any> => ({ ...payload, installation: { id: INSTALLATION } });

/** GitHub's example issue_comment.created, moved onto pull request #2 as comment 1 by `login`. */
export function commentEvent(body: string, login: string, type = 'User') {
  const payload = withInstallation(examplePayload('issue_comment', 'created'));
  payload.issue.pull_request = { url: 'x' };
  payload.issue.number = 2;
  payload.comment = { ...payload.comment, id: 1, body, user: { ...payload.comment.user, login, type } };
  return { name: 'issue_comment' as const, id: `c-${login}`, payload: payload as never };
}
