import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exitCodeOf } from '../../src/cli/commands/check.js';
import { main } from '../../src/cli/main.js';
import { gitRepo } from '../helpers/git-repo.js';
import { VALID_HANDOFF } from '../helpers/gate-input.js';

function io(cwd: string) {
  const out = { stdout: '', stderr: '' };
  return { out, io: { stdout: (t: string) => (out.stdout += t), stderr: (t: string) => (out.stderr += t), env: process.env, cwd, isTTY: false } };
}

function repoWith(baseFiles: Record<string, string>, headFiles: Record<string, string>): string {
  return gitRepo(baseFiles, headFiles).dir;
}

describe('handoff-gate CLI', () => {
  it('exits 64 on usage errors with a hint', async () => {
    const { out, io: host } = io(tmpdir());
    expect(await main(['frobnicate'], host)).toBe(64);
    expect(out.stderr).toContain('unknown command "frobnicate"');
    expect(await main(['check', '--format', 'yaml'], host)).toBe(64);
    expect(await main(['check', '--bogus'], host)).toBe(64);
    expect(await main(['validate'], host)).toBe(64);
    expect(await main([], host)).toBe(64);
  });

  it('prints help and version', async () => {
    const { out, io: host } = io(tmpdir());
    expect(await main(['--help'], host)).toBe(0);
    expect(out.stdout).toContain('Exit codes follow the decision');
    expect(await main(['--version'], host)).toBe(0);
    expect(out.stdout).toMatch(/\d+\.\d+\.\d+\n$/);
  });

  it('validate: 0 for valid files, 1 with file:line:column for invalid ones, and reads every file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hg-validate-'));
    writeFileSync(join(dir, 'good.json'), JSON.stringify(VALID_HANDOFF));
    writeFileSync(join(dir, 'bad.yaml'), 'schemaVersion: "1.0"\nattempt: zero\n');
    const { out, io: host } = io(dir);
    expect(await main(['validate', 'good.json'], host)).toBe(0);
    expect(await main(['validate', 'bad.yaml', 'good.json', 'missing.json'], host)).toBe(1);
    expect(out.stdout).toContain('bad.yaml:2:10: handoff.schema: /attempt must be integer (expected integer, found "zero")');
    expect(out.stdout).toContain('good.json: 1/1 document(s) valid');
    expect(out.stdout).toMatch(/missing\.json:1:1: handoff\.parse: cannot read file/);
  });

  it('validate never follows a symlink (a secrets file, /proc/self/environ, a linked directory) and quotes at most 80 characters', async () => {
    const secret = 'sk-live-THIS-MUST-NOT-LEAK-0123456789';
    const outside = mkdtempSync(join(tmpdir(), 'hg-secrets-'));
    // Shaped like a handoff so that, if it were read, the value would land in "found".
    writeFileSync(join(outside, 'secrets.yaml'), `schemaVersion: "1.0"\nattempt: "${secret}"\n`);
    const dir = mkdtempSync(join(tmpdir(), 'hg-validate-links-'));
    symlinkSync(join(outside, 'secrets.yaml'), join(dir, 'handoff.yaml'));
    symlinkSync('/proc/self/environ', join(dir, 'environ.json'));
    symlinkSync(outside, join(dir, 'linked-dir'));
    mkdirSync(join(dir, 'real'));
    writeFileSync(join(dir, 'real', 'long.yaml'), `schemaVersion: "1.0"\nattempt: "${'x'.repeat(500)}"\n${'k'.repeat(300)}: 1\n`);
    const { out, io: host } = io(dir);
    host.env = { ...process.env, HG_PROBE_SECRET: secret };
    process.env['HG_PROBE_SECRET'] = secret;
    try {
      expect(await main(['validate', '--format', 'json', 'handoff.yaml', 'environ.json', 'linked-dir/secrets.yaml', 'real/long.yaml'], host)).toBe(1);
    } finally {
      delete process.env['HG_PROBE_SECRET'];
    }
    const report = JSON.parse(out.stdout) as { files: { file: string; problems: { found: string; message: string }[] }[] };
    for (const file of ['handoff.yaml', 'environ.json', 'linked-dir/secrets.yaml']) {
      const entry = report.files.find((f) => f.file === file);
      expect(entry?.problems).toEqual([expect.objectContaining({ found: 'symlink', message: expect.stringMatching(/^symlink, not read/) })]);
    }
    expect(out.stdout).not.toContain(secret);
    expect(out.stdout).not.toContain('HG_PROBE_SECRET');
    const long = report.files.find((f) => f.file === 'real/long.yaml');
    expect(long?.problems.length).toBeGreaterThanOrEqual(2);
    for (const p of long?.problems ?? []) expect(p.found.length).toBeLessThanOrEqual(80);
  });

  it('config validate: 0 for a valid file, 78 with positions for an invalid one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hg-config-'));
    writeFileSync(join(dir, 'ok.yml'), 'verify:\n  steps:\n    - id: t\n      run: npm test\n');
    writeFileSync(join(dir, 'bad.yml'), 'verify:\n  steps:\n    - id: t\n      timeout: -1\n');
    const { out, io: host } = io(dir);
    expect(await main(['config', 'validate', 'ok.yml'], host)).toBe(0);
    expect(await main(['config', 'validate', 'bad.yml'], host)).toBe(78);
    expect(out.stdout).toContain('bad.yml:3:7: verify.steps.0.run');
    expect(out.stdout).toContain('bad.yml:4:16: verify.steps.0.timeout');
  });

  it('check: exits 78 when the base configuration is invalid, and ignores a config changed on the head', async () => {
    const broken = repoWith({ '.github/handoff-gate.yml': 'verify: 12\n' }, { '.handoff/h.json': JSON.stringify(VALID_HANDOFF) });
    const { out, io: host } = io(broken);
    expect(await main(['check', '--base', 'main'], host)).toBe(78);
    expect(out.stderr).toContain('.github/handoff-gate.yml:1:9');

    // The head loosens the gate (turns handoffs off); the base config still applies, and the change itself blocks.
    const loosened = repoWith({ '.github/handoff-gate.yml': 'handoffs:\n  required: true\n' }, { '.github/handoff-gate.yml': 'handoffs:\n  required: false\n', 'src/a.ts': 'export const a = 1;\n' });
    const second = io(loosened);
    expect(await main(['check', '--base', 'main', '--format', 'json'], second.io)).toBe(2);
    const codes = (JSON.parse(second.out.stdout) as { reasons: { code: string }[] }).reasons.map((r) => r.code);
    expect(codes).toEqual(expect.arrayContaining(['guardrail.gate-config-changed', 'handoff.missing']));
  });

  it('check: a clean agent change passes with exit 0 and writes the JSON report', async () => {
    const dir = repoWith({}, { '.handoff/h.json': JSON.stringify(VALID_HANDOFF), 'src/a.ts': 'export const a = 1;\n' });
    const { out, io: host } = io(dir);
    expect(await main(['check', '--base', 'main', '--json-report', 'report.json', '--output', 'review.md', '--format', 'markdown'], host)).toBe(0);
    expect(out.stdout).toBe('');
    const report = JSON.parse(execFileSync('cat', [join(dir, 'report.json')], { encoding: 'utf8' })) as { verdict: string; safeToMerge: boolean };
    expect(report).toMatchObject({ verdict: 'PASS', safeToMerge: true });
  });

  it('baseline writes a baseline file that check then uses in baseline.mode: file', async () => {
    // A "type checker" that prints the errors listed in errors.txt, in tsc's format.
    const step = 'verify:\n  steps:\n    - id: types\n      run: cat errors.txt; test ! -s errors.txt\n      format: tsc\nbaseline:\n  mode: file\nhandoffs:\n  required: false\n';
    const oldError = "src/a.ts(1,1): error TS2322: Type 'string' is not assignable to type 'number'.\n";
    const newError = "src/b.ts(4,2): error TS2304: Cannot find name 'x'.\n";
    const dir = repoWith({ '.github/handoff-gate.yml': step, 'errors.txt': oldError }, { 'errors.txt': `${oldError}${newError}` });
    const git = (...args: string[]) => execFileSync('git', ['-C', dir, '-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args], { stdio: 'pipe' });
    git('checkout', '-q', 'main');
    const first = io(dir);
    expect(await main(['baseline'], first.io)).toBe(0);
    expect(first.out.stdout).toContain('wrote 1 finding(s)');
    git('add', '-A');
    git('commit', '-qm', 'baseline');
    git('checkout', '-q', 'agent/x');
    git('rebase', '-q', 'main');
    const second = io(dir);
    expect(await main(['check', '--base', 'main', '--format', 'json'], second.io)).toBe(1); // FAIL: one new finding
    const report = JSON.parse(second.out.stdout) as { steps: { newFindings: { file: string }[]; preExisting: { file: string }[] }[]; reasons: { code: string }[] };
    expect(report.steps[0]?.preExisting.map((f) => f.file)).toEqual(['src/a.ts']);
    expect(report.steps[0]?.newFindings.map((f) => f.file)).toEqual(['src/b.ts']);
  });

  it('check with reviewer: llm and no key: the rules review, and a line saying why', async () => {
    const llm = 'review:\n  reviewer: llm\n  assistant: { provider: openai, model: m1 }\n  decider: { provider: anthropic, model: m2 }\n';
    const dir = repoWith({ '.github/handoff-gate.yml': llm }, { '.handoff/h.json': JSON.stringify(VALID_HANDOFF) });
    const { out, io: host } = io(dir);
    host.env = { PATH: process.env['PATH'] };
    expect(await main(['check', '--base', 'main', '--format', 'markdown'], host)).toBe(0);
    expect(out.stderr).toContain('the LLM review is unavailable (OPENAI_API_KEY is not set); the rules review is used');
    expect(out.stdout).toContain('- Note: the LLM review is unavailable (OPENAI\\_API\\_KEY is not set); this is the rules review.');
  });

  it('every command answers --help with its own usage and exit 0', async () => {
    for (const [argv, first] of [
      [['check', '--help'], 'Usage: handoff-gate check'],
      [['validate', '-h'], 'Usage: handoff-gate validate'],
      [['baseline', '--help'], 'Usage: handoff-gate baseline'],
      [['config', 'validate', '--help'], 'Usage: handoff-gate config validate'],
    ] as const) {
      const { out, io: host } = io(tmpdir());
      expect(await main([...argv], host), argv.join(' ')).toBe(0);
      expect(out.stdout.startsWith(first)).toBe(true);
      expect(out.stderr).toBe('');
    }
  });

  it('check: an output file that cannot be written exits 74 and names the path', async () => {
    const dir = repoWith({}, { '.handoff/h.json': JSON.stringify(VALID_HANDOFF) });
    const { out, io: host } = io(dir);
    expect(await main(['check', '--base', 'main', '--output', 'no/such/dir/review.md'], host)).toBe(74);
    expect(out.stderr).toContain(`cannot write ${join(dir, 'no/such/dir/review.md')}`);
    expect(out.stderr).not.toContain('internal error');
    const second = io(dir);
    expect(await main(['check', '--base', 'main', '--json-report', 'missing/report.json'], second.io)).toBe(74);
  });

  it('check: an invalid base configuration still gives a JSON report that says config.invalid (exit 78)', async () => {
    const broken = repoWith({ '.github/handoff-gate.yml': 'verify: 12\n' }, { '.handoff/h.json': JSON.stringify(VALID_HANDOFF) });
    const { out, io: host } = io(broken);
    expect(await main(['check', '--base', 'main', '--format', 'json', '--json-report', 'report.json'], host)).toBe(78);
    const printed = JSON.parse(out.stdout) as { verdict: string; decision: string; reasons: { code: string; file?: string; line?: number }[] };
    expect(printed).toMatchObject({ verdict: 'BLOCKED', decision: 'blocked' });
    expect(printed.reasons).toContainEqual(expect.objectContaining({ code: 'config.invalid', file: '.github/handoff-gate.yml', line: 1 }));
    expect(JSON.parse(execFileSync('cat', [join(broken, 'report.json')], { encoding: 'utf8' }))).toEqual(printed);
  });

  it('check: the exit code follows the decision, so a decision lowered by a reviewer is what the caller sees', () => {
    expect(exitCodeOf({ decision: 'accepted' })).toBe(0);
    expect(exitCodeOf({ decision: 'in_progress' })).toBe(1);
    expect(exitCodeOf({ decision: 'blocked' })).toBe(2);
    expect(exitCodeOf({ decision: 'rejected' })).toBe(2);
  });

  it('check: with no verify step every format says nothing was verified, and long step ids keep the columns aligned', async () => {
    const dir = repoWith({}, { '.handoff/h.json': JSON.stringify(VALID_HANDOFF) });
    for (const format of ['text', 'markdown', 'json']) {
      const { out, io: host } = io(dir);
      expect(await main(['check', '--base', 'main', '--format', format], host)).toBe(0);
      expect(out.stdout, format).toMatch(/nothing was verified|no verify step is configured/);
    }
    const steps = 'handoffs:\n  required: false\nverify:\n  steps:\n    - id: a-very-long-verify-step-identifier\n      run: "true"\n    - id: b\n      run: "true"\n';
    const aligned = repoWith({ '.github/handoff-gate.yml': steps }, { 'src/a.ts': 'export const a = 1;\n' });
    const { out, io: host } = io(aligned);
    expect(await main(['check', '--base', 'main'], host)).toBe(0);
    const rows = out.stdout.split('\n').filter((l) => /^ {2}- (a-very-long-verify-step-identifier|b) +PASS /.test(l));
    expect(rows).toHaveLength(2);
    expect(new Set(rows.map((r) => r.indexOf('PASS'))).size).toBe(1);
  });

  it('validate and check decode alike: a BOM is accepted by both, invalid UTF-8 is an error with its byte offset in both', async () => {
    const bom = `\uFEFF${JSON.stringify(VALID_HANDOFF)}`;
    const bad = Buffer.concat([Buffer.from(JSON.stringify(VALID_HANDOFF).slice(0, 20)), Buffer.from([0xc3, 0x28]), Buffer.from(JSON.stringify(VALID_HANDOFF).slice(20))]);
    const repo = gitRepo({ '.github/handoff-gate.yml': 'handoffs:\n  required: false\n' }, { '.handoff/bom.json': bom });
    writeFileSync(join(repo.dir, '.handoff/bad.json'), bad);
    repo.git('add', '-A');
    repo.git('commit', '-qm', 'bad bytes');
    const validate = io(repo.dir);
    expect(await main(['validate', '--format', 'json', '.handoff/bom.json', '.handoff/bad.json'], validate.io)).toBe(1);
    const files = (JSON.parse(validate.out.stdout) as { files: { file: string; valid: number; problems: { message: string }[] }[] }).files;
    expect(files.map((f) => [f.file, f.valid, f.problems.map((p) => p.message)])).toEqual([
      ['.handoff/bom.json', 1, []],
      ['.handoff/bad.json', 0, ['not valid UTF-8: byte 0xC3 at byte offset 20']],
    ]);
    const check = io(repo.dir);
    await main(['check', '--base', 'main', '--format', 'json'], check.io);
    const report = JSON.parse(check.out.stdout) as { handoffs: { file: string }[]; handoffProblems: { file: string; message: string }[] };
    expect(report.handoffs.map((h) => h.file)).toEqual(['.handoff/bom.json']);
    expect(report.handoffProblems.map((p) => [p.file, p.message])).toEqual([['.handoff/bad.json', 'not valid UTF-8: byte 0xC3 at byte offset 20']]);
  });
});
