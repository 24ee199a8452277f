import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compressAlertmanagerConfig, compressRules, notificationDelayMs, prometheusConfig, prometheusFlags } from '../../src/demo/compressed-config.js';
import { MONITORING_DIR, RULES_FILE } from '../../src/monitoring/files.js';
import { compressExpression } from '../../src/promql/compress.js';
import { parseDuration } from '../../src/core/units.js';
import { loadAlertRules } from '../../src/verify/rules.js';

interface Rule {
  alert: string;
  expr: string;
  for?: string;
  keep_firing_for?: string;
  labels?: unknown;
  annotations?: unknown;
}
type Groups = { groups: { name: string; interval: string; rules: Rule[] }[] };

describe('compressRules on the shipped rules', () => {
  const text = readFileSync(RULES_FILE, 'utf8');
  const original = parse(text) as Groups;
  const { yaml, problems } = compressRules(text, 60, RULES_FILE);
  const compressed = parse(yaml) as Groups;

  it('compresses every rule, refuses none', () => {
    expect(problems).toEqual([]);
    expect(compressed.groups.map((g) => g.rules.map((r) => r.alert))).toEqual(original.groups.map((g) => g.rules.map((r) => r.alert)));
  });

  it('divides group intervals, for and keep_firing_for by the speed, and compresses each expression', () => {
    const rules = loadAlertRules(RULES_FILE);
    compressed.groups.forEach((g, gi) => {
      expect(g.interval).toBe('1s');
      g.rules.forEach((r, ri) => {
        const o = original.groups[gi].rules[ri];
        expect(r.expr).toBe(compressExpression(o.expr, 60).expr);
        // Recording rules have no timing of their own.
        if (!r.alert) return;
        const rule = rules.find((x) => x.name === r.alert)!;
        expect(parseDuration(String(r.for))).toBe(rule.forMs / 60);
        if (o.keep_firing_for) expect(parseDuration(String(r.keep_firing_for))).toBe(rule.keepFiringForMs / 60);
        expect([r.labels, r.annotations]).toEqual([o.labels, o.annotations]);
      });
    });
  });

  it('names the rule that cannot be compressed', () => {
    const r = compressRules('groups: [{ name: g, rules: [{ alert: Stale, expr: "time() - timestamp(up) > 300", for: 5m }] }]', 10);
    expect(r.problems).toEqual([
      { rule: 'Stale', message: 'time() reads the wall clock, which runs 10× slower than simulated time' },
      { rule: 'Stale', message: 'timestamp() reads the wall clock, which runs 10× slower than simulated time' },
    ]);
    expect((parse(r.yaml) as Groups).groups[0].rules[0].for).toBe('30s');
  });

  it('refuses a for that is not a duration, naming it', () => {
    expect(() => compressRules('groups: [{ name: g, rules: [{ alert: A, expr: up, for: soon }] }]', 10, 'my.yml')).toThrow(/my\.yml: A\.for: "soon" is not a duration/);
  });
});

describe('the Prometheus side of a compressed run', () => {
  it('scrapes every step ÷ speed and evaluates every minute ÷ speed', () => {
    const doc = parse(prometheusConfig({ speed: 60, stepMs: 15_000, rulesFile: '/x/rules.yml', targets: ['127.0.0.1:9464'], alertmanager: '127.0.0.1:9093' }));
    expect(doc).toEqual({
      global: { scrape_interval: '250ms', scrape_timeout: '250ms', evaluation_interval: '1s' },
      rule_files: ['/x/rules.yml'],
      alerting: { alertmanagers: [{ static_configs: [{ targets: ['127.0.0.1:9093'] }] }] },
      scrape_configs: [{ job_name: 'lunar-sim', static_configs: [{ targets: ['127.0.0.1:9464'] }] }],
    });
  });

  it('compresses the lookback delta and keeps the resend delay at 1 s or less', () => {
    expect(prometheusFlags(60)).toEqual(['--query.lookback-delta=5s', '--rules.alert.resend-delay=1s']);
    expect(prometheusFlags(600)).toEqual(['--query.lookback-delta=500ms', '--rules.alert.resend-delay=100ms']);
    expect(prometheusFlags(1)).toEqual(['--query.lookback-delta=5m', '--rules.alert.resend-delay=1s']);
  });
});

describe('compressAlertmanagerConfig on the shipped alertmanager.yml', () => {
  const text = readFileSync(`${MONITORING_DIR}alertmanager.yml`, 'utf8');
  const original = parse(text);
  const doc = parse(compressAlertmanagerConfig(text, 60, { url: 'http://127.0.0.1:9464/api/v1/inbox' }));

  it('divides every route timing by the speed, defaults included', () => {
    expect([doc.route.group_wait, doc.route.group_interval, doc.route.repeat_interval]).toEqual(['500ms', '5s', '4m']);
    const [oncall, team] = doc.route.routes;
    expect([oncall.group_wait, oncall.repeat_interval]).toEqual(['167ms', '1m']);
    expect(team.group_wait).toBeUndefined();
  });

  it('keeps routing and inhibition as written, and points every receiver at the inbox', () => {
    expect(doc.route.routes.map((r: { receiver: string; matchers: string[] }) => [r.receiver, r.matchers])).toEqual(
      original.route.routes.map((r: { receiver: string; matchers: string[] }) => [r.receiver, r.matchers]),
    );
    expect(doc.inhibit_rules).toEqual(original.inhibit_rules);
    expect(doc.receivers).toEqual(
      original.receivers.map((r: { name: string }) => ({
        name: r.name,
        webhook_configs: [{ url: `http://127.0.0.1:9464/api/v1/inbox/${r.name}`, send_resolved: true }],
      })),
    );
  });

  it('knows how long a notification can take: the slowest route group_wait + group_interval, compressed', () => {
    // team: 30 s + 5 m (its own route inherits both); oncall: 10 s + 5 m.
    expect(notificationDelayMs(text, 60)).toBe(330_000 / 60);
  });

  it('adds the bearer token when the inbox needs one', () => {
    const withToken = parse(compressAlertmanagerConfig(text, 60, { url: 'http://h/api/v1/inbox', token: 's3cret' }));
    expect(withToken.receivers[0].webhook_configs[0].http_config).toEqual({ authorization: { credentials: 's3cret' } });
  });
});
