/**
 * The line guardrails on real git repositories: net-added lines (moves and regenerated bundles add
 * nothing), generated files from the BASE .gitattributes, pattern variants, invisible Unicode and the
 * maintained secret ruleset, each beside an honest control.
 */
import { describe, expect, it } from 'vitest';
import { parseUnifiedDiff } from '../../src/core/diff/changed-file.js';
import { checkPaths } from '../../src/core/guardrails/path-rules.js';
import { scanDiff } from '../../src/core/guardrails/scan-diff.js';
import type { Reason } from '../../src/core/reasons.js';
import { diff, treeReader } from '../../src/local/git.js';
import { FOCUSED, SKIPPED, X_SKIPPED, focusedTest } from '../fixtures/forbidden-lines.js';
import { config } from '../helpers/gate-input.js';
import { gitRepo } from '../helpers/git-repo.js';

const cp = (n: number) => String.fromCodePoint(n);

/** The line-guardrail reasons of the change base → head in a real repository. */
async function scan(base: Record<string, string>, head: Record<string, string | null>, yaml = ''): Promise<Reason[]> {
  const repo = gitRepo(base, head);
  const files = parseUnifiedDiff(await diff(repo.dir, repo.baseSha, repo.headSha));
  const readBase = treeReader(repo.dir, repo.baseSha);
  return scanDiff(files, config(yaml), async (p) => {
    const bytes = await readBase(p);
    return bytes ? new TextDecoder().decode(bytes) : undefined;
  });
}

const brief = (reasons: Reason[]) => reasons.map((r) => [r.rule, r.file, r.line]);

describe('net-added lines', () => {
  const suppressed = Array.from({ length: 31 }, (_, i) => `  const v${i} = f(); // eslint-disable-line no-console`);

  it('a moved block of suppressions (within a file and across files) adds nothing', async () => {
    const before = ['export function a() {', ...suppressed, '}', 'export function b() {}', ''].join('\n');
    const after = ['export function b() {}', 'export function a() {', ...suppressed.map((l) => `    ${l.trim()}`), '}', ''].join('\n');
    expect(await scan({ 'src/a.ts': before }, { 'src/a.ts': after })).toEqual([]);
    // Moved to another file: the removal in one file pays for the addition in the other.
    expect(await scan({ 'src/a.ts': before }, { 'src/a.ts': 'export function b() {}\n', 'src/moved.ts': after })).toEqual([]);
  });

  it('one more copy than was removed is one hit, on the added copy', async () => {
    const before = `${suppressed[0]}\n`;
    const hits = await scan({ 'src/a.ts': before }, { 'src/a.ts': `${suppressed[0]}\n${suppressed[0]}\n` });
    expect(brief(hits)).toEqual([['eslint-disable', 'src/a.ts', 2]]);
  });

  it('a renamed test file that also gains a focused test reports only the new line', async () => {
    const tests = Array.from({ length: 5 }, (_, i) => `it('case ${i}', () => {});`).join('\n');
    const hits = await scan({ 'test/old.test.ts': `${tests}\n` }, { 'test/old.test.ts': null, 'test/new.test.ts': `${tests}\n${focusedTest('new')}\n` });
    expect(brief(hits)).toEqual([['focused-test', 'test/new.test.ts', 6]]);
  });
});

describe('generated files', () => {
  const bundleLine = 'var x = 1; // eslint-disable-line';

  it('dist/** is skipped by default; a secret or a bidi control in it still blocks', async () => {
    const hits = await scan({}, { 'dist/index.js': `${bundleLine}\nconst k = "${'sk_'}live_${'a1B2c3D4e5'.repeat(3)}";\nlet s = "${cp(0x202e)}";\n` });
    expect(brief(hits)).toEqual([
      ['stripe-key', 'dist/index.js', 2],
      ['bidi-control', 'dist/index.js', 3],
    ]);
  });

  it('linguist-generated is read from the BASE .gitattributes only; -linguist-generated turns it off', async () => {
    const attributes = 'gen/** linguist-generated\ngen/keep.ts -linguist-generated\n';
    const hits = await scan({ '.gitattributes': attributes }, { 'gen/api.ts': `${bundleLine}\n`, 'gen/keep.ts': `${bundleLine}\n` });
    expect(brief(hits)).toEqual([['eslint-disable', 'gen/keep.ts', 1]]);
    // The agent marks its own file generated in the same change: not honoured.
    const sneaky = await scan({}, { '.gitattributes': 'src/** linguist-generated=true\n', 'src/a.ts': `${bundleLine}\n` });
    expect(brief(sneaky)).toEqual([['eslint-disable', 'src/a.ts', 1]]);
  });

  it('generated.paths is configurable, and an empty list scans everything', async () => {
    const hits = await scan({}, { 'dist/index.js': `${bundleLine}\n` }, 'guardrails:\n  generated: { paths: [] }\n');
    expect(brief(hits)).toEqual([['eslint-disable', 'dist/index.js', 1]]);
  });
});

