/**
 * A `TreeReader` over the GitHub API for the App (which never checks out code): file bytes at the
 * base and head SHAs through the contents API, cached per path, and `prefetch` reading many text
 * files in one GraphQL query (`object(expression: "<sha>:<path>")` per file) instead of one request
 * each. Sources: https://docs.github.com/en/rest/repos/contents, https://docs.github.com/en/graphql/reference/objects#blob
 */
import type { TreeReader } from '../core/evaluate-gate.js';
import picomatch from 'picomatch';
import { statusOf, type GitHubClient, type RepoRef } from './client.js';

/** Files per GraphQL query (keeps each query well under GitHub's node and size limits). */
const BATCH = 50;

export interface ApiTree extends TreeReader {
  /** Reads `paths` at the head in GraphQL batches so later `readHead` calls are cache hits. */
  prefetchHead(paths: readonly string[]): Promise<void>;
  /** API requests made so far (for the request-count figure). */
  readonly requests: number;
}

type GraphQLClient = GitHubClient & { graphql: <T>(query: string, variables?: Record<string, unknown>) => Promise<T> };

export function apiTree(client: GraphQLClient, repo: RepoRef, baseSha: string, headSha: string): ApiTree {
  const caches = { [baseSha]: new Map<string, Promise<Uint8Array | undefined>>(), [headSha]: new Map<string, Promise<Uint8Array | undefined>>() };
  let requests = 0;
  const read = (sha: string) => (path: string) => {
    const cache = caches[sha] as Map<string, Promise<Uint8Array | undefined>>;
    let pending = cache.get(path);
    if (!pending) {
      requests++;
      pending = readBytes(client, repo, path, sha, () => requests++);
      cache.set(path, pending);
    }
    return pending;
  };
  return {
    readHead: read(headSha),
    readBase: read(baseSha),
    async listBase(globs) {
      requests++;
      return listTree(client, repo, baseSha, globs);
    },
    get requests() {
      return requests;
    },
    async prefetchHead(paths) {
      const cache = caches[headSha] as Map<string, Promise<Uint8Array | undefined>>;
      const wanted = [...new Set(paths)].filter((p) => !cache.has(p));
      for (let i = 0; i < wanted.length; i += BATCH) {
        const batch = wanted.slice(i, i + BATCH);
        const fields = batch.map((_, j) => `f${j}: object(expression: $e${j}) { ... on Blob { text isBinary } }`).join('\n');
        const query = `query(${['$owner: String!', '$repo: String!', ...batch.map((_, j) => `$e${j}: String!`)].join(', ')}) { repository(owner: $owner, name: $repo) { ${fields} } }`;
        const variables = Object.fromEntries([['owner', repo.owner], ['repo', repo.repo], ...batch.map((p, j) => [`e${j}`, `${headSha}:${p}`])]);
        requests++;
        const data = await client.graphql<{ repository: Record<string, { text: string | null; isBinary: boolean } | null> }>(query, variables);
        batch.forEach((path, j) => {
          const blob = data.repository[`f${j}`];
          // Binary blobs have no text over GraphQL: leave them to the contents API.
          if (blob && !blob.isBinary && blob.text !== null) cache.set(path, Promise.resolve(new TextEncoder().encode(blob.text)));
          else if (!blob) cache.set(path, Promise.resolve(undefined));
        });
      }
    },
  };
}

/**
 * A file's exact bytes at `sha`: the contents API's base64 `content` (files up to 1 MB), else the
 * git blob API (up to 100 MB). `undefined` for a missing path or a directory.
 */
async function readBytes(client: GitHubClient, repo: RepoRef, path: string, sha: string, count: () => void): Promise<Uint8Array | undefined> {
  try {
    const { data } = await client.request('GET /repos/{owner}/{repo}/contents/{path}', { ...repo, path, ref: sha });
    if (Array.isArray(data) || data.type !== 'file') return undefined;
    const file = data as { content?: string; encoding?: string; sha: string };
    if (file.encoding === 'base64' && file.content !== undefined) return new Uint8Array(Buffer.from(file.content, 'base64'));
    count();
    const blob = await client.request('GET /repos/{owner}/{repo}/git/blobs/{file_sha}', { ...repo, file_sha: file.sha });
    return new Uint8Array(Buffer.from(blob.data.content, blob.data.encoding === 'base64' ? 'base64' : 'utf8'));
  } catch (error) {
    if (statusOf(error) === 404) return undefined;
    throw error;
  }
}


/**
 * Paths of the blobs at `sha` matching picomatch `globs`, from the recursive git trees API
 * (https://docs.github.com/en/rest/git/trees#get-a-tree). GitHub truncates a recursive listing
 * beyond 100,000 entries / 7 MB; a truncated listing is an error (the caller reports the history
 * as unavailable) rather than a silently partial one.
 */
async function listTree(client: GitHubClient, repo: RepoRef, sha: string, globs: readonly string[]): Promise<string[]> {
  const { data } = await client.request('GET /repos/{owner}/{repo}/git/trees/{tree_sha}', { ...repo, tree_sha: sha, recursive: '1' });
  if (data.truncated) throw new Error(`the tree of ${sha.slice(0, 12)} is too large to list in one request (truncated)`);
  const isMatch = picomatch([...globs], { dot: true });
  return data.tree.flatMap((e) => (e.type === 'blob' && e.path !== undefined && isMatch(e.path) ? [e.path] : []));
}
