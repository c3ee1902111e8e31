/**
 * The evidence artifact as untrusted bytes: listed, size-checked before download, downloaded through
 * GitHub's redirect with a byte cap, unpacked with a cap on the inflated bytes (a zip bomb is stopped,
 * not held), and every bad archive answered with a specific code, never a throw.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Octokit } from '@octokit/core';
import { paginateRest } from '@octokit/plugin-paginate-rest';
import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import type { GitHubClient } from '../../src/github/client.js';
import { downloadEvidence, EVIDENCE_FILE, unzipOne } from '../../src/github/evidence-artifact.js';
import { BLOB_HOST, evidenceZip, serveArtifact, zipOf } from '../helpers/evidence-stand-in.js';
import { mockGitHub } from '../helpers/github-mock.js';

const R = '/repos/octo/repo';
const repo = { owner: 'octo', repo: 'repo' };
const client = () => new (Octokit.plugin(paginateRest))({ auth: 'ghs_x', request: { fetch: globalThis.fetch } }) as unknown as GitHubClient;
const MB = 1024 * 1024;

afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe('downloadEvidence', () => {
  it('follows the redirect to blob storage and returns the evidence file', async () => {
    const gh = mockGitHub();
    serveArtifact(gh, R, 7, evidenceZip('{"ok":1}'));
    const got = await downloadEvidence(client(), repo, 7);
    expect(got.ok && new TextDecoder().decode(got.bytes)).toBe('{"ok":1}');
    expect(gh.done()).toEqual([]);
    expect(gh.problems).toEqual([]);
    expect(gh.calls()).toEqual([`GET ${R}/actions/runs/7/artifacts`, `GET ${R}/actions/artifacts/55/zip`]);
  });

  it('no artifact → verify.evidence-missing', async () => {
    const gh = mockGitHub();
    serveArtifact(gh, R, 7, undefined);
    expect(await downloadEvidence(client(), repo, 7)).toMatchObject({ ok: false, code: 'verify.evidence-missing' });
  });

  it('a 100 MB artifact → verify.evidence-too-large, and it is never downloaded', async () => {
    const gh = mockGitHub();
    serveArtifact(gh, R, 7, evidenceZip('{}'), { listedSize: 100 * MB, download: false });
    const got = await downloadEvidence(client(), repo, 7);
    expect(got).toMatchObject({ ok: false, code: 'verify.evidence-too-large' });
    expect(!got.ok && got.message).toContain('104857600 bytes');
    expect(gh.calls()).toEqual([`GET ${R}/actions/runs/7/artifacts`]);
  });

  it('an archive larger than listed is cut off while downloading → verify.evidence-too-large', async () => {
    const gh = mockGitHub();
    // Stored (not deflated) random bytes: the archive itself is 9 MB, over the 8 MB cap.
    const big = zipOf({ [EVIDENCE_FILE]: '{}', 'pad.bin': new Uint8Array(randomBytes(9 * MB)) }, 0);
    serveArtifact(gh, R, 7, big, { listedSize: 1000 });
    expect(big.byteLength).toBeGreaterThan(8 * MB);
    expect(await downloadEvidence(client(), repo, 7)).toMatchObject({ ok: false, code: 'verify.evidence-too-large', message: expect.stringContaining('more bytes arrived than listed') });
  });

  it('an expired artifact, or a download answered 410 → verify.evidence-missing', async () => {
    const gh = mockGitHub();
    gh.scope.get(`${R}/actions/runs/7/artifacts`).query(true).reply(200, { total_count: 1, artifacts: [{ id: 1, name: 'handoff-gate-evidence', size_in_bytes: 10, expired: true }] });
    expect(await downloadEvidence(client(), repo, 7)).toMatchObject({ ok: false, code: 'verify.evidence-missing', message: expect.stringContaining('expired') });
    gh.scope.get(`${R}/actions/runs/8/artifacts`).query(true).reply(200, { total_count: 1, artifacts: [{ id: 2, name: 'handoff-gate-evidence', size_in_bytes: 10, expired: false }] });
    gh.scope.get(`${R}/actions/artifacts/2/zip`).reply(410, { message: 'Artifact has expired' });
    expect(await downloadEvidence(client(), repo, 8)).toMatchObject({ ok: false, code: 'verify.evidence-missing' });
    expect(nock(BLOB_HOST).isDone()).toBe(true);
  });
});

describe('unzipOne', () => {
  it('stops a zip bomb (100 MB inflating from a small archive) at the limit', () => {
    const bomb = new Uint8Array(readFileSync(new URL('../fixtures/evidence/bomb-100mb.zip', import.meta.url)));
    expect(bomb.byteLength).toBeLessThan(1 * MB);
    const got = unzipOne(bomb, EVIDENCE_FILE, 4 * MB);
    expect(got).toMatchObject({ ok: false, code: 'verify.evidence-too-large', message: expect.stringContaining('unpacking was stopped') });
  });

  it('reads the streamed form Info-ZIP and upload-artifact write (sizes in data descriptors) and ignores other entries', () => {
    const streamed = new Uint8Array(readFileSync(new URL('../fixtures/evidence/streamed.zip', import.meta.url)));
    const got = unzipOne(streamed, EVIDENCE_FILE, 4 * MB);
    expect(got.ok && new TextDecoder().decode(got.bytes)).toBe('{"streamed":true}\n');
  });

  it.each([
    ['not a zip', new TextEncoder().encode('{"schemaVersion":"1.0"}'), 'verify.evidence-invalid'],
    ['a truncated zip', evidenceZip('{"a":1}'.repeat(1000)).subarray(0, 60), 'verify.evidence-invalid'],
    ['a zip without the evidence file', zipOf({ 'other.json': '{}' }), 'verify.evidence-missing'],
    ['an empty body', new Uint8Array(), 'verify.evidence-invalid'],
  ])('%s', (_what, archive, code) => {
    expect(unzipOne(archive, EVIDENCE_FILE, 4 * MB)).toMatchObject({ ok: false, code });
  });
});
