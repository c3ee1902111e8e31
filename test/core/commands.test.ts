import { describe, expect, it } from 'vitest';
import { authorize, type Actor } from '../../src/core/commands/authorize.js';
import { parseCommands } from '../../src/core/commands/parse-commands.js';
import { COMMANDS, helpText } from '../../src/core/commands/registry.js';
import { config } from '../helpers/gate-input.js';

const actor = (login: string, fields: Partial<Actor> = {}): Actor => ({ login, isBot: false, permission: 'read', teams: new Set(), ...fields });
const cmd = (text: string) => parseCommands(text, '/gate').commands[0] as NonNullable<ReturnType<typeof parseCommands>['commands'][0]>;
const gatesConfig = config('gates:\n  - id: release\n    approvers: { roles: [release-managers] }\n  - id: docs\n    allowAuthor: true\n    approvers: { users: [agent-owner] }\nroles:\n  release-managers: { users: [alice], teams: [acme/release] }\n');

describe('parseCommands', () => {
  it('takes commands only at the start of a line, outside code fences and quotes', () => {
    const body = ['Looks good.', '/gate approve release', '> /gate hold', 'please /gate reject x', '```', '/gate hold', '```', '/gate reject wrong approach, see thread', '/gate', '/gate frobnicate', '/gateway approve'].join('\n');
    const { commands, unknown } = parseCommands(body, '/gate');
    expect(commands.map((c) => [c.name, c.args, c.line])).toEqual([
      ['approve', 'release', 2],
      ['reject', 'wrong approach, see thread', 8],
    ]);
    expect(unknown.map((u) => u.word)).toEqual(['', 'frobnicate']);
  });

  it('never takes a command from a code block, blockquote, HTML, list, table or inline code (CommonMark, as GitHub renders it)', () => {
    const none = (body: string) => expect(parseCommands(body, '/gate').commands, JSON.stringify(body)).toEqual([]);
    none('````\n```\n/gate approve release\n```\n````'); // a four-backtick fence holding a three-backtick line
    none('`````md\n````\n/gate approve\n`````');
    none('~~~\n/gate approve\n~~~'); // tilde fence
    none('~~~~\n~~~\n/gate approve\n~~~~');
    none('```\n/gate approve'); // an unclosed fence runs to the end
    none('    /gate approve'); // indented code
    none('Text.\n\n\t/gate approve');
    none('> quoted\n/gate approve'); // blockquote lazy continuation
    none('> > nested\n/gate approve');
    none('<!--\n/gate approve\n-->'); // HTML comment (block)
    none('Please <!--\n/gate approve\n--> thanks'); // HTML comment inside a paragraph
    none('<details>\n/gate approve\n</details>'); // HTML block
    none('- item\n/gate approve'); // list item, lazy continuation
    none('1. /gate approve');
    none('- [ ] /gate approve');
    none('| a |\n| - |\n| /gate approve |'); // table cell
    none('| a |\n| - |\n/gate approve'); // a table row without pipes
    none('[^1]: note\n/gate approve'); // footnote definition, lazy continuation
    none('/gate approve\n---'); // setext heading
    none('# /gate approve');
    none('Text `\n/gate approve` more'); // code span across lines
    none('*emphasis\n/gate approve*');
    none('\\/gate approve');
  });

  it('takes a command on any line of a top-level paragraph, with its line number, CRLF and lone CR included', () => {
    const lines = (body: string) => parseCommands(body, '/gate').commands.map((c) => [c.name, c.args, c.line]);
    expect(lines('Looks good.\r\n/gate approve release\r\n\r\n```\r\n/gate hold\r\n```\r\n\r\n  /gate reject  needs  work  ')).toEqual([['approve', 'release', 2], ['reject', 'needs work', 8]]);
    expect(lines('a\r/gate hold')).toEqual([['hold', '', 2]]);
    expect(lines('> quote\n\n/gate unhold')).toEqual([['unhold', '', 3]]);
    expect(lines('Text with <b>html</b>\n/gate rerun lint')).toEqual([['rerun', 'lint', 2]]);
  });

  it('honours a configured prefix and caps commands per comment', () => {
    expect(parseCommands('/hg hold', '/hg').commands).toHaveLength(1);
    expect(parseCommands(Array(30).fill('/gate help').join('\n'), '/gate').commands).toHaveLength(10);
  });

  it('generates help from the registry', () => {
    const help = helpText('/gate');
    for (const c of COMMANDS) expect(help).toContain(`\`/gate ${c.name}`);
  });
});

