import { describe, expect, it } from 'vitest';
import { describeScenario } from '../../src/scenario/describe.js';
import { parseScenario } from '../../src/scenario/parse.js';

describe('describeScenario', () => {
  it('tells the phases, the expectations and an optional user label in words', () => {
    const lines = describeScenario(parseScenario(`name: d
summary: words
seed: 1
duration: 2h
traffic: { rate: 30/min }
user_id_label: { users: 40 }
phases:
  - { name: outage, at: 1h, profile: { claude: { errors: { api_error: 1 } } } }
expect:
  fire: [{ alert: LunarClaudeApiErrorRate, after: 1h, before: 1h30m, resolve_before: 1h50m }]
`, 'd.yaml'));
    expect(lines[0]).toBe('d — words');
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}at 1h\s+outage: 30\/min$/));
    expect(lines).toContainEqual(expect.stringMatching(/errors api_error 100 %/));
    expect(lines).toContain('user_id label: 40 users, popularity skew 1');
    expect(lines.at(-1)).toBe('expect: fires LunarClaudeApiErrorRate between 1h and 1h30m, resolves by 1h50m; every other alert silent');
  });
});
