/** "Did you mean …?" wherever a name is taken (issue 20): close misspellings, and a name missing a word. */
import { describe, expect, it } from 'vitest';
import { didYouMean, nearestName } from '../../src/core/spelling.js';

const ALERTS = ['LunarGenerationFallbackHigh', 'LunarGenerationFallbackCritical', 'LunarTemplateFallbackSpike', 'LunarHardcodedFallbackUsed', 'LunarGenerationStuck'];

describe('nearestName', () => {
  it.each([
    ['claude-outgae', ['claude-outage', 'claude-slow', 'baseline'], 'claude-outage'],
    ['sped', ['speed', 'seed', 'port'], 'speed'],
    ['shwo', ['demo', 'drill', 'run', 'list', 'show', 'validate'], 'show'],
    ['api_eror', ['api_error', 'overloaded_error', 'rate_limit_error'], 'api_error'],
    ['LunarGenerationStuk', ALERTS, 'LunarGenerationStuck'],
    // A word left out is more than a typo, yet the intent is plain: every word of the name, in order, in one candidate.
    ['LunarFallbackCritical', ALERTS, 'LunarGenerationFallbackCritical'],
    ['fallback-critical', ['generation-fallback-critical', 'generation-fallback-high'], 'generation-fallback-critical'],
  ])('%s → %s', (name, candidates, nearest) => {
    expect(nearestName(name, candidates)).toBe(nearest);
  });

  it.each([
    ['kubernetes', ['claude-outage', 'baseline']],
    ['LunarFallback', ALERTS], // four alerts hold both words: no single guess
    ['x', ['speed', 'seed']],
  ])('guesses nothing for %s', (name, candidates) => {
    expect(nearestName(name, candidates)).toBeUndefined();
  });

  it('words the suggestion for a message', () => {
    expect(didYouMean('sped', ['speed'])).toBe(' (did you mean speed?)');
    expect(didYouMean('zzz', ['speed'])).toBe('');
  });
});
