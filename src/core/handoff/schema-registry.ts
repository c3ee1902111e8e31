/**
 * The known handoff schema versions, each compiled once (ajv, JSON Schema draft 2020-12)
 * and reused for every document.
 *
 * To add `2.0`: write `schemas/handoff-2.0.ts`, register it in `HANDOFF_SCHEMAS`; 1.0 documents
 * keep validating against 1.0 because the document's own `schemaVersion` picks the schema.
 */
import { createRequire } from 'node:module';
import type { Ajv2020, ValidateFunction } from 'ajv/dist/2020.js';
import validateHandoff10 from './generated/handoff-1.0.validate.js';
import { HANDOFF_1_0_SCHEMA } from './schemas/handoff-1.0.js';

/** schemaVersion → JSON Schema object. Order matters: the last entry is the latest version. */
export const HANDOFF_SCHEMAS: Readonly<Record<string, object>> = {
  '1.0': HANDOFF_1_0_SCHEMA,
};

/** The versions a document may name, oldest first. */
export const KNOWN_HANDOFF_VERSIONS: readonly string[] = Object.keys(HANDOFF_SCHEMAS);

/** The newest version; used to report errors in a document that names no version at all. */
export const LATEST_HANDOFF_VERSION: string = KNOWN_HANDOFF_VERSIONS[KNOWN_HANDOFF_VERSIONS.length - 1] as string;

let ajv: Ajv2020 | undefined;
const compiled = new Map<string, ValidateFunction>();

/** The options every handoff validator is built with (also the precompiled ones: scripts/generate-schemas.js). */
export function ajvOptions(): { allErrors: true; strict: true; allowUnionTypes: true } {
  return { allErrors: true, strict: true, allowUnionTypes: true };
}

/**
 * Creates the ajv instance used for handoffs: all errors, strict schemas, formats on. ajv's compiler
 * is loaded here, on first use, not at start-up (the shipped versions are precompiled).
 */
export function createAjv(): Ajv2020 {
  const require = createRequire(import.meta.url);
  const { Ajv2020: Ajv } = require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
  const addFormats = require('ajv-formats') as { default: (a: Ajv2020) => void };
  const instance = new Ajv(ajvOptions());
  addFormats.default(instance);
  return instance;
}

/**
 * Validators precompiled from the same schemas by `npm run schemas` (ajv standalone code; CI fails
 * when they are stale): no schema compilation and no ajv compiler at start-up.
 */
const PRECOMPILED: Readonly<Record<string, ValidateFunction>> = {
  '1.0': validateHandoff10 as unknown as ValidateFunction,
};

/**
 * The validator for `version`: the precompiled one, else compiled on first use and cached for the
 * process. Returns `undefined` for a version that is not in `HANDOFF_SCHEMAS`.
 */
export function handoffValidator(version: string): ValidateFunction | undefined {
  const schema = HANDOFF_SCHEMAS[version];
  if (!schema) return undefined;
  let validate = PRECOMPILED[version] ?? compiled.get(version);
  if (!validate) {
    ajv ??= createAjv();
    validate = ajv.compile(schema);
    compiled.set(version, validate);
  }
  return validate;
}
