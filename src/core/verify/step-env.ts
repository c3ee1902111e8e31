/**
 * Which environment variables a verify step may see. Verify steps run the pull request's own code
 * (SPEC.md, trust boundaries: untrusted), so they get an allow-list, never the gate's environment:
 * the Action's `INPUT_GITHUB-TOKEN`, the runner's `ACTIONS_RUNTIME_TOKEN`, LLM API keys and every
 * other credential stay out. Pure: the caller passes the environment in and applies the result.
 *
 * Names are matched with `*` wildcards (picomatch, case-insensitive for the deny list so that
 * `npm_config__authToken` and `OPENAI_API_KEY` are caught alike).
 */
import picomatch from 'picomatch';

/**
 * Passed to every step by default: what shells, compilers and test runners need to work, and the
 * non-secret GitHub Actions context (which commit, which repository, that this is CI).
 */
export const DEFAULT_STEP_ENV_ALLOW: readonly string[] = [
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'SHELL',
  'LANG',
  'LANGUAGE',
  'LC_*',
  'TZ',
  'TERM',
  'TMPDIR',
  'TMP',
  'TEMP',
  'CI',
  'XDG_*',
  'GITHUB_ACTIONS',
  'GITHUB_SHA',
  'GITHUB_REF',
  'GITHUB_REF_NAME',
  'GITHUB_HEAD_REF',
  'GITHUB_BASE_REF',
  'GITHUB_REPOSITORY',
  'GITHUB_REPOSITORY_OWNER',
  'GITHUB_RUN_ID',
  'GITHUB_RUN_NUMBER',
  'GITHUB_RUN_ATTEMPT',
  'GITHUB_EVENT_NAME',
  'GITHUB_SERVER_URL',
  'GITHUB_WORKSPACE',
  'GITHUB_JOB',
  'GITHUB_WORKFLOW',
  'RUNNER_OS',
  'RUNNER_ARCH',
  'RUNNER_TEMP',
  'RUNNER_TOOL_CACHE',
  'JAVA_HOME',
  'JAVA_HOME_*',
  'GOROOT',
  'GOPATH',
  'GOCACHE',
  'GOMODCACHE',
  'CARGO_HOME',
  'RUSTUP_HOME',
  'VIRTUAL_ENV',
  'PNPM_HOME',
];

/**
 * Never passed, whatever `verify.env.allow` says (a configuration entry that can only match these is
 * a configuration error): credentials by their usual names, the Action's inputs (the token is
 * `INPUT_GITHUB-TOKEN`), the runner's own tokens and URLs (`ACTIONS_*`), and the runner's file
 * commands (`GITHUB_ENV`, `GITHUB_OUTPUT`, …), through which a step could set the gate's outputs or
 * the environment of later steps.
 */
export const DENIED_STEP_ENV: readonly string[] = [
  'INPUT_*',
  'ACTIONS_*',
  '*TOKEN*',
  '*SECRET*',
  '*PASSWORD*',
  '*PASSWD*',
  '*PASSPHRASE*',
  '*_PASS',
  '*_PWD',
  '*_KEY',
  '*_KEY_*',
  '*API_KEY*',
  '*APIKEY*',
  '*PRIVATE_KEY*',
  '*CREDENTIAL*',
  '*_AUTH',
  '*_AUTH_*',
  '*COOKIE*',
  'GITHUB_ENV',
  'GITHUB_OUTPUT',
  'GITHUB_PATH',
  'GITHUB_STATE',
  'GITHUB_STEP_SUMMARY',
];

/** The name an allow entry may have: an environment variable name, optionally ending in `*` (a prefix). */
export const ALLOW_ENTRY = /^[A-Za-z_][A-Za-z0-9_]*\*?$/;

const isDenied = picomatch([...DENIED_STEP_ENV], { nocase: true, dot: true });
const isAllowedByDefault = picomatch([...DEFAULT_STEP_ENV_ALLOW], { dot: true });

/** The first deny pattern `name` matches, or `undefined` when it may be passed. */
export function deniedBy(name: string): string | undefined {
  if (!isDenied(name)) return undefined;
  return DENIED_STEP_ENV.find((pattern) => picomatch.isMatch(name, pattern, { nocase: true, dot: true }));
}

/**
 * Why a `verify.env.allow` entry is refused, or `undefined` when it is acceptable. An entry is refused
 * when it is not a name (or `PREFIX_*`), or when every name it can match is denied: a plain name that
 * matches a deny pattern (`OPENAI_API_KEY`), or a prefix that does (`INPUT_*`, `AWS_SECRET*`).
 * A prefix that matches some denied names (`GITHUB_*` covers `GITHUB_TOKEN`) is accepted; the denied
 * names are still withheld, name by name, when the step runs.
 */
export function allowEntryProblem(entry: string): string | undefined {
  if (!ALLOW_ENTRY.test(entry)) return 'must be an environment variable name, or a name prefix ending in "*" (PREFIX_*)';
  const prefix = entry.endsWith('*');
  const literal = prefix ? entry.slice(0, -1) : entry;
  // A prefix is refused when the name it starts with and any continuation of it (`X`) are both denied.
  const denied = deniedBy(literal);
  if (denied && (!prefix || deniedBy(`${literal}X`))) return `matches the deny pattern "${denied}": credentials and the runner's own variables never reach verify steps`;
  return undefined;
}

/** The environment a step gets, and the names of the variables that were held back (for the log). */
export interface StepEnvironment {
  env: Record<string, string>;
  /** Names present in the parent environment but not passed, sorted. Names only, never values. */
  withheld: string[];
}

/**
 * Filters `parent` down to the names `DEFAULT_STEP_ENV_ALLOW` and `extraAllow` (exact names or
 * `PREFIX_*`) match and no `DENIED_STEP_ENV` pattern matches. Values are copied unchanged; variables
 * with an `undefined` value are dropped.
 */
export function stepEnvironment(parent: Readonly<Record<string, string | undefined>>, extraAllow: readonly string[] = []): StepEnvironment {
  const isExtra = extraAllow.length > 0 ? picomatch([...extraAllow], { dot: true }) : () => false;
  const isAllowed = (name: string) => isAllowedByDefault(name) || isExtra(name);
  const env: Record<string, string> = {};
  const withheld: string[] = [];
  for (const [name, value] of Object.entries(parent)) {
    if (value === undefined) continue;
    if (isAllowed(name) && !isDenied(name)) env[name] = value;
    else withheld.push(name);
  }
  return { env, withheld: withheld.sort() };
}
