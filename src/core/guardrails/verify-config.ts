/**
 * Verification configuration comes from the base (issue 9 item 3): a change to a file that configures
 * a verify step's tools, to a `package.json` script a step invokes, to `pyproject.toml`'s `[tool.*]`
 * sections, or a lifecycle script (`preinstall`, `install`, `postinstall`, `prepare`) added or changed
 * in any `package.json` is `guardrail.verify-config-changed` (block by default; approvable with
 * `/gate approve guardrail.verify-config-changed`). The agent cannot loosen its own checks
 * (`ignores` in ESLint, `strict: false`, `"test": "vitest || true"`) without a person seeing it.
 */
import picomatch from 'picomatch';
import type { GateConfig } from '../config/config-schema.js';
import type { ChangedFile } from '../diff/changed-file.js';
import type { Reason } from '../reasons.js';
import type { ReadText } from './tests-deleted.js';

export { DEFAULT_VERIFY_CONFIG_PATHS } from './verify-config-paths.js';


/** npm lifecycle scripts that run on `npm install`/`npm ci` (https://docs.npmjs.com/cli/using-npm/scripts#life-cycle-scripts). */
export const LIFECYCLE_SCRIPTS = ['preinstall', 'install', 'postinstall', 'prepare', 'preprepare', 'postprepare'];

/** Package-manager sub-commands that are not scripts (so `yarn install` is not read as script "install"). */
const NOT_SCRIPTS = new Set(['ci', 'install', 'i', 'add', 'exec', 'x', 'dlx', 'remove', 'rm', 'uninstall', 'update', 'up', 'link', 'pack', 'publish', 'config', 'audit', 'why', 'ls', 'list', 'init', 'create', 'set', 'cache', 'rebuild']);
const NPM_ALIASES: Record<string, string> = { t: 'test', tst: 'test' };
const INVOCATION = /\b(npm|pnpm|yarn|bun)\s+(?:--?[\w-]+(?:=\S+)?\s+)*(run-script|run|[\w:.-]+)(?:\s+(?:--?[\w-]+(?:=\S+)?\s+)*([\w:.-]+))?/g;
/** How deep scripts that call scripts are followed. */
const MAX_SCRIPT_DEPTH = 5;

/**
 * The `package.json` script names a shell command invokes (`npm test`, `npm run lint`, `yarn build`,
 * `pnpm run x`), without the pre/post hooks.
 */
export function scriptsInvoked(command: string): string[] {
  const names = new Set<string>();
  for (const m of command.matchAll(INVOCATION)) {
    const [, tool, sub, arg] = m as unknown as [string, string, string, string | undefined];
    if (sub === 'run' || sub === 'run-script') {
      if (arg) names.add(arg);
    } else if (tool === 'npm') {
      if (['test', 't', 'tst', 'start', 'stop', 'restart'].includes(sub)) names.add(NPM_ALIASES[sub] ?? sub);
    } else if (!NOT_SCRIPTS.has(sub) && tool !== 'bun') names.add(sub);
  }
  return [...names];
}

/**
 * One reason per changed verify-configuration file, per changed script a verify step invokes, and per
 * lifecycle script added or changed. `readBase`/`readHead` read the two trees.
 */
