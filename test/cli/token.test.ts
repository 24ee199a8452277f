import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TOKEN_ENV, resolveToken } from '../../src/cli/token.js';

const dir = mkdtempSync(path.join(tmpdir(), 'lunar-sim-token-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const f = path.join(dir, name);
  writeFileSync(f, text);
  chmodSync(f, 0o600);
  return f;
}

describe('resolveToken', () => {
  it('reads the token from --token, --token-file (trailing newline dropped) or LUNAR_SIM_TOKEN', () => {
    expect(resolveToken({ token: 'a1' }, {})).toBe('a1');
    expect(resolveToken({ tokenFile: file('t', 's3cret\n') }, {})).toBe('s3cret');
    expect(resolveToken({}, { [TOKEN_ENV]: 'from-env' })).toBe('from-env');
    expect(resolveToken({}, {})).toBeUndefined();
    expect(resolveToken({}, { [TOKEN_ENV]: '' })).toBeUndefined();
  });

  it('refuses two sources, an empty token and one with spaces, naming the source', () => {
    expect(() => resolveToken({ token: 'a' }, { [TOKEN_ENV]: 'b' })).toThrow(`give the token one way, not --token and ${TOKEN_ENV}`);
    const empty = file('empty', '\n');
    expect(() => resolveToken({ tokenFile: empty }, {})).toThrow(`--token-file ${empty}: the token is empty`);
    expect(() => resolveToken({ token: 'two words' }, {})).toThrow('--token: the token cannot contain spaces or line breaks');
  });

  it('reads a token file with the bounds of any file a user names', () => {
    expect(() => resolveToken({ tokenFile: '/dev/zero' }, {})).toThrow('cannot read /dev/zero: not a regular file (a character device)');
    expect(() => resolveToken({ tokenFile: file('big', 'x'.repeat(5000)) }, {})).toThrow(/larger than 4 KiB, the limit of a token file$/);
  });
});
