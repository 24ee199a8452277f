import { describe, expect, it } from 'vitest';
import { endedLine, statusLine } from '../../src/cli/status-line.js';
import type { WindowFigures } from '../../src/runtime/live-status.js';
import type { LiveStatus } from '../../src/server/port.js';

const status = (scenarioSeconds: number): LiveStatus => ({
  scenario: 'claude-outage', phase: 'recovered', simulatedTime: '2026-01-05T18:00:00.000Z', scenarioSeconds, clockTime: '2026-01-05T18:00:00.000Z',
  lagSeconds: 0, keepingUp: true, simulation: 'per-generation', speed: 60, traffic: 'scenario+external', activeGenerations: 0,
  totals: { generations: 10, bySource: {}, fallbacks: 0, costUsd: 0 }, profileOverride: false,
});
const figures: WindowFigures = { generationsPerMinute: 12, cacheShare: 0.7, fallbackShare: 0, claudeP95Seconds: 14 };

describe('the status line at the end of a scenario', () => {
  it('marks the phase once the scenario time reaches the end, not before', () => {
    expect(statusLine(status(4 * 3600 - 1), figures, 4 * 3600)).toMatch(/^\[recovered\] t=/);
    expect(statusLine(status(4 * 3600), figures, 4 * 3600)).toMatch(/^\[recovered, scenario ended at 4h\] t=4h /);
    expect(statusLine(status(5 * 3600), figures)).toMatch(/^\[recovered\] t=5h /);
  });

  it('says what happens after the end', () => {
    expect(endedLine('claude-outage', 4 * 3_600_000)).toBe('scenario claude-outage ended at 4h: its last phase goes on; restart the demo to replay it, or run `demo --loop` for incident after incident (Ctrl-C stops it)');
  });
});
