#!/usr/bin/env node
// Regenerates test/fixtures/github-openapi-subset.json: the operations handoff-gate calls, cut from
// GitHub's published REST description (@octokit/openapi, generated/api.github.com.json), with every
// component they reference. The package is ~385 MB, so it is not a dependency; install it aside:
//   npm i --prefix /tmp/openapi @octokit/openapi && node scripts/openapi-subset.js /tmp/openapi/node_modules/@octokit/openapi
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const OPERATIONS = [
  ['post', '/app/installations/{installation_id}/access_tokens'],
  ['get', '/app'],
  ['get', '/repos/{owner}/{repo}/commits/{ref}/check-runs'],
  ['post', '/repos/{owner}/{repo}/check-runs'],
  ['patch', '/repos/{owner}/{repo}/check-runs/{check_run_id}'],
  ['get', '/repos/{owner}/{repo}/issues/{issue_number}/comments'],
  ['post', '/repos/{owner}/{repo}/issues/{issue_number}/comments'],
  ['patch', '/repos/{owner}/{repo}/issues/comments/{comment_id}'],
  ['post', '/repos/{owner}/{repo}/issues/comments/{comment_id}/reactions'],
  ['get', '/repos/{owner}/{repo}/collaborators/{username}/permission'],
  ['get', '/repos/{owner}/{repo}/pulls/{pull_number}'],
  ['get', '/repos/{owner}/{repo}/pulls/{pull_number}/files'],
  ['get', '/repos/{owner}/{repo}/pulls/{pull_number}/reviews'],
  ['get', '/repos/{owner}/{repo}/issues/{issue_number}/timeline'],
  ['get', '/repos/{owner}/{repo}/actions/runs'],
  ['post', '/repos/{owner}/{repo}/actions/runs/{run_id}/rerun'],
  ['get', '/repos/{owner}/{repo}'],
  ['get', '/repos/{owner}/{repo}/actions/workflows'],
  ['get', '/repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs'],
  ['post', '/repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches'],
  ['get', '/repos/{owner}/{repo}/actions/runs/{run_id}/artifacts'],
  ['get', '/repos/{owner}/{repo}/compare/{basehead}'],
  ['get', '/repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format}'],
  ['get', '/repos/{owner}/{repo}/pulls'],
  ['get', '/repos/{owner}/{repo}/contents/{path}'],
  ['get', '/repos/{owner}/{repo}/git/blobs/{file_sha}'],
  ['get', '/repos/{owner}/{repo}/git/trees/{tree_sha}'],
  ['get', '/orgs/{org}/teams/{team_slug}/memberships/{username}'],
  ['post', '/graphql'],
];

const [pkg] = process.argv.slice(2);
if (!pkg) {
  console.error('usage: node scripts/openapi-subset.js PATH_TO_@octokit/openapi');
  process.exit(64);
}
const spec = JSON.parse(readFileSync(join(pkg, 'generated', 'api.github.com.json'), 'utf8'));
const version = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')).version;
const out = { openapi: spec.openapi, info: { ...spec.info, 'x-octokit-openapi-version': version }, paths: {}, components: {} };
const pending = [];
for (const [method, path] of OPERATIONS) {
  const operation = spec.paths[path]?.[method];
  if (!operation) {
    if (path === '/graphql') continue; // GraphQL is not in the REST description
    throw new Error(`${method.toUpperCase()} ${path} is not in the REST description`);
  }
  out.paths[path] = { ...out.paths[path], [method]: operation };
  pending.push(operation);
}
const seen = new Set();
while (pending.length > 0) {
  const node = pending.pop();
  if (Array.isArray(node)) pending.push(...node);
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string' && !seen.has(value)) {
        seen.add(value);
        const [, , section, name] = value.split('/');
        const target = spec.components[section][name];
        out.components[section] = { ...out.components[section], [name]: target };
        pending.push(target);
      } else pending.push(value);
    }
  }
}
writeFileSync(new URL('../test/fixtures/github-openapi-subset.json', import.meta.url), `${JSON.stringify(out)}\n`);
console.log(`wrote ${Object.keys(out.paths).length} paths, ${seen.size} components from @octokit/openapi ${version}`);
