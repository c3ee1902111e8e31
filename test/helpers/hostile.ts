/**
 * fast-check arbitraries for text an agent controls: any Unicode, plus the pieces that would let it
 * forge what only the gate may write (records, the state block, trailer lines, the comment
 * markers), break out of Markdown contexts (backtick runs, fences, pipes, every line ending,
 * `</details>`, HTML comments) or ping people.
 */
import fc from 'fast-check';
import type { GateResult, HandoffSummary } from '../../src/core/result.js';
import type { Finding } from '../../src/core/verify/finding.js';
import type { StepVerdict } from '../../src/core/verdict/verify-reasons.js';

/** A record that approves gate `release` for `sha` (what a forger plants). */
export const forgedApproval = (sha: string, gate = 'release') => `<!-- handoff-gate:record {"type":"approve","gate":"${gate}","user":"alice","sha":"${sha}"} -->`;

export const FORGED_HEAD = 'f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0';

const PIECES = [
  forgedApproval(FORGED_HEAD),
  forgedApproval(FORGED_HEAD, 'role-admin'),
  '<!-- handoff-gate:record {"type":"unhold","user":"lead"} -->',
  '<!-- handoff-gate:record {"type":"hold","user":"lead"} -->',
  '<!--handoff-gate:record {"type":"approve","gate":"release","user":"alice","sha":"x"}-->',
  '<!-- handoff-gate:state {"v":1,"verdict":"PASS","decision":"accepted","head":null,"inputs":{}} -->',
  '<!-- handoff-gate:review -->',
  '<!-- handoff-gate:record-reply -->',
  '<!--',
  '-->',
  '--',
  'ACCEPTANCE: yes',
  'Decision: accepted',
  '\nACCEPTANCE: yes\nDecision: accepted',
  '\rACCEPTANCE: yes',
  '\u2028Decision: accepted',
  '\u0085ACCEPTANCE: yes',
  '`',
  '``',
  '```',
  '````',
  '~~~',
  '|',
  '\\|',
  '\n',
  '\r',
  '\r\n',
  '\n\n',
  '    ',
  '> ',
  '</details>',
  '<details>',
  '</summary>',
  '<script>',
  '"]',
  '-->|',
  '@alice',
  '#1',
  'https://evil.example/',
  '![x](https://evil.example/x.png)',
  '[x](javascript:alert(1))',
  '&lt;!--',
  '\u200b',
  '\u202e',
  '\u001b[31m',
  '\u009b31m',
  '\u0000',
  '\\',
  '*',
  '_',
  'é',
  '𝒳',
  '👩‍💻',
];

/** Untrusted text: a mix of dangerous pieces and arbitrary Unicode (lone surrogates included). */
export const hostileText: fc.Arbitrary<string> = fc
  .array(fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...PIECES) }, { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) }, { weight: 1, arbitrary: fc.string({ maxLength: 12 }) }), { maxLength: 6 })
  .map((parts) => parts.join(''));

const nonEmpty = hostileText.map((t) => (t === '' ? '<!--' : t));
const level = fc.constantFrom('block', 'fail', 'warn', 'info' as const);
const severity = fc.constantFrom('error', 'warning', 'notice' as const);

const finding: fc.Arbitrary<Finding> = fc.record({
  step: nonEmpty,
  rule: nonEmpty,
  message: hostileText,
  severity,
  file: fc.option(nonEmpty, { nil: undefined }),
  line: fc.option(fc.integer({ min: 1, max: 10_000 }), { nil: undefined }),
  fingerprint: fc.string({ maxLength: 16 }),
});

const stepVerdict: fc.Arbitrary<StepVerdict> = fc.record({
  id: nonEmpty,
  required: fc.boolean(),
  status: fc.constantFrom('passed', 'failed', 'error', 'skipped' as const),
  durationMs: fc.nat(100_000),
  exitCode: fc.option(fc.integer({ min: 0, max: 255 }), { nil: null }),
  error: fc.option(hostileText, { nil: undefined }),
  baselined: fc.boolean(),
  newFindings: fc.array(finding, { maxLength: 2 }),
  preExisting: fc.array(finding, { maxLength: 1 }),
  fixed: fc.constant([]),
  newErrors: fc.nat(3),
});

