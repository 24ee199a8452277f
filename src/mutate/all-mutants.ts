/** Every mutant of a prepared rules file and its Alertmanager configuration: what `mutate` and the bench run. */
import { readText } from '../monitoring/lint-files.js';
import type { PreparedRules } from '../verify/verify-run.js';
import { alertmanagerMutants } from './alertmanager-mutants.js';
import type { Mutant } from './mutant.js';
import { deriveMutants } from './mutants.js';

/** The rule mutants (the records' matcher values count as label domains), then the Alertmanager configuration's. */
export function allMutants(prepared: PreparedRules): Mutant[] {
  return [
    ...deriveMutants(prepared.rules, prepared.records.map((r) => r.expr)),
    ...alertmanagerMutants(readText(prepared.alertmanagerFile), prepared.alertmanagerFile, prepared.rules),
  ];
}
