/** The label values a scenario can produce, gathered from its base profile and every phase. */
import type { LabelDomain } from '../metrics/recorder.js';
import { UserPool } from '../model/users.js';
import type { Scenario } from '../scenario/scenario.js';

/** Models, error types and (with a user pool) users that the scenario's generations can carry. */
export function labelDomainOf(scenario: Scenario, users?: UserPool): LabelDomain {
  const profiles = [scenario.base, ...scenario.phases.map((p) => p.profile)];
  const models = new Set<string>();
  const errorTypes = new Set<string>();
  for (const p of profiles) {
    Object.keys(p.claude.models).forEach((m) => models.add(m));
    Object.keys(p.claude.errors).forEach((e) => errorTypes.add(e));
  }
  return { models: [...models], errorTypes: [...errorTypes], ...(users ? { users: users.ids } : {}) };
}

/** The user pool of a scenario that labels generations by user. */
export function userPoolOf(scenario: Scenario): UserPool | undefined {
  const u = scenario.userIdLabel;
  return u ? new UserPool(u.users, u.skew) : undefined;
}
