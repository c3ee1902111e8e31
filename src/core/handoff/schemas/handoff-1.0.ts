/**
 * The `handoff` document, schema version 1.0 (JSON Schema draft 2020-12).
 *
 * This object is the single source of `schemas/handoff-1.0.schema.json`
 * (written by `npm run schemas`, checked in CI). Adding a version means adding a
 * sibling file and registering it in `schema-registry.ts`; 1.0 never changes shape.
 */
import { schemaUrl } from '../../schema-url.js';

/**
 * Identifiers that become gate ids, graph nodes or lookup keys (`stepId`, `dependsOn` entries,
 * `requiresApproval`): letters, digits, `.`, `_`, `-`, starting with a letter or digit. Nothing in
 * them can break out of Markdown, Mermaid, a hidden comment or a command line.
 */
export const IDENTIFIER_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._-]*$';

export const HANDOFF_1_0_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: schemaUrl('handoff-1.0.schema.json'),
  title: 'handoff 1.0',
  description:
    'What an AI coding agent commits when it finishes a step: who did what, what it delivered, what it claims it checked.',
  type: 'object',
  additionalProperties: false,
  required: ['schemaVersion', 'workflowRunId', 'stepId', 'attempt', 'agent', 'idempotencyKey', 'status', 'summary'],
  properties: {
    schemaVersion: { const: '1.0', description: 'Version of this schema the document follows.' },
    workflowRunId: { type: 'string', minLength: 1, maxLength: 200, description: 'Identifier of the workflow run.' },
    stepId: { type: 'string', minLength: 1, maxLength: 200, pattern: IDENTIFIER_PATTERN, description: 'Identifier of the step within the run (letters, digits, ".", "_", "-").' },
    attempt: { type: 'integer', minimum: 1, description: 'Attempt number of this step, from 1.' },
    agent: { type: 'string', minLength: 1, maxLength: 200, description: 'The agent that did the step.' },
    idempotencyKey: {
      type: 'string',
      minLength: 1,
      maxLength: 200,
      description: 'Unique per step attempt; two different handoffs never share one.',
    },
    status: { enum: ['completed', 'partial', 'blocked', 'failed'], description: 'How the step ended.' },
    summary: { type: 'string', minLength: 1, maxLength: 20000, description: 'What was done, in prose.' },
    task: {
      type: 'object',
      additionalProperties: false,
      properties: {
        id: { type: 'string' },
        title: { type: 'string' },
        type: { type: 'string' },
        branch: { type: 'string' },
      },
    },
    deliverables: {
      type: 'array',
      maxItems: 500,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'description', 'required'],
        properties: {
          id: { type: 'string', minLength: 1 },
          description: { type: 'string' },
          path: { type: 'string', minLength: 1, description: 'Repository path that must exist at the head.' },
          required: { type: 'boolean' },
        },
      },
    },
    artifacts: {
      type: 'array',
      maxItems: 500,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['path', 'sha256'],
        properties: {
          path: { type: 'string', minLength: 1 },
          sha256: { type: 'string', pattern: '^[0-9a-fA-F]{64}$', description: 'Hex SHA-256 of the file bytes.' },
        },
      },
    },
    claims: {
      type: 'array',
      maxItems: 200,
      description: 'What the agent says it ran; each `check` names a verify step id.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['check', 'result'],
        properties: {
          check: { type: 'string', minLength: 1 },
          result: { enum: ['pass', 'fail', 'skipped'] },
        },
      },
    },
    risks: {
      type: 'array',
      maxItems: 200,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'description', 'level'],
        properties: {
          id: { type: 'string', minLength: 1 },
          description: { type: 'string' },
          level: { enum: ['low', 'medium', 'high', 'critical'] },
          mitigation: { type: 'string' },
        },
      },
    },
    followUps: { type: 'array', maxItems: 200, items: { type: 'string' } },
    delegateTo: {
      type: 'object',
      additionalProperties: false,
      required: ['agent', 'reason'],
      properties: { agent: { type: 'string', minLength: 1 }, reason: { type: 'string' } },
    },
    dependsOn: { type: 'array', maxItems: 200, items: { type: 'string', minLength: 1, maxLength: 200, pattern: IDENTIFIER_PATTERN } },
    requiresApproval: { type: 'string', minLength: 1, maxLength: 64, pattern: IDENTIFIER_PATTERN, description: 'A role name whose approval the step needs (letters, digits, ".", "_", "-"); the gate id is `role-<name>`.' },
    metrics: {
      type: 'object',
      additionalProperties: false,
      properties: {
        latencyMs: { type: 'number', minimum: 0 },
        inputTokens: { type: 'integer', minimum: 0 },
        outputTokens: { type: 'integer', minimum: 0 },
        costUsd: { type: 'number', minimum: 0 },
      },
    },
    resultQualityScore: { type: 'number', minimum: 0, maximum: 1 },
  },
} as const;

/** A handoff 1.0 document after validation (the TypeScript view of the schema above). */
export interface Handoff1 {
  schemaVersion: '1.0';
  workflowRunId: string;
  stepId: string;
  attempt: number;
  agent: string;
  idempotencyKey: string;
  status: 'completed' | 'partial' | 'blocked' | 'failed';
  summary: string;
  task?: { id?: string; title?: string; type?: string; branch?: string };
  deliverables?: { id: string; description: string; path?: string; required: boolean }[];
  artifacts?: { path: string; sha256: string }[];
  claims?: { check: string; result: 'pass' | 'fail' | 'skipped' }[];
  risks?: { id: string; description: string; level: 'low' | 'medium' | 'high' | 'critical'; mitigation?: string }[];
  followUps?: string[];
  delegateTo?: { agent: string; reason: string };
  dependsOn?: string[];
  requiresApproval?: string;
  metrics?: { latencyMs?: number; inputTokens?: number; outputTokens?: number; costUsd?: number };
  resultQualityScore?: number;
}