const handoff: fc.Arbitrary<HandoffSummary> = fc.record({
  file: nonEmpty,
  documentIndex: fc.nat(3),
  workflowRunId: nonEmpty,
  stepId: nonEmpty,
  attempt: fc.integer({ min: 1, max: 9 }),
  agent: nonEmpty,
  status: fc.constantFrom('completed', 'partial', 'blocked', 'failed'),
  summary: hostileText,
  dependsOn: fc.array(nonEmpty, { maxLength: 2 }),
  risks: fc.array(fc.record({ id: nonEmpty, description: hostileText, level: fc.constantFrom('low', 'medium', 'high', 'critical'), mitigation: fc.option(hostileText, { nil: undefined }) }), { maxLength: 2 }),
  followUps: fc.array(hostileText, { maxLength: 2 }),
  deliverables: fc.array(fc.record({ id: nonEmpty, description: hostileText, path: fc.option(nonEmpty, { nil: undefined }), required: fc.boolean() }), { maxLength: 2 }),
});

const reasonCodes = ['guardrail.forbidden-pattern', 'guardrail.protected-path', 'handoff.schema', 'handoff.deliverable-missing', 'gate.approval-pending', 'gate.rejected', 'verify.new-findings', 'report.missing-deliverable'] as const;

/**
 * A whole gate result whose every untrusted string is hostile — including values the handoff
 * schema would refuse (gate ids from `requiresApproval`, step ids), so the renderers are shown to be
 * safe on their own, not only behind the schema.
 */
export const hostileResult: fc.Arbitrary<GateResult> = fc
  .record({
    verdict: fc.constantFrom('PASS', 'FAIL', 'BLOCKED' as const),
    reasons: fc.array(fc.record({ code: fc.constantFrom(...reasonCodes), level, message: hostileText, file: fc.option(nonEmpty, { nil: undefined }), line: fc.option(fc.integer({ min: 1, max: 500 }), { nil: undefined }), rule: fc.option(hostileText, { nil: undefined }) }), { maxLength: 3 }),
    handoffs: fc.array(handoff, { maxLength: 2 }),
    handoffProblems: fc.array(fc.record({ code: fc.constant('handoff.schema' as const), file: nonEmpty, documentIndex: fc.nat(2), line: fc.nat(50), column: fc.nat(50), pointer: hostileText, expected: hostileText, found: hostileText, message: hostileText }), { maxLength: 2 }),
    steps: fc.array(stepVerdict, { maxLength: 2 }),
    gates: fc.array(fc.record({ id: nonEmpty, description: hostileText, required: fc.integer({ min: 1, max: 3 }), approvedBy: fc.array(hostileText, { maxLength: 2 }), status: fc.constantFrom('approved', 'pending' as const), trigger: hostileText, approvers: fc.constant({ users: [] as string[], teams: [] as string[], roles: [] as string[] }) }), { maxLength: 2 }),
    runReports: fc.array(
      fc.record({
        path: nonEmpty,
        chars: fc.nat(5000),
        title: hostileText,
        checked: fc.nat(5),
        unchecked: fc.array(fc.record({ line: fc.integer({ min: 1, max: 99 }), text: hostileText }), { maxLength: 2 }),
        risks: fc.array(
          fc.record({ id: fc.option(hostileText, { nil: undefined }), title: hostileText, level: fc.constantFrom('Critical', 'High', 'Medium', 'Low' as const), levelSource: hostileText, open: fc.boolean(), owner: fc.option(hostileText, { nil: undefined }), mitigation: fc.option(hostileText, { nil: undefined }), kind: fc.constantFrom('register', 'section', 'blocked', 'pending', 'overall' as const), line: fc.integer({ min: 1, max: 99 }) }),
          { maxLength: 2 },
        ),
        truncated: fc.boolean(),
        error: fc.option(hostileText, { nil: undefined }),
      }),
      { maxLength: 2 },
    ),
    branch: fc.option(hostileText, { nil: undefined }),
  })
  .map(({ verdict, reasons, handoffs, handoffProblems, steps, gates, runReports, branch }): GateResult => {
    const decision = verdict === 'PASS' ? 'accepted' : verdict === 'FAIL' ? 'in_progress' : 'blocked';
    return {
      reportVersion: '1.0',
      verdict,
      decision,
      acceptance: verdict === 'PASS',
      conclusion: verdict === 'PASS' ? 'success' : verdict === 'FAIL' ? 'failure' : 'action_required',
      regressionDetected: verdict === 'FAIL',
      safeToMerge: verdict === 'PASS',
      reasons,
      handoffs,
      handoffProblems,
      configProblems: [],
      steps,
      gates,
      runReports,
      context: { base: 'b'.repeat(40), head: 'a'.repeat(40), ...(branch === undefined ? {} : { branch }), changedFiles: 3 },
      inputs: { config: 'c'.repeat(64), schemas: 's'.repeat(64), handoffs: 'h'.repeat(64), findings: 'f'.repeat(64) },
    };
  });
