/**
 * The evidence artifact of a verify workflow run, fetched as untrusted bytes: list the run's
 * artifacts, refuse one over the size limit before downloading, download the zip (GitHub answers
 * with a redirect to blob storage, which fetch follows) while counting bytes, and unpack the one
 * evidence file with fflate's streaming unzip while counting the inflated bytes, so neither a large
 * archive nor a zip bomb is ever held whole. Never throws for a bad artifact: it says which problem.
 * Sources: https://docs.github.com/en/rest/actions/artifacts#list-workflow-run-artifacts,
 * https://docs.github.com/en/rest/actions/artifacts#download-an-artifact
 */
import { Unzip, UnzipInflate } from 'fflate';
import { EVIDENCE_LIMITS } from '../core/verify/evidence-schema.js';
import type { GitHubClient, RepoRef } from './client.js';

/** The artifact name the verify workflow uploads (actions/upload-artifact `name:`). */
export const EVIDENCE_ARTIFACT = 'handoff-gate-evidence';
/** The file inside it (the Action's `mode: verify` writes it; upload-artifact keeps the base name). */
export const EVIDENCE_FILE = 'handoff-gate-evidence.json';
/** Compressed bytes accepted for the whole archive. */
export const MAX_ARCHIVE_BYTES = 8 * 1024 * 1024;
/** Entries accepted in the archive (the evidence file plus a few strays at most). */
const MAX_ENTRIES = 16;

export type ArtifactProblemCode = 'verify.evidence-missing' | 'verify.evidence-too-large' | 'verify.evidence-invalid';

export type EvidenceDownload = { ok: true; bytes: Uint8Array; artifactId: number } | { ok: false; code: ArtifactProblemCode; message: string };

export interface EvidenceDownloadOptions {
  artifactName?: string;
  fileName?: string;
  maxArchiveBytes?: number;
  /** Inflated bytes of the evidence file (default `EVIDENCE_LIMITS.maxBytes`). */
  maxFileBytes?: number;
}

/**
 * Fetches the evidence file of workflow run `runId`. Throws only for API errors other than a 404/410
 * on the download (an expired or deleted artifact is `verify.evidence-missing`).
 */
export async function downloadEvidence(client: GitHubClient, repo: RepoRef, runId: number, options: EvidenceDownloadOptions = {}): Promise<EvidenceDownload> {
  const name = options.artifactName ?? EVIDENCE_ARTIFACT;
  const maxArchive = options.maxArchiveBytes ?? MAX_ARCHIVE_BYTES;
  const { data } = await client.request('GET /repos/{owner}/{repo}/actions/runs/{run_id}/artifacts', { ...repo, run_id: runId, name, per_page: 100 });
  const artifacts = data.artifacts.filter((a) => a.name === name);
  if (artifacts.length === 0) return { ok: false, code: 'verify.evidence-missing', message: `verify run ${runId} uploaded no artifact named "${name}"` };
  if (artifacts.length > 1) return { ok: false, code: 'verify.evidence-invalid', message: `verify run ${runId} has ${artifacts.length} artifacts named "${name}"` };
  const artifact = artifacts[0] as (typeof artifacts)[number];
  if (artifact.expired) return { ok: false, code: 'verify.evidence-missing', message: `the "${name}" artifact of verify run ${runId} has expired` };
  if (artifact.size_in_bytes > maxArchive) return { ok: false, code: 'verify.evidence-too-large', message: `the "${name}" artifact is ${artifact.size_in_bytes} bytes, over the ${maxArchive}-byte limit; it was not downloaded` };

  let body: ReadableStream<Uint8Array> | null;
  try {
    const response = await client.request('GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format}', { ...repo, artifact_id: artifact.id, archive_format: 'zip', request: { parseSuccessResponseBody: false } });
    body = response.data as unknown as ReadableStream<Uint8Array> | null;
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (status === 404 || status === 410) return { ok: false, code: 'verify.evidence-missing', message: `the "${name}" artifact of verify run ${runId} could not be downloaded (${status})` };
    throw error;
  }
  const archive = await readBounded(body, maxArchive);
  if (archive === 'too-large') return { ok: false, code: 'verify.evidence-too-large', message: `the "${name}" archive is over the ${maxArchive}-byte limit (more bytes arrived than listed); it was not unpacked` };
  const file = unzipOne(archive, options.fileName ?? EVIDENCE_FILE, options.maxFileBytes ?? EVIDENCE_LIMITS.maxBytes);
  return file.ok ? { ok: true, bytes: file.bytes, artifactId: artifact.id } : file;
}

