/**
 * The evidence side of GitHub for trusted-gate tests: a verify run's artifact list and its zip
 * download (GitHub's 302 to blob storage, then the archive from another host), behind nock.
 */
import { zipSync } from 'fflate';
import nock from 'nock';
import { EVIDENCE_ARTIFACT, EVIDENCE_FILE } from '../../src/github/evidence-artifact.js';
import type { mockGitHub } from './github-mock.js';

export const BLOB_HOST = 'https://pipelines.actions.githubusercontent.com';

/** A zip archive holding `files` (name → content), as upload-artifact would upload them. */
export function zipOf(files: Record<string, Uint8Array | string>, level: 0 | 6 = 6): Uint8Array {
  return zipSync(Object.fromEntries(Object.entries(files).map(([name, content]) => [name, typeof content === 'string' ? new TextEncoder().encode(content) : content])), { level });
}

/** A zip archive holding one evidence file. */
export const evidenceZip = (content: Uint8Array | string) => zipOf({ [EVIDENCE_FILE]: content });

/**
 * Serves run `runId`'s artifacts: none when `zip` is undefined, else one evidence artifact whose
 * listed size is `listedSize` (default the archive's size). The download is only mocked when `download`.
 */
export function serveArtifact(gh: ReturnType<typeof mockGitHub>, repoPath: string, runId: number, zip: Uint8Array | undefined, options: { listedSize?: number; download?: boolean; artifactId?: number } = {}): void {
  const id = options.artifactId ?? 55;
  const artifacts = zip === undefined ? [] : [{ id, node_id: 'A', name: EVIDENCE_ARTIFACT, size_in_bytes: options.listedSize ?? zip.byteLength, url: '', archive_download_url: `https://api.github.com${repoPath}/actions/artifacts/${id}/zip`, expired: false, created_at: null, expires_at: null, updated_at: null }];
  gh.scope.get(`${repoPath}/actions/runs/${runId}/artifacts`).query(true).reply(200, { total_count: artifacts.length, artifacts });
  if (zip !== undefined && options.download !== false) {
    gh.scope.get(`${repoPath}/actions/artifacts/${id}/zip`).reply(302, '', { location: `${BLOB_HOST}/artifacts/${id}.zip?sig=x` });
    nock(BLOB_HOST).get(`/artifacts/${id}.zip`).query(true).reply(200, Buffer.from(zip), { 'content-type': 'application/zip' });
  }
}
