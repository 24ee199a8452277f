/** A near-miss of a known error type is most likely a typo (issue 20): accepted, as new types are, with a warning. */
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/parse.js';

const head = 'name: w\nsummary: warnings\nseed: 1\nduration: 1h\ntraffic: { rate: 1/min }\n';

describe('scenario warnings', () => {
  it('names the known error type a new one is close to, with its path and line', () => {
    const s = parseScenario(`${head}base: { claude: { errors: { api_eror: 0.1 } } }\nphases:\n  - { name: p, at: 10m, profile: { claude: { errors: { overloded: 0.2, quota_exceeded: 0.1 } } } }\n`, 'w.yaml');
    expect(s.warnings).toEqual([
      {
        path: 'base.claude.errors.api_eror',
        message: 'api_eror is not an error type the simulated API knows (api_error, rate_limit, overloaded): a new one is fine, but did you mean api_error?',
        line: 6,
        column: 29,
      },
      expect.objectContaining({ path: 'phases[0].profile.claude.errors.overloded', message: expect.stringMatching(/did you mean overloaded\?$/), line: 8 }),
    ]);
  });

  it('says nothing of a new type that is no near-miss, nor of the known ones', () => {
    expect(parseScenario(`${head}base: { claude: { errors: { quota_exceeded: 0.1, api_error: 0.1 } } }\n`, 'w.yaml').warnings).toEqual([]);
  });
});