/** A response body read to its end, or `'too-large'` as soon as it passes `max` bytes (the rest is not read). */
async function readBounded(body: ReadableStream<Uint8Array> | ArrayBuffer | Uint8Array | string | null, max: number): Promise<Uint8Array | 'too-large'> {
  if (body === null) return new Uint8Array();
  if (typeof body === 'string') body = new TextEncoder().encode(body);
  if (body instanceof ArrayBuffer) body = new Uint8Array(body);
  if (body instanceof Uint8Array) return body.byteLength > max ? 'too-large' : body;
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel().catch(() => undefined);
      return 'too-large';
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/**
 * The bytes of entry `fileName` of a zip archive, inflated chunk by chunk and stopped as soon as
 * they pass `max` (the sizes in the zip's headers are the producer's word: they are not trusted).
 */
export function unzipOne(archive: Uint8Array, fileName: string, max: number): { ok: true; bytes: Uint8Array } | { ok: false; code: 'verify.evidence-too-large' | 'verify.evidence-invalid' | 'verify.evidence-missing'; message: string } {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let entries = 0;
  let found = 0;
  let problem: { code: 'verify.evidence-too-large' | 'verify.evidence-invalid'; message: string } | undefined;
  const unzip = new Unzip();
  unzip.register(UnzipInflate);
  unzip.onfile = (file) => {
    entries++;
    if (problem) return;
    if (entries > MAX_ENTRIES) {
      problem = { code: 'verify.evidence-invalid', message: `the evidence archive has more than ${MAX_ENTRIES} entries` };
      return;
    }
    if (file.name !== fileName) return; // not started: never inflated
    found++;
    if (found > 1) {
      problem = { code: 'verify.evidence-invalid', message: `the evidence archive holds ${fileName} more than once` };
      return;
    }
    file.ondata = (error, chunk, _final) => {
      if (problem) return;
      if (error) {
        problem = { code: 'verify.evidence-invalid', message: `the evidence archive is damaged (${error.message})` };
        return;
      }
      total += chunk.byteLength;
      if (total > max) {
        problem = { code: 'verify.evidence-too-large', message: `${fileName} inflates to more than ${max} bytes; unpacking was stopped` };
        file.terminate();
        return;
      }
      chunks.push(chunk);
    };
    file.start();
  };
  try {
    // Pushed in 4 KiB slices: deflate expands at most ~1032:1, so no more than ~4 MB is ever
    // inflated past the limit before a bomb is stopped (smaller slices cost fflate more per byte).
    const SLICE = 4096;
    for (let at = 0; at < archive.byteLength && !problem; at += SLICE) unzip.push(archive.subarray(at, at + SLICE), at + SLICE >= archive.byteLength);
    if (archive.byteLength === 0) unzip.push(new Uint8Array(), true);
  } catch (error) {
    if (!problem) problem = { code: 'verify.evidence-invalid', message: `the evidence artifact is not a readable zip archive (${error instanceof Error ? error.message.slice(0, 200) : 'unreadable'})` };
  }
  if (problem) return { ok: false, ...problem };
  if (entries === 0) return { ok: false, code: 'verify.evidence-invalid', message: 'the evidence artifact is not a zip archive (no entries found)' };
  if (found === 0) return { ok: false, code: 'verify.evidence-missing', message: `the evidence artifact holds no ${fileName}` };
  return { ok: true, bytes: Buffer.concat(chunks) };
}