describe('pattern variants', () => {
  const variants: [string, string, string][] = [
    ['focused-test', 'a.test.ts', `it['only']('x', () => {});`],
    ['focused-test', 'a.test.ts', `describe["only"]('x', () => {});`],
    ['focused-test', 'a.test.ts', `test.concurrent.${FOCUSED.split('.')[1]}('x', () => {});`],
    ['focused-test', 'a.test.ts', "fit('x', () => {});"],
    ['skipped-test', 'a.test.ts', `it["skip"]('x', () => {});`],
    ['skipped-test', 'a.test.ts', `${X_SKIPPED}('x', () => {});`],
    ['skipped-test', 'a.test.ts', `${SKIPPED}.each([1])('x', () => {});`],
    ['eslint-inline-config', 'a.ts', '/* eslint rule: "off" */'],
    ['eslint-inline-config', 'a.ts', '/* eslint @typescript-eslint/no-explicit-any: 0 */'],
    ['coverage-ignore', 'a.ts', '/* istanbul ignore next */'],
    ['coverage-ignore', 'a.js', '/* v8 ignore start */'],
    ['coverage-ignore', 'a.py', 'def f():  # pragma: no cover'],
    ['python-type-ignore', 'a.py', '# mypy: ignore-errors'],
    ['skipped-test-python', 'test_a.py', '    pytest.skip("later")'],
    ['skipped-test-python', 'test_a.py', '@pytest.mark.skipif(True, reason="x")'],
  ];

  it.each(variants)('%s catches %s: %s', async (rule, path, line) => {
    const hits = await scan({}, { [path]: `ok = 1\n${line}\n` });
    expect(brief(hits)).toContainEqual([rule, path, 2]);
  });

  it('prose and fenced Markdown that mention the patterns are not hits', async () => {
    const doc = ['# Testing guide', '', `Never commit \`${FOCUSED}\` or \`${SKIPPED}\`; avoid \`// eslint-disable\` and \`/* istanbul ignore */\`.`, '', '```ts', focusedTest('example'), '/* eslint rule: "off" */', '```', ''].join('\n');
    expect(await scan({}, { 'docs/testing.md': doc, 'README.md': `x\n${doc}` })).toEqual([]);
  });
});

describe('invisible Unicode', () => {
  it('a Trojan Source line in code blocks and names the code point; so does a zero-width space', async () => {
    const trojan = `  if (isAdmin) { /*${cp(0x202e)} } ${cp(0x2066)} if (isAdmin) ${cp(0x2069)} ${cp(0x2066)} begin admins only */`;
    const hits = await scan({}, { 'src/auth.ts': `export const ok = 1;\n${trojan}\nconst user${cp(0x200b)}Id = 1;\n` });
    expect(hits.map((h) => [h.rule, h.line, h.level])).toEqual([
      ['bidi-control', 2, 'block'],
      ['invisible-char', 3, 'block'],
    ]);
    expect(hits[0]?.message).toContain('U+202E RIGHT-TO-LEFT OVERRIDE');
    expect(hits[0]?.message).toContain('CVE-2021-42574');
    expect(hits[1]?.message).toContain('U+200B ZERO WIDTH SPACE');
    // Tag characters (hidden prompt text) are format characters too.
    const tags = await scan({}, { 'src/p.py': `x = "hi${cp(0xe0041)}"\n` });
    expect(tags[0]?.message).toContain('U+E0041 TAG "A"');
  });

  it('a byte-order mark at the start of a file is not a hit; one later in the line is', async () => {
    expect(await scan({}, { 'src/a.ts': `${cp(0xfeff)}export const a = 1;\n` })).toEqual([]);
    expect(brief(await scan({}, { 'src/a.ts': `export const a = 1;${cp(0xfeff)}\n` }))).toEqual([['invisible-char', 'src/a.ts', 1]]);
  });

  it('a locale file with RTL text, marks and joiners in its strings is fine; a bidi override in it is not', async () => {
    const ar = JSON.stringify({ greeting: 'مرحبا بالعالم', path: `${cp(0x200f)}الملف/المسار`, fa: `می${cp(0x200c)}خواهم` }, null, 2);
    expect(await scan({}, { 'locales/ar.json': `${ar}\n` })).toEqual([]);
    const hits = await scan({}, { 'locales/ar.json': `${JSON.stringify({ x: `${cp(0x202e)}abc` })}\n` });
    expect(brief(hits)).toEqual([['bidi-control', 'locales/ar.json', 1]]);
  });
});

