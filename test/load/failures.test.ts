import { describe, expect, it } from 'vitest';
import { failureKind, isUnreachable } from '../../src/load/failures.js';

const withCode = (code: string): Error => Object.assign(new Error(code), { code });

describe('failureKind', () => {
  it('tells a target that cannot be reached from one that failed the request', () => {
    expect(failureKind(withCode('ECONNREFUSED'))).toBe('connection_refused');
    expect(failureKind(withCode('UND_ERR_CONNECT_TIMEOUT'))).toBe('connect_timeout');
    expect(failureKind(withCode('ENOTFOUND'))).toBe('unreachable');
    expect(failureKind(withCode('UND_ERR_HEADERS_TIMEOUT'))).toBe('timeout');
    expect(failureKind(withCode('UND_ERR_SOCKET'))).toBe('reset');
    expect(failureKind(withCode('EMFILE'))).toBe('too_many_open_files');
    expect(failureKind(new Error('no code'))).toBe('other');
    expect(failureKind('a string')).toBe('other');
    expect(isUnreachable('connection_refused')).toBe(true);
    expect(isUnreachable('timeout')).toBe(false);
  });

  it('reads the code of the first error of an AggregateError (localhost tried as ::1 and 127.0.0.1)', () => {
    expect(failureKind(new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')]))).toBe('connection_refused');
    expect(failureKind(Object.assign(new Error('fetch failed'), { cause: withCode('ECONNRESET') }))).toBe('reset');
  });
});
