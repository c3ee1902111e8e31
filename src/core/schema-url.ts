/**
 * Where the published JSON Schemas can be fetched: every `$id` is the raw URL of the committed file
 * on the default branch, so editors (the YAML language server, VS Code's `json.schemas`) and
 * validators can resolve it. Schema files are versioned by name and never change once released.
 */
export const SCHEMA_BASE_URL = 'https://raw.githubusercontent.com/handoff-gate/handoff-gate/main/schemas/';

/** The `$id` of `schemas/<file>`. */
export function schemaUrl(file: string): string {
  return `${SCHEMA_BASE_URL}${file}`;
}
