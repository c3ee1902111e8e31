/**
 * Every JSON Schema this package publishes under `schemas/`, by file name. `npm run schemas` writes
 * them; a test fails when a committed file differs from what this returns.
 */
import { z } from 'zod';
import { configSchema } from './config/config-schema.js';
import { HANDOFF_SCHEMAS } from './handoff/schema-registry.js';
import { REPORT_1_0_SCHEMA } from './report/report-schema.js';
import { schemaUrl } from './schema-url.js';
import { baselineEvidenceJsonSchema } from './verify/baseline-evidence.js';
import { evidenceJsonSchema } from './verify/evidence-schema.js';

/** file name → schema object. */
export function publishedSchemas(): Record<string, object> {
  const out: Record<string, object> = {};
  for (const [version, schema] of Object.entries(HANDOFF_SCHEMAS)) out[`handoff-${version}.schema.json`] = schema;
  out['report-1.0.schema.json'] = REPORT_1_0_SCHEMA;
  out['evidence-1.0.schema.json'] = evidenceJsonSchema();
  out['baseline-evidence-1.0.schema.json'] = baselineEvidenceJsonSchema();
  out['handoff-gate-config.schema.json'] = {
    ...z.toJSONSchema(configSchema, { io: 'input', target: 'draft-2020-12' }),
    $id: schemaUrl('handoff-gate-config.schema.json'),
  };
  return out;
}

/** The exact bytes written for a schema (2-space JSON, trailing newline). */
export function formatSchema(schema: object): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}
