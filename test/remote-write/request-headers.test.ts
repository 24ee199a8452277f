import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PASSWORD_ENV, requestHeaders, REMOTE_WRITE_TOKEN_ENV } from '../../src/remote-write/request-headers.js';

const dir = mkdtempSync(path.join(tmpdir(), 'lunar-sim-headers-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const f = path.join(dir, name);
  writeFileSync(f, text);
  return f;
}

describe('remote-write request headers', () => {
  it('takes a bearer token from a flag, a file (trimmed) or the environment', () => {
    expect(requestHeaders({ bearerToken: 'abc' }, {})).toEqual({ Authorization: 'Bearer abc' });
    expect(requestHeaders({ bearerTokenFile: file('token', 'from-file\n') }, {})).toEqual({ Authorization: 'Bearer from-file' });
    expect(requestHeaders({}, { [REMOTE_WRITE_TOKEN_ENV]: 'from-env' })).toEqual({ Authorization: 'Bearer from-env' });
    expect(requestHeaders({ bearerToken: 'flag' }, { [REMOTE_WRITE_TOKEN_ENV]: 'env' })).toEqual({ Authorization: 'Bearer flag' });
    expect(requestHeaders({}, {})).toEqual({});
  });

  it('builds basic auth from a username and a password from a flag, a file or the environment', () => {
    const expected = { Authorization: `Basic ${Buffer.from('12345:s3cr:et').toString('base64')}` };
    expect(requestHeaders({ username: '12345', password: 's3cr:et' }, {})).toEqual(expected);
    expect(requestHeaders({ username: '12345', passwordFile: file('pw', 's3cr:et\n') }, {})).toEqual(expected);
    expect(requestHeaders({ username: '12345' }, { [PASSWORD_ENV]: 's3cr:et' })).toEqual(expected);
  });

  it('adds custom headers, such as a tenant id', () => {
    expect(requestHeaders({ headers: ['X-Scope-OrgID: team-a', 'X-Empty:'] }, {})).toEqual({ 'X-Scope-OrgID': 'team-a', 'X-Empty': '' });
  });

  it('refuses contradictions and malformed input with the flag named', () => {
    expect(() => requestHeaders({ bearerToken: 'a', bearerTokenFile: file('t2', 'b') }, {})).toThrow(/--bearer-token or --bearer-token-file, not both/);
    expect(() => requestHeaders({ username: 'u', password: 'p' }, { [REMOTE_WRITE_TOKEN_ENV]: 't' })).toThrow(/exclude each other/);
    expect(() => requestHeaders({ password: 'p' }, {})).toThrow(/needs --basic-auth-username/);
    expect(() => requestHeaders({ username: 'u' }, {})).toThrow(/needs a password/);
    expect(() => requestHeaders({ username: 'a:b', password: 'p' }, {})).toThrow(/cannot contain ":"/);
    expect(() => requestHeaders({ bearerTokenFile: path.join(dir, 'missing') }, {})).toThrow(/--bearer-token-file .*missing: cannot read it \(ENOENT\)/);
    expect(() => requestHeaders({ bearerTokenFile: file('blank', '\n\n') }, {})).toThrow(/the file is empty/);
    expect(() => requestHeaders({ bearerTokenFile: file('big', 'x'.repeat(70_000)) }, {})).toThrow(/larger than 65536 bytes/);
    // A FIFO would block the read forever.
    const fifo = path.join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    expect(() => requestHeaders({ bearerTokenFile: fifo }, {})).toThrow(/--bearer-token-file .*fifo: not a regular file$/);
    expect(() => requestHeaders({ headers: ['no colon'] }, {})).toThrow(/expected "Name: value"/);
    expect(() => requestHeaders({ headers: ['Content-Type: text/plain'] }, {})).toThrow(/set by remote write itself/);
    expect(() => requestHeaders({ headers: ['Authorization: x'], bearerToken: 't' }, {})).toThrow(/conflicts with the auth flags/);
    expect(() => requestHeaders({ headers: Array.from({ length: 33 }, (_, i) => `X-${i}: v`) }, {})).toThrow(/at most 32 headers/);
    expect(() => requestHeaders({ bearerToken: 'a\r\nX-Injected: 1' }, {})).toThrow(/line break/);
  });
});