export async function checkVerifyConfig(files: readonly ChangedFile[], config: GateConfig, readBase: ReadText, readHead: ReadText): Promise<Reason[]> {
  const settings = config.guardrails.verifyConfig;
  const level = settings.level;
  const isConfig = picomatch(settings.paths, { dot: true });
  const reasons: Reason[] = [];
  const listed = `guardrails.verifyConfig.paths: ${settings.paths.length} globs`;
  for (const file of files) {
    const paths = [file.path, ...(file.previousPath ? [file.previousPath] : [])];
    const hit = paths.find((p) => isConfig(p));
    if (hit) {
      reasons.push({ code: 'guardrail.verify-config-changed', level, file: file.path, rule: 'config-file', message: `verify tool configuration ${file.status}: ${hit} (${listed})` });
      continue;
    }
    if (paths.some((p) => p === 'pyproject.toml' || p.endsWith('/pyproject.toml'))) {
      const [before, after] = await Promise.all([readBase(file.previousPath ?? file.path), readHead(file.path)]);
      const changed = changedToolSections(before ?? '', after ?? '');
      if (changed.length > 0) reasons.push({ code: 'guardrail.verify-config-changed', level, file: file.path, rule: 'pyproject-tool', message: `pyproject.toml tool section(s) changed: ${changed.join(', ')}` });
      continue;
    }
    if (!paths.some((p) => p === 'package.json' || p.endsWith('/package.json'))) continue;
    const [before, after] = await Promise.all([readBase(file.previousPath ?? file.path).then(scriptsOf), readHead(file.path).then(scriptsOf)]);
    if (settings.lifecycleScripts) {
      for (const name of LIFECYCLE_SCRIPTS) {
        if (after[name] !== undefined && after[name] !== before[name]) {
          reasons.push({ code: 'guardrail.verify-config-changed', level, file: file.path, rule: 'lifecycle-script', message: `lifecycle script "${name}" ${before[name] === undefined ? 'added' : 'changed'} in ${file.path} (runs on install)` });
        }
      }
    }
    if (settings.packageScripts && file.path === 'package.json') {
      for (const name of invokedScriptsClosure(config, before, after)) {
        if (before[name] !== after[name]) reasons.push({ code: 'guardrail.verify-config-changed', level, file: file.path, rule: 'package-script', message: `package.json script "${name}", which a verify step runs, ${before[name] === undefined ? 'was added' : after[name] === undefined ? 'was removed' : 'changed'}` });
      }
    }
  }
  return reasons;
}

/** Every script the verify steps reach, with pre/post hooks and scripts called by scripts (both sides). */
function invokedScriptsClosure(config: GateConfig, before: Record<string, string>, after: Record<string, string>): string[] {
  const seen = new Set<string>();
  let frontier = config.verify.steps.flatMap((s) => scriptsInvoked(s.run));
  for (let depth = 0; depth < MAX_SCRIPT_DEPTH && frontier.length > 0; depth++) {
    const next: string[] = [];
    for (const name of frontier) {
      for (const n of [name, `pre${name}`, `post${name}`]) {
        if (seen.has(n)) continue;
        seen.add(n);
        for (const body of [before[n], after[n]]) if (body) next.push(...scriptsInvoked(body));
      }
    }
    frontier = next;
  }
  return [...seen].sort();
}

function scriptsOf(text: string | undefined): Record<string, string> {
  if (!text) return {};
  try {
    const parsed = JSON.parse(text) as { scripts?: unknown };
    if (typeof parsed.scripts !== 'object' || parsed.scripts === null) return {};
    return Object.fromEntries(Object.entries(parsed.scripts as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
  } catch {
    return { '(unparseable package.json)': text.length.toString() };
  }
}

/** Names of `[tool.*]` tables of two pyproject.toml texts whose content differs (line-based, comments kept). */
export function changedToolSections(before: string, after: string): string[] {
  const a = toolSections(before);
  const b = toolSections(after);
  return [...new Set([...a.keys(), ...b.keys()])].filter((k) => a.get(k) !== b.get(k)).sort();
}

function toolSections(text: string): Map<string, string> {
  const sections = new Map<string, string>();
  let current: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    // The name's blanks are all dropped below, so the name is taken whole up to `]` (blanks trimmed
    // around it by lazy quantifiers backtracked quadratically on a long line of spaces).
    const header = /^\s*\[\[?([^\]]+)\]\]?\s*(?:#.*)?$/.exec(line);
    if (header) {
      const name = (header[1] as string).replace(/\s+/g, '');
      current = name.startsWith('tool.') ? name : undefined;
      if (current) sections.set(current, `${sections.get(current) ?? ''}\n`);
      continue;
    }
    if (current && line.trim() !== '') sections.set(current, `${sections.get(current) ?? ''}${line.trim()}\n`);
  }
  return sections;
}