describe('authorize', () => {
  const ctx = { config: gatesConfig, prAuthor: 'agent-bot' };

  it('lets write permission hold, reject and rerun, and refuses read with who may', () => {
    expect(authorize(cmd('/gate hold'), actor('w', { permission: 'write' }), ctx)).toEqual({ allowed: true, gates: [] });
    expect(authorize(cmd('/gate hold'), actor('m', { permission: 'maintain' }), ctx).allowed).toBe(true);
    const refused = authorize(cmd('/gate hold'), actor('r', { permission: 'read' }), ctx);
    expect(refused).toEqual({ allowed: false, reason: '`hold` may be run by people with write permission on the repository' });
    expect(authorize(cmd('/gate reject'), actor('w', { permission: 'write' }), ctx)).toMatchObject({ allowed: false, reason: '`reject` needs <reason>' });
  });

  it('lets the PR author rerun without write permission, and never a bot', () => {
    expect(authorize(cmd('/gate rerun'), actor('agent-bot'), ctx).allowed).toBe(true);
    expect(authorize(cmd('/gate rerun'), actor('ci[bot]', { isBot: true, permission: 'admin' }), ctx).allowed).toBe(false);
  });

  it('approve: role members by user or team, not others, not bots', () => {
    expect(authorize(cmd('/gate approve release'), actor('alice'), ctx)).toEqual({ allowed: true, gates: ['release'] });
    expect(authorize(cmd('/gate approve release'), actor('bob', { teams: new Set(['acme/release']) }), ctx)).toEqual({ allowed: true, gates: ['release'] });
    expect(authorize(cmd('/gate approve release'), actor('eve', { permission: 'admin' }), ctx)).toEqual({ allowed: false, reason: 'gate `release` may be approved by role release-managers, never the pull request author' });
    expect(authorize(cmd('/gate approve release'), actor('alice', { isBot: true }), ctx).allowed).toBe(false);
    expect(authorize(cmd('/gate approve nope'), actor('alice'), ctx)).toMatchObject({ allowed: false, reason: expect.stringContaining('there is no gate `nope`') });
  });

  it('approve: the PR author only where the gate allows it', () => {
    const authorCtx = { config: gatesConfig, prAuthor: 'agent-owner' };
    expect(authorize(cmd('/gate approve docs'), actor('agent-owner'), authorCtx)).toEqual({ allowed: true, gates: ['docs'] });
    const alice = { config: gatesConfig, prAuthor: 'alice' };
    expect(authorize(cmd('/gate approve release'), actor('alice'), alice)).toEqual({ allowed: false, reason: 'the pull request author may not approve gate `release` (allowAuthor is off)' });
  });

  it('approve without a gate approves every gate the actor may approve; implicit gates need write', () => {
    expect(authorize(cmd('/gate approve'), actor('alice', { permission: 'write' }), ctx)).toEqual({ allowed: true, gates: ['release', 'guardrail-excuse', 'role-release-managers'] });
    expect(authorize(cmd('/gate approve guardrail-excuse'), actor('w', { permission: 'write' }), ctx).allowed).toBe(true);
    expect(authorize(cmd('/gate approve guardrail-excuse'), actor('r'), ctx).allowed).toBe(false);
    expect(authorize(cmd('/gate approve'), actor('r'), ctx).allowed).toBe(false);
  });
});
