// Secret sources: env, files in two formats with errors that name the line (and never the
// value), and chaining.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  SecretsAllowlistError,
  SecretsFileError,
  envAllowlist,
  parseAllowlist,
  chainSecrets,
  envSecrets,
  fileSecrets,
  parseSecretsText,
} from '../src-main/connectors/secrets';

const dir = mkdtempSync(path.join(tmpdir(), 'waymark-secrets-'));
function file(name: string, content: string): string {
  const p = path.join(dir, name);
  writeFileSync(p, content);
  return p;
}
function thrown(fn: () => unknown): SecretsFileError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(SecretsFileError);
    return e as SecretsFileError;
  }
  throw new Error('expected a SecretsFileError');
}

describe('envSecrets', () => {
  it('reads allowed names by exact name; empty counts as unset', () => {
    const s = envSecrets({ OPENAI_API_KEY: 'sk-1', EMPTY: '' }, ['OPENAI_API_KEY', 'EMPTY', 'NOPE']);
    expect(s.get('OPENAI_API_KEY')).toBe('sk-1');
    expect(s.get('openai_api_key')).toBeUndefined();
    expect(s.get('EMPTY')).toBeUndefined();
    expect(s.get('NOPE')).toBeUndefined();
  });

  it('reads nothing outside the allowlist, whatever exists', () => {
    const env = { HOME: '/root', AWS_SECRET_ACCESS_KEY: 'aws-decoy-value', OPENAI_API_KEY: 'sk-1' };
    const s = envSecrets(env, ['OPENAI_API_KEY']);
    expect([s.get('HOME'), s.get('AWS_SECRET_ACCESS_KEY'), s.get('OPENAI_API_KEY')]).toEqual([
      undefined,
      undefined,
      'sk-1',
    ]);
    expect(s.allowed).toEqual(['OPENAI_API_KEY']);
    // With no allowlist at all, the environment gives nothing.
    expect(envSecrets(env).get('OPENAI_API_KEY')).toBeUndefined();
  });

  it('takes its allowlist from WAYMARK_ALLOW_ENV plus the names given (--allow-env)', () => {
    const env = { WAYMARK_ALLOW_ENV: 'A_KEY, B_KEY', A_KEY: 'a-value', B_KEY: 'b-value', C_KEY: 'c-value' };
    expect(envAllowlist(env)).toEqual(['A_KEY', 'B_KEY']);
    expect(envAllowlist(env, ['C_KEY'])).toEqual(['A_KEY', 'B_KEY', 'C_KEY']);
    expect(envSecrets(env).get('B_KEY')).toBe('b-value');
    expect(envSecrets(env).get('C_KEY')).toBeUndefined();
    expect(parseAllowlist('X,Y', '--allow-env')).toEqual(['X', 'Y']);
    expect(() => parseAllowlist('GOOD,bad-name', '--allow-env')).toThrow(
      /--allow-env: "bad-name" is not an environment variable name/,
    );
    expect(() => envAllowlist({ WAYMARK_ALLOW_ENV: 'A=1' })).toThrow(SecretsAllowlistError);
  });

  it('defaults to process.env and its WAYMARK_ALLOW_ENV', () => {
    process.env.WAYMARK_TEST_SECRET_X = 'v';
    const before = process.env.WAYMARK_ALLOW_ENV;
    try {
      expect(envSecrets().get('WAYMARK_TEST_SECRET_X')).toBeUndefined();
      process.env.WAYMARK_ALLOW_ENV = 'WAYMARK_TEST_SECRET_X';
      expect(envSecrets().get('WAYMARK_TEST_SECRET_X')).toBe('v');
    } finally {
      delete process.env.WAYMARK_TEST_SECRET_X;
      if (before === undefined) delete process.env.WAYMARK_ALLOW_ENV;
      else process.env.WAYMARK_ALLOW_ENV = before;
    }
  });
});

