/** One decoding rule for handoffs: BOM dropped, invalid UTF-8 an error at its byte offset, nesting bounded before parsing. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeText, firstInvalidByte } from '../../src/core/handoff/decode-text.js';
import { excessiveNesting } from '../../src/core/handoff/nesting-depth.js';
import { validateHandoffFile } from '../../src/core/handoff/validate-handoff.js';
import { VALID_HANDOFF } from '../helpers/gate-input.js';
import YAML from 'yaml';

describe('decodeText', () => {
  it('drops a UTF-8 byte-order mark and keeps everything else', () => {
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('{"a":"é"}')]);
    expect(decodeText(bom)).toEqual({ ok: true, text: '{"a":"é"}' });
  });

  it('reports the first invalid byte with its offset, line and column', () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('{\n  "summary": "ok'), 0xff, ...new TextEncoder().encode('"\n}')]);
    const decoded = decodeText(bytes);
    expect(decoded).toEqual({ ok: false, error: { offset: 18, line: 2, column: 17, message: 'not valid UTF-8: byte 0xFF at byte offset 18' } });
  });

  it('agrees with the WHATWG decoder on arbitrary bytes: valid exactly when it decodes, and the offset is where decoding stops', () => {
    const fatal = new TextDecoder('utf-8', { fatal: true });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        let valid = true;
        try {
          fatal.decode(bytes);
        } catch {
          valid = false;
        }
        const offset = firstInvalidByte(bytes);
        expect(offset === bytes.length).toBe(valid);
        if (!valid) {
          // Everything before the offset decodes; the offset itself starts no well-formed sequence.
          expect(() => fatal.decode(bytes.subarray(0, offset))).not.toThrow();
        }
      }),
      { numRuns: 5000 },
    );
  });
});

describe('nesting is bounded before the YAML parser recurses', () => {
  const deep = {
    'flow sequences': `${'['.repeat(10_000)}${']'.repeat(10_000)}`,
    'flow mappings': `${'{a: '.repeat(10_000)}1${'}'.repeat(10_000)}`,
    'block sequences': `${'- '.repeat(10_000)}x\n`,
    'block mappings': Array.from({ length: 200 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' 1\n',
  };

  it.each(Object.entries(deep))('%s 10,000 (or 200) deep: one problem at the depth limit, no stack overflow', (_, text) => {
    const result = validateHandoffFile('deep.yaml', text);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]?.message).toBe('nesting deeper than the limit of 64 levels');
  });

  it('never flags what the YAML parser itself finds within the limit (arbitrary JSON-compatible values)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 12 }), (value) => {
        for (const text of [YAML.stringify(value), JSON.stringify(value, null, 2)]) expect(excessiveNesting(text, 64)).toBeUndefined();
      }),
      { numRuns: 1000 },
    );
  });

  it('leaves real handoffs alone, block scalars and comments included', () => {
    const text = `${YAML.stringify({ ...VALID_HANDOFF, summary: 'line one\n  indented two\n    indented three\n' })}# a comment with [ and {\n`;
    expect(validateHandoffFile('h.yaml', text).problems).toEqual([]);
  });
});

describe('an unquoted version number', () => {
  it('gets a hint to quote it', () => {
    const { problems } = validateHandoffFile('h.yaml', YAML.stringify({ ...VALID_HANDOFF }).replace('schemaVersion: "1.0"', 'schemaVersion: 1.0'));
    expect(problems[0]?.message).toContain('quote it, schemaVersion: "1.0"');
  });
});
