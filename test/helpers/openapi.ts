/**
 * Checks a request against GitHub's published REST description (a subset of @octokit/openapi kept in
 * test/fixtures/github-openapi-subset.json; regenerate with scripts/openapi-subset.js): the method
 * and path must name a documented operation, and a JSON body must match its request body schema.
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';

interface Spec {
  paths: Record<string, Record<string, { requestBody?: { content?: Record<string, unknown> } }>>;
}

const spec = JSON.parse(readFileSync(new URL('../fixtures/github-openapi-subset.json', import.meta.url), 'utf8')) as Spec;
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
ajv.addSchema(spec, 'openapi');
const routes = Object.entries(spec.paths).map(([template, methods]) => ({
  template,
  methods,
  regex: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
}));
const validators = new Map<string, ValidateFunction>();

/** Problems with one request (empty when it is documented and its body fits). `path` may carry a query. */
export function checkRequest(method: string, path: string, body: unknown): string[] {
  const pathname = path.split('?')[0] ?? path;
  // GraphQL is not part of the REST description: check the envelope only.
  if (pathname === '/graphql') return method === 'POST' && typeof (body as { query?: unknown })?.query === 'string' ? [] : ['POST /graphql needs a JSON body with a query'];
  // The most specific template wins (fewest parameters), as literal segments beat parameters.
  const candidates = routes.filter((r) => r.regex.test(pathname) && r.methods[method.toLowerCase()]);
  candidates.sort((a, b) => (a.template.match(/\{/g)?.length ?? 0) - (b.template.match(/\{/g)?.length ?? 0));
  const route = candidates[0];
  if (!route) return [`${method} ${pathname} is not a documented GitHub REST operation (or not in the subset)`];
  const operation = route.methods[method.toLowerCase()];
  const hasSchema = operation?.requestBody?.content?.['application/json'];
  if (!hasSchema || body === undefined || body === '') return [];
  const key = `${method.toLowerCase()} ${route.template}`;
  let validate = validators.get(key);
  if (!validate) {
    const pointer = `#/paths/${encodeURIComponent(route.template.replace(/~/g, '~0').replace(/\//g, '~1'))}/${method.toLowerCase()}/requestBody/content/application~1json/schema`;
    validate = ajv.compile({ $ref: `openapi${pointer}` });
    validators.set(key, validate);
  }
  const parsed = typeof body === 'string' ? (JSON.parse(body) as unknown) : body;
  return validate(parsed) ? [] : (validate.errors ?? []).map((e) => `${method} ${route.template}: body${e.instancePath} ${e.message ?? ''}`);
}
