/**
 * The base's verify results, cached per base commit so a second `check` against the same base does
 * not verify the base again. An entry is keyed by everything its result depends on: the base commit,
 * the step's configuration, and a fingerprint of the dependencies and tools it ran with (the
 * dependency files it saw, the Node version, the platform). Entries live in the repository's git
 * directory (`<git-common-dir>/handoff-gate/baseline/`), shared by its worktrees, never committed.
 *
 * Trust: the cache is written by the gate, but verify steps run code of the change as the same user,
 * and that code could write a forged entry. So entries are read once, BEFORE any step of the change
 * runs, and never re-read after: within one run, nothing the change's code writes can reach its own
 * baseline. Across runs on a developer's machine the cache is as trustworthy as the machine's user
 * account (`baseline.cache: false` turns it off; CI runners start without one).
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import type { VerifyStepConfig } from '../core/config/config-schema.js';
import type { StepResult } from '../core/verify/step-result.js';
import { git } from './git.js';

/** Version of the entry format; a different version is a miss. */
/** 2: base results carry their test ledger and issue 9's failure fingerprints (older entries are misses). */
export const CACHE_VERSION = 2;
/** Entries kept per repository (the oldest are removed past this). */
export const MAX_ENTRIES = 200;
/** Files whose contents decide which tools and dependencies a step runs with. */
export const DEPENDENCY_FILES = [
  'package.json',
  'package-lock.json',
  'npm-shrinkwrap.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'bun.lockb',
  '.nvmrc',
  '.node-version',
  '.tool-versions',
  'requirements.txt',
  'requirements-dev.txt',
  'poetry.lock',
  'Pipfile.lock',
  'uv.lock',
  'pyproject.toml',
  'go.mod',
  'go.sum',
  'Cargo.lock',
];

interface Entry {
  v: number;
  key: string;
  result: StepResult;
}

/** Where this repository's entries live (created on first write). */
export async function cacheDir(repo: string): Promise<string> {
  const common = (await git(repo, ['rev-parse', '--git-common-dir'])).trim();
  return join(isAbsolute(common) ? common : join(repo, common), 'handoff-gate', 'baseline');
}

/**
 * The fingerprint of what a base run depends on besides the commit and the step: the dependency
 * files as the step sees them (read through `read`, e.g. the base tree, plus the head's when the base
 * shares the head's installed dependencies) and the runtime.
 */
export async function dependencyFingerprint(reads: readonly ((path: string) => Promise<Uint8Array | undefined>)[]): Promise<string> {
  const hash = createHash('sha256').update(`node ${process.version} ${process.platform} ${process.arch}\n`);
  for (const [i, read] of reads.entries()) {
    for (const path of DEPENDENCY_FILES) {
      const bytes = await read(path);
      hash.update(`${i}:${path}:${bytes ? createHash('sha256').update(bytes).digest('hex') : '-'}\n`);
    }
  }
  return hash.digest('hex');
}

/** The cache key of `step` run on `baseSha` with `fingerprint`. */
export function cacheKey(baseSha: string, step: VerifyStepConfig, fingerprint: string): string {
  return createHash('sha256').update(JSON.stringify({ v: CACHE_VERSION, baseSha, step, fingerprint })).digest('hex');
}

/**
 * Reads the entries for `keys` (step id → key) at once; call it before any step of the change runs.
 * A missing, unreadable, damaged or other-version entry is a miss, never an error.
 */
export async function readCachedResults(dir: string, keys: ReadonlyMap<string, string>): Promise<Map<string, StepResult>> {
  const out = new Map<string, StepResult>();
  await Promise.all(
    [...keys].map(async ([stepId, key]) => {
      try {
        const entry = JSON.parse(await readFile(join(dir, `${key}.json`), 'utf8')) as Partial<Entry>;
        const result = entry.result;
        if (entry.v === CACHE_VERSION && entry.key === key && result && result.id === stepId && Array.isArray(result.findings) && (result.status === 'passed' || result.status === 'failed')) out.set(stepId, result);
      } catch {
        /* a miss */
      }
    }),
  );
  return out;
}

/**
 * Stores a base result (only completed ones: a step that errored or was skipped is run again next
 * time), atomically (write, then rename), and keeps at most `MAX_ENTRIES`. Failures to write are
 * ignored: the cache only ever saves time.
 */
export async function writeCachedResult(dir: string, key: string, result: StepResult): Promise<void> {
  if (result.status !== 'passed' && result.status !== 'failed') return;
  try {
    await mkdir(dir, { recursive: true });
    const temp = join(dir, `.${key}.${process.pid}.tmp`);
    await writeFile(temp, JSON.stringify({ v: CACHE_VERSION, key, result } satisfies Entry));
    await rename(temp, join(dir, `${key}.json`));
    await prune(dir);
  } catch {
    /* the cache is an optimisation */
  }
}

async function prune(dir: string): Promise<void> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.json'));
  if (names.length <= MAX_ENTRIES) return;
  const aged = await Promise.all(names.map(async (n) => ({ n, t: (await stat(join(dir, n))).mtimeMs })));
  aged.sort((a, b) => a.t - b.t);
  await Promise.all(aged.slice(0, aged.length - MAX_ENTRIES).map(({ n }) => rm(join(dir, n), { force: true })));
}