describe('fileSecrets', () => {
  it('reads a JSON object', () => {
    const s = fileSecrets(file('a.json', '{ "OPENAI_API_KEY": "sk-json", "OTHER": "o" }'));
    expect(s.get('OPENAI_API_KEY')).toBe('sk-json');
    expect(s.get('OTHER')).toBe('o');
    expect(s.get('MISSING')).toBeUndefined();
  });

  it('reads KEY=VALUE lines with comments, export, quotes and = in values', () => {
    const s = fileSecrets(
      file(
        'b.env',
        [
          '# keys',
          '',
          'export OPENAI_API_KEY=sk-abc',
          'ANTHROPIC_API_KEY = "sk-ant=="',
          "TOKEN='a b'",
          'RAW=x=y',
          'BLANK=',
          '\r',
        ].join('\n'),
      ),
    );
    expect(s.get('OPENAI_API_KEY')).toBe('sk-abc');
    expect(s.get('ANTHROPIC_API_KEY')).toBe('sk-ant==');
    expect(s.get('TOKEN')).toBe('a b');
    expect(s.get('RAW')).toBe('x=y');
    expect(s.get('BLANK')).toBe('');
  });

  it('handles CRLF files and a BOM', () => {
    const s = fileSecrets(file('c.env', '\uFEFFA=1\r\nB=2\r\n'));
    expect(s.get('A')).toBe('1');
    expect(s.get('B')).toBe('2');
  });

  it('does not treat __proto__ specially', () => {
    const s = fileSecrets(file('p.json', '{"__proto__": "x", "A": "1"}'));
    expect(s.get('__proto__')).toBe('x');
    expect(s.get('toString')).toBeUndefined();
  });

  it('names the file and line of a bad KEY=VALUE line, without echoing it', () => {
    const p = file('bad.env', 'A=1\n# ok\nsk-oops-a-secret-pasted-alone\nB=2\n');
    const e = thrown(() => fileSecrets(p));
    expect(e.file).toBe(p);
    expect(e.line).toBe(3);
    expect(e.message).toContain(`${p}:3:`);
    expect(e.message).toMatch(/expected KEY=VALUE/);
    expect(e.message).not.toContain('sk-oops');
  });

  it('rejects invalid names and unterminated quotes with the line', () => {
    expect(thrown(() => parseSecretsText('A=1\n1BAD=x', 'f')).line).toBe(2);
    expect(thrown(() => parseSecretsText('=x', 'f')).line).toBe(1);
    const q = thrown(() => parseSecretsText('A=1\nB=2\nC="sk-unterminated', 'f'));
    expect(q.line).toBe(3);
    expect(q.message).toMatch(/unterminated double quote/);
    expect(q.message).not.toContain('sk-unterminated');
  });

  it('reports the line of a JSON syntax error, without echoing content', () => {
    const e = thrown(() => parseSecretsText('{\n  "A": "1",\n  "B": "sk-secret" "C": "2"\n}', 'keys.json'));
    expect(e.line).toBe(3);
    expect(e.message).toMatch(/^keys\.json:3: invalid JSON/);
    expect(e.message).not.toContain('sk-secret');
  });

  it('requires a JSON object of strings, naming the key and its line', () => {
    expect(thrown(() => parseSecretsText('{ "A": "1",\n "PORT": 8080 }', 'k.json'))).toMatchObject({
      line: 2,
      message: expect.stringMatching(/"PORT" must be a string, got number/),
    });
    expect(thrown(() => parseSecretsText('["a"]', 'k.json')).message).toMatch(/^k\.json: /);
  });

  it('names the file it cannot read', () => {
    const missing = path.join(dir, 'nope.env');
    const e = thrown(() => fileSecrets(missing));
    expect(e.message).toContain(missing);
    expect(e.message).toMatch(/cannot read/);
  });
});

describe('chainSecrets', () => {
  it('earlier ports win; later ports fill gaps', () => {
    const s = chainSecrets(envSecrets({ A: 'file-a' }, ['A']), envSecrets({ A: 'env-a', B: 'env-b' }, ['A', 'B']));
    expect(s.get('A')).toBe('file-a');
    expect(s.get('B')).toBe('env-b');
    expect(s.get('C')).toBeUndefined();
    expect(chainSecrets().get('A')).toBeUndefined();
  });
});
