#!/usr/bin/env node
// Writes schemas/*.json from their sources in src/ (run after `npm run build`).
// With --check, writes nothing and exits 1 when a committed schema is out of date.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatSchema, publishedSchemas } from '../lib/core/published-schemas.js';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'schemas');
const check = process.argv.includes('--check');
let stale = 0;
for (const [name, schema] of Object.entries(publishedSchemas())) {
  const path = join(dir, name);
  const text = formatSchema(schema);
  let current = '';
  try {
    current = readFileSync(path, 'utf8');
  } catch {
    /* new file */
  }
  if (current === text) continue;
  if (check) {
    console.error(`schemas/${name} is out of date: run npm run schemas`);
    stale++;
  } else {
    writeFileSync(path, text);
    console.log(`wrote schemas/${name}`);
  }
}
process.exitCode = stale > 0 ? 1 : 0;
