/**
 * The package as npm users get it: `engines` must be true for every runtime dependency in the
 * lockfile (npm warns, and a dependency may really fail, on a Node the range admits but it does not),
 * and what `npm pack` ships is checked from a clean clone by scripts/check-pack.sh in .ci/run.
 */
import { existsSync, readFileSync } from 'node:fs';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const read = (path: string) => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')) as Record<string, unknown>;
const pkg = read('../package.json') as { engines: { node: string }; files: string[]; scripts: Record<string, string>; license: string };
const lock = read('../package-lock.json') as { packages: Record<string, { version?: string; dev?: boolean; engines?: { node?: string } | string[] }> };

describe('package.json', () => {
  it('admits only Node versions that every runtime dependency in the lockfile supports', () => {
    const ours = pkg.engines.node;
    const offenders = Object.entries(lock.packages)
      .filter(([path, meta]) => path !== '' && !meta.dev && meta.engines && !Array.isArray(meta.engines) && meta.engines.node)
      .filter(([, meta]) => !semver.subset(ours, (meta.engines as { node: string }).node))
      .map(([path, meta]) => `${path.replace(/^.*node_modules\//, '')}@${meta.version ?? '?'} needs ${(meta.engines as { node: string }).node}`);
    expect(offenders).toEqual([]);
  });

  it('builds lib/ before packing and ships the licence it names', () => {
    expect(pkg.scripts['prepack']).toBe('npm run build');
    expect(pkg.files).toEqual(expect.arrayContaining(['bin', 'lib', 'schemas', 'LICENSE']));
    expect(pkg.license).toBe('MIT');
    expect(readFileSync(new URL('../LICENSE', import.meta.url), 'utf8')).toMatch(/^MIT License/);
  });
});

describe('Dockerfile (the App image)', () => {
  const dockerfile = readFileSync(new URL('../Dockerfile', import.meta.url), 'utf8');

  it('runs on a Node that engines admits, as a non-root user, the compiled server of a source that exists', () => {
    const images = [...dockerfile.matchAll(/^FROM node:(\d+)[-\w.]*/gm)].map((m) => `${m[1] ?? ''}.0.0`);
    expect(images.length).toBeGreaterThan(0);
    for (const version of images) expect(semver.satisfies(version, pkg.engines.node)).toBe(true);
    expect(dockerfile).toMatch(/^USER node$/m);
    const cmd = /^CMD \["node", "lib\/(.+)\.js"\]$/m.exec(dockerfile)?.[1];
    expect(cmd).toBe('app/server');
    expect(existsSync(new URL(`../src/${cmd ?? ''}.ts`, import.meta.url))).toBe(true);
  });

  it('keeps secrets and build output out of the build context', () => {
    const ignored = readFileSync(new URL('../.dockerignore', import.meta.url), 'utf8').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['.env', '*.pem', 'node_modules', '.git']));
  });
});

describe('published schemas', () => {
  it("each $id is the fetchable URL of the committed file it is written to, and the README's modeline names one", async () => {
    const { readdirSync } = await import('node:fs');
    const { SCHEMA_BASE_URL } = await import('../src/core/schema-url.js');
    const files = readdirSync(new URL('../schemas/', import.meta.url)).filter((f) => f.endsWith('.schema.json'));
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const file of files) {
      const schema = JSON.parse(readFileSync(new URL(`../schemas/${file}`, import.meta.url), 'utf8')) as { $id?: string };
      expect(schema.$id, file).toBe(`${SCHEMA_BASE_URL}${file}`);
    }
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const modeline = /# yaml-language-server: \$schema=(\S+)/.exec(readme)?.[1] ?? '';
    expect(files.map((f) => `${SCHEMA_BASE_URL}${f}`)).toContain(modeline);
  });
});
