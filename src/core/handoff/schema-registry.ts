/**
 * The known handoff schema versions, each compiled once (ajv, JSON Schema draft 2020-12)
 * and reused for every document.
 *
 * To add `2.0`: write `schemas/handoff-2.0.ts`, register it in `HANDOFF_SCHEMAS`; 1.0 documents
 * keep validating against 1.0 because the document's own `schemaVersion` picks the schema.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsPlugin from 'ajv-formats';
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

/** Creates the ajv instance used for handoffs: all errors, strict schemas, formats on. */
export function createAjv(): Ajv2020 {
  const instance = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
  (addFormatsPlugin as unknown as (a: Ajv2020) => void)(instance);
  return instance;
}

/**
 * The compiled validator for `version`, compiled on first use and cached for the process.
 * Returns `undefined` for a version that is not in `HANDOFF_SCHEMAS`.
 */
export function handoffValidator(version: string): ValidateFunction | undefined {
  const schema = HANDOFF_SCHEMAS[version];
  if (!schema) return undefined;
  let validate = compiled.get(version);
  if (!validate) {
    ajv ??= createAjv();
    validate = ajv.compile(schema);
    compiled.set(version, validate);
  }
  return validate;
}
