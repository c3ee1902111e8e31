/**
 * JSON Schema (draft 2020-12) of the JSON report, version 1.0: the contract agent loops rely on.
 * Written to `schemas/report-1.0.schema.json` by `npm run schemas`. Fields beyond the ones listed
 * here may be added in 1.x; none of these is removed or renamed.
 */
import { REASON_CODES } from '../reasons.js';
import { schemaUrl } from '../schema-url.js';
import { CHEAT_FAMILIES } from '../review/llm/output-schemas.js';

const location = { file: { type: 'string' }, line: { type: 'integer', minimum: 1 }, column: { type: 'integer', minimum: 1 } };

export const REPORT_1_0_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: schemaUrl('report-1.0.schema.json'),
  title: 'handoff-gate report 1.0',
  type: 'object',
  required: ['reportVersion', 'verdict', 'decision', 'acceptance', 'conclusion', 'regressionDetected', 'safeToMerge', 'reasons', 'steps', 'handoffs', 'gates', 'inputs', 'review'],
  properties: {
    reportVersion: { const: '1.0' },
    verdict: { enum: ['PASS', 'FAIL', 'BLOCKED'] },
    decision: { enum: ['accepted', 'in_progress', 'blocked', 'rejected'] },
    acceptance: { type: 'boolean' },
    conclusion: { enum: ['success', 'failure', 'action_required'] },
    regressionDetected: { type: 'boolean', description: 'New error findings, or a claim observed to be false.' },
    safeToMerge: { type: 'boolean', description: 'PASS and accepted.' },
    reasons: {
      type: 'array',
      items: {
        type: 'object',
        required: ['code', 'level', 'message'],
        properties: { code: { enum: Object.keys(REASON_CODES) }, level: { enum: ['block', 'fail', 'warn', 'info'] }, message: { type: 'string' }, rule: { type: 'string' }, ...location },
      },
    },
    steps: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'required', 'status', 'durationMs', 'newFindings', 'preExisting', 'fixed', 'newErrors', 'baselined'],
        properties: {
          id: { type: 'string' },
          required: { type: 'boolean' },
          status: { enum: ['passed', 'failed', 'error', 'skipped'] },
          durationMs: { type: 'number', minimum: 0 },
          exitCode: { type: ['integer', 'null'] },
          error: { type: 'string' },
          containment: {
            type: 'object',
            required: ['level', 'via'],
            properties: { level: { enum: ['pid-namespace', 'subreaper', 'session'] }, via: { type: 'string' }, reason: { type: 'string' }, noNewPrivs: { type: 'boolean' }, killedAfterStep: { type: 'integer', minimum: 0 } },
          },
          baselined: { type: 'boolean' },
          newErrors: { type: 'integer', minimum: 0 },
          newFindings: { type: 'array', items: { $ref: '#/$defs/finding' } },
          preExisting: { type: 'array', items: { $ref: '#/$defs/finding' } },
          fixed: { type: 'array', items: { $ref: '#/$defs/finding' } },
          tests: { $ref: '#/$defs/stepTests' },
          rerun: {
            type: 'object',
            description: 'The result comes from a /gate rerun of this step: the workflow run, its start (ISO 8601) and who asked.',
            required: ['runId', 'startedAt'],
            properties: { runId: { type: 'integer', minimum: 1 }, startedAt: { type: 'string' }, by: { type: 'string' } },
          },
        },
      },
    },
    handoffs: {
      type: 'array',
      items: {
        type: 'object',
        required: ['file', 'workflowRunId', 'stepId', 'attempt', 'agent', 'status'],
        properties: {
          file: { type: 'string' },
          workflowRunId: { type: 'string' },
          stepId: { type: 'string' },
          attempt: { type: 'integer', minimum: 1 },
          agent: { type: 'string' },
          status: { type: 'string' },
          metrics: {
            type: 'object',
            description: "The step's trace as the agent reported it (untrusted).",
            properties: { latencyMs: { type: 'number', minimum: 0 }, inputTokens: { type: 'integer', minimum: 0 }, outputTokens: { type: 'integer', minimum: 0 }, costUsd: { type: 'number', minimum: 0 } },
          },
          resultQualityScore: { type: 'number', minimum: 0, maximum: 1 },
        },
      },
    },
    handoffProblems: { type: 'array', items: { type: 'object', required: ['code', 'file', 'line', 'column', 'pointer', 'expected', 'found', 'message'] } },
    gates: { type: 'array', items: { type: 'object', required: ['id', 'status', 'required', 'approvedBy'] } },
    inputs: {
      type: 'object',
      required: ['config', 'schemas', 'handoffs', 'findings'],
      properties: { config: { type: 'string' }, schemas: { type: 'string' }, handoffs: { type: 'string' }, findings: { type: 'string' } },
    },
    review: {
      type: 'object',
      required: ['source', 'inputChars', 'reviewer', 'riskLog', 'missingDeliverables', 'followUps', 'decision'],
      properties: {
        suspicions: {
          type: 'array',
          description: 'Every cheat the LLM second reader suspected (LLM reviewer only); file and evidence are model output about untrusted text, Markdown-escaped.',
          items: {
            type: 'object',
            required: ['family', 'file', 'line', 'evidence', 'confidence', 'reportedByRules', 'counted'],
            properties: {
              family: { enum: [...CHEAT_FAMILIES] },
              file: { type: 'string' },
              line: { type: ['integer', 'null'], minimum: 1 },
              evidence: { type: 'string' },
              confidence: { type: 'number', minimum: 0, maximum: 1 },
              reportedByRules: { type: 'boolean', description: 'A rule already reported this place.' },
              counted: { type: 'boolean', description: 'It became a review.suspected-cheat reason and lowered the decision.' },
            },
          },
        },
      },
    },
  },
  $defs: {
    testCounts: {
      type: 'object',
      required: ['total', 'passed', 'failed', 'skipped', 'errors'],
      properties: { total: { type: 'integer', minimum: 0 }, passed: { type: 'integer', minimum: 0 }, failed: { type: 'integer', minimum: 0 }, skipped: { type: 'integer', minimum: 0 }, errors: { type: 'integer', minimum: 0 } },
    },
    testRef: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, file: { type: 'string' } } },
    stepTests: {
      type: 'object',
      description: 'The test ledger of a step with a test report (issue 9).',
      required: ['head', 'missing', 'missingCount', 'skipped', 'skippedCount'],
      properties: {
        head: { $ref: '#/$defs/testCounts' },
        base: { $ref: '#/$defs/testCounts' },
        missing: { type: 'array', items: { $ref: '#/$defs/testRef' } },
        missingCount: { type: 'integer', minimum: 0 },
        skipped: { type: 'array', items: { $ref: '#/$defs/testRef' } },
        skippedCount: { type: 'integer', minimum: 0 },
        baseTestsFailed: { type: 'array', items: { $ref: '#/$defs/testRef' } },
        baseTestsFiles: { type: 'array', items: { type: 'string' } },
        baseTestsDiff: { type: 'string' },
        ranFiles: { type: 'array', items: { type: 'string' }, description: 'Files the head run reported cases of (absent when over 5000): verify.tests-not-run.' },
        unattributedCases: { type: 'integer', minimum: 0, description: 'Head cases whose report names no file.' },
      },
    },
    finding: {
      type: 'object',
      required: ['step', 'rule', 'message', 'severity', 'fingerprint'],
      properties: { step: { type: 'string' }, rule: { type: 'string' }, message: { type: 'string' }, severity: { enum: ['error', 'warning', 'notice'] }, fingerprint: { type: 'string' }, ...location },
    },
  },
} as const;
