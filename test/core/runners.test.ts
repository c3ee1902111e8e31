/** `verify.steps[].runner`: configuration and the command and environment the gate builds for each runner. */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/core/config/load-config.js';
import { RUNNERS, runnerInvocation, stepFormat } from '../../src/core/verify/runners.js';

const REPORT = '/tmp/handoff-gate-report-x/junit.xml';

describe('runner: configuration', () => {
  it('accepts each runner and parses the step as junit', () => {
    for (const runner of RUNNERS) {
      const result = loadConfig('c.yml', `verify:\n  steps:\n    - id: t\n      run: npx ${runner}\n      runner: ${runner}\n`);
      expect(result.ok, runner).toBe(true);
      if (result.ok) expect(stepFormat(result.config.verify.steps[0] as never)).toBe('junit');
    }
  });

  it('refuses an unknown runner, a reportFile (the gate chooses the path) and a format other than junit, at their lines', () => {
    const unknown = loadConfig('c.yml', 'verify:\n  steps:\n    - id: t\n      run: x\n      runner: jasmine\n');
    expect(!unknown.ok && unknown.problems[0]).toMatchObject({ path: 'verify.steps.0.runner', line: 5 });
    const withReport = loadConfig('c.yml', 'verify:\n  steps:\n    - id: t\n      run: npx jest\n      runner: jest\n      reportFile: junit.xml\n');
    expect(!withReport.ok && withReport.problems[0]).toMatchObject({ path: 'verify.steps.0.reportFile', line: 6, message: expect.stringMatching(/file the gate chooses/) });
    const withFormat = loadConfig('c.yml', 'verify:\n  steps:\n    - id: t\n      run: npx jest\n      runner: jest\n      format: tsc\n');
    expect(!withFormat.ok && withFormat.problems[0]).toMatchObject({ path: 'verify.steps.0.format', line: 6 });
  });
});

describe('runnerInvocation', () => {
  it('jest: the CI reporters and --forceExit appended, the jest-junit variables set (suite errors, file attributes, the report path)', () => {
    const { command, env } = runnerInvocation('jest', 'npx jest --selectProjects unit', REPORT);
    expect(command).toBe('npx jest --selectProjects unit --ci --forceExit --reporters=default --reporters=jest-junit');
    expect(env).toMatchObject({ JEST_JUNIT_OUTPUT_FILE: REPORT, JEST_JUNIT_REPORT_TEST_SUITE_ERRORS: 'true', JEST_JUNIT_ADD_FILE_ATTRIBUTE: 'true', JEST_JUNIT_UNIQUE_OUTPUT_NAME: 'false', JEST_JUNIT_CLASSNAME: '{classname} {title}' });
  });

  it('npm test and npm run get the -- that passes the flags to the script; yarn, pnpm and an existing -- do not', () => {
    expect(runnerInvocation('jest', 'npm test', REPORT).command).toMatch(/^npm test -- --ci /);
    expect(runnerInvocation('vitest', 'npm run test:unit', REPORT).command).toMatch(/^npm run test:unit -- --reporter=default /);
    expect(runnerInvocation('jest', 'npm test -- --runInBand', REPORT).command).toMatch(/^npm test -- --runInBand --ci /);
    expect(runnerInvocation('jest', 'pnpm test', REPORT).command).toMatch(/^pnpm test --ci /);
  });

  it('vitest, mocha and pytest: the report path is shell-quoted, so a path with spaces or quotes stays one argument', () => {
    const odd = "/tmp/it's here/junit.xml";
    expect(runnerInvocation('vitest', 'npx vitest run', odd).command).toBe(`npx vitest run --reporter=default --reporter=junit --outputFile.junit='/tmp/it'\\''s here/junit.xml'`);
    expect(runnerInvocation('mocha', 'npx mocha', REPORT).command).toBe(`npx mocha --reporter mocha-junit-reporter --reporter-options 'mochaFile=${REPORT},includePending=true'`);
    expect(runnerInvocation('pytest', 'python3 -m pytest tests', REPORT).command).toBe(`python3 -m pytest tests --junitxml='${REPORT}'`);
  });

  it("gotestsum: the command is unchanged (what follows its -- goes to go test) and the report path goes in GOTESTSUM_JUNITFILE", () => {
    expect(runnerInvocation('gotestsum', 'gotestsum -- -race ./...', REPORT)).toEqual({ command: 'gotestsum -- -race ./...', env: { GOTESTSUM_JUNITFILE: REPORT }, files: {} });
  });

  it("node-test: the command is unchanged (node reads flags after the files as file names), the reporters go through NODE_OPTIONS, and the gate's reporter module is written beside the report", () => {
    const reporter = '/tmp/handoff-gate-report-x/node-test-junit-reporter.mjs';
    const invocation = runnerInvocation('node-test', 'node --test test/', REPORT);
    expect(invocation.command).toBe('node --test test/');
    expect(invocation.env).toEqual({ NODE_OPTIONS: `--test-reporter=spec --test-reporter-destination=stdout --test-reporter=${reporter} --test-reporter-destination=${REPORT}` });
    expect(Object.keys(invocation.files)).toEqual([reporter]);
    expect(invocation.files[reporter]).toMatch(/import \{ junit \} from 'node:test\/reporters'/);
    expect(runnerInvocation('node-test', 'node --test', '/tmp/a b/junit.xml').env['NODE_OPTIONS']).toMatch(/--test-reporter="\/tmp\/a b\/node-test-junit-reporter.mjs" --test-reporter-destination="\/tmp\/a b\/junit.xml"$/);
  });
});