describe('secrets from the maintained ruleset', () => {
  const slackWebhook = `https://hooks.slack.com/services/${'T0000000'}0/B00000000/${'X'.repeat(24)}`;
  const npmToken = `npm_${'abcdefghij'.repeat(3)}012345`;

  it('catches a Slack webhook and an .npmrc token; the value never appears in the message', async () => {
    const hits = await scan({}, { 'src/notify.ts': `export const hook = "${slackWebhook}";\n`, '.npmrc': `//registry.npmjs.org/:_authToken=${npmToken}\n` });
    expect(hits.map((h) => [h.code, h.file, h.line, h.level])).toEqual([
      ['guardrail.secret', '.npmrc', 1, 'block'],
      ['guardrail.secret', 'src/notify.ts', 1, 'block'],
    ]);
    expect(hits.map((h) => h.rule)).toEqual(['secretlint:npm/Npmrc_authToken', 'secretlint:slack/IncomingWebhook']);
    for (const h of hits) {
      expect(h.message).not.toContain(npmToken.slice(-12));
      expect(h.message).not.toContain('XXXXXXXXXXXX');
    }
  });

  it("a secretlint-disable comment written by the agent does not silence it", async () => {
    const hits = await scan({}, { 'src/notify.ts': `// secretlint-disable\nexport const hook = "${slackWebhook}";\n` });
    expect(brief(hits)).toEqual([['secretlint:slack/IncomingWebhook', 'src/notify.ts', 2]]);
  });

  it('a secret moved from one file to another is not new; placeholders are not secrets', async () => {
    const line = `export const hook = "${slackWebhook}";\n`;
    expect(await scan({ 'src/a.ts': line }, { 'src/a.ts': null, 'src/b.ts': line })).toEqual([]);
    expect(await scan({}, { '.npmrc': '//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n' })).toEqual([]);
  });
});

describe('gate files: CODEOWNERS and the configured baseline file', () => {
  const changed = async (head: Record<string, string | null>, base: Record<string, string> = { 'CODEOWNERS': '* @org/owners\n', 'docs/CODEOWNERS': '* @org/owners\n', 'ci/baseline.json': '{}\n' }) => {
    const repo = gitRepo(base, head);
    return parseUnifiedDiff(await diff(repo.dir, repo.baseSha, repo.headSha));
  };

  it('CODEOWNERS at the root, in .github/ and in docs/ (edited, added or deleted) block as gate files', async () => {
    const files = await changed({ CODEOWNERS: '* @agent\n', '.github/CODEOWNERS': '* @agent\n', 'docs/CODEOWNERS': null });
    expect(checkPaths(files, config()).map((r) => `${r.code} ${r.level} ${r.file}`).sort()).toEqual([
      'guardrail.gate-config-changed block .github/CODEOWNERS',
      'guardrail.gate-config-changed block CODEOWNERS',
      'guardrail.gate-config-changed block docs/CODEOWNERS',
    ]);
  });

  it('a baseline.file outside the default path is a gate file even when gateFiles.paths is customised; other JSON is not', async () => {
    const files = await changed({ 'ci/baseline.json': '{"lint": []}\n', 'ci/other.json': '{}\n' });
    const c = config('baseline:\n  mode: file\n  file: ci/baseline.json\nguardrails:\n  gateFiles:\n    paths: [".github/handoff-gate.yml"]\n');
    expect(checkPaths(files, c).map((r) => [r.code, r.file])).toEqual([['guardrail.gate-config-changed', 'ci/baseline.json']]);
  });
});
