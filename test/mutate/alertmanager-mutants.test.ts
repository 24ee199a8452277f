import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { alertmanagerMutants } from '../../src/mutate/alertmanager-mutants.js';
import type { AlertRule } from '../../src/verify/rules.js';

const config = `
route:
  receiver: team
  group_by: [alert_group]
  routes:
    - receiver: oncall
      matchers: ['severity="critical"']
receivers:
  - name: oncall
  - name: team
inhibit_rules:
  - source_matchers: ['severity="critical"']
    target_matchers: ['severity="warning"']
    equal: [alert_group]
`;
const rules = [{ labels: { severity: 'critical', alert_group: 'claude' } }, { labels: { severity: 'warning', alert_group: 'cost' } }] as unknown as AlertRule[];

interface Doc {
  route: { group_by: string[]; routes: { receiver: string; matchers: string[] }[] };
  inhibit_rules: { source_matchers: string[]; target_matchers: string[]; equal: string[] }[];
}

describe('alertmanagerMutants', () => {
  const mutants = alertmanagerMutants(config, 'am.yml', rules);
  const doc = (id: string): Doc => parse(mutants.find((m) => m.id === `alertmanager: ${id}`)!.alertmanager) as Doc;

  it('changes the routing tree: a child route\'s matcher dropped or its value changed, its receiver swapped', () => {
    expect(doc('route routes[0] matcher `severity="critical"` dropped').route.routes[0].matchers).toEqual([]);
    expect(doc('route routes[0] matcher `severity="critical"` → `severity="warning"`').route.routes[0].matchers).toEqual(['severity="warning"']);
    expect(doc('route routes[0] receiver oncall → team').route.routes[0].receiver).toBe('team');
  });

  it('drops each group_by label and adds alertname', () => {
    expect(doc('route group_by `alert_group` dropped').route.group_by).toEqual([]);
    expect(doc('route group_by `alertname` added').route.group_by).toEqual(['alert_group', 'alertname']);
  });

  it('changes the inhibition: the rule dropped, each matcher dropped or changed, each equal label dropped', () => {
    expect(doc('inhibit_rules[0] dropped').inhibit_rules).toEqual([]);
    expect(doc('inhibit_rules[0] source matcher `severity="critical"` → `severity="warning"`').inhibit_rules[0].source_matchers).toEqual(['severity="warning"']);
    expect(doc('inhibit_rules[0] target matcher `severity="warning"` dropped').inhibit_rules[0].target_matchers).toEqual([]);
    expect(doc('inhibit_rules[0] equal `alert_group` dropped').inhibit_rules[0].equal).toEqual([]);
  });

  it('leaves the original alone and makes each mutant once, each a whole configuration', () => {
    expect(new Set(mutants.map((m) => m.id)).size).toBe(mutants.length);
    expect(mutants.every((m) => m.operator.startsWith('am-') && m.alert === 'alertmanager' && m.alertmanager !== config)).toBe(true);
    expect(mutants).toHaveLength(11);
  });

  it('refuses a file that is not an Alertmanager configuration, naming it', () => {
    expect(() => alertmanagerMutants('groups: []\n', 'x.yml', rules)).toThrow(/x.yml has no route/);
  });
});
