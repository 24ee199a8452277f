/** The one error handler escapes what an error quotes from outside (issue 20, finding 4): a receiver's body, a file. */
import { describe, expect, it } from 'vitest';
import { reportError } from '../../src/cli/fail.js';
import { RemoteWriteError, ScenarioInvalidError } from '../../src/errors.js';

function reported(error: unknown): string {
  let out = '';
  reportError(error, (t) => (out += t));
  return out;
}

describe('reportError', () => {
  it("escapes control characters from a receiver's answer", () => {
    const out = reported(new RemoteWriteError('http://x refused the samples: HTTP 400 Bad Request: \u001b]0;owned\u0007\rgone', true));
    expect(out).toBe('lunar-sim: http://x refused the samples: HTTP 400 Bad Request: \\x1b]0;owned\\x07\\rgone\n');
  });

  it('keeps the line breaks of a list of scenario problems, and escapes the rest', () => {
    const out = reported(new ScenarioInvalidError('s.yaml', [{ path: 'k\u001b[2J', message: 'unknown key', line: 2, column: 1 }]));
    expect(out).toBe('lunar-sim: s.yaml: 1 problem\ns.yaml:2:1 k\\x1b[2J: unknown key\n');
  });

  it('escapes an unexpected error too', () => {
    expect(reported(new Error('bad \u009b byte'))).toBe('lunar-sim: unexpected error: bad \\x9b byte\n');
  });
});
