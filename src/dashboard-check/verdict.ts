/** The dashboard's part of a verify run: findings without data once, then each scenario's, in a few lines. */
import type { PreparedRules } from '../verify/verify-run.js';
import { specOf, type LoadedDashboard } from './dashboard-spec.js';
import { formatDashboardFindings } from './format.js';
import { staticFindings, type DashboardFinding } from './static-checks.js';

/** Whether the dashboard holds over these results, and the text saying so (every finding, one line each). */
export function dashboardVerdict(
  dashboard: LoadedDashboard,
  prepared: Pick<PreparedRules, 'rules' | 'records'>,
  results: readonly { scenario: { name: string }; dashboard: readonly DashboardFinding[] | null }[],
): { ok: boolean; text: string } {
  const scrapeMs = 15_000; // the static checks do not depend on it
  const found = [
    ...staticFindings(specOf(dashboard, scrapeMs), prepared.rules, prepared.records).map((finding) => ({ scenario: null, finding })),
    ...results.flatMap((r) => (r.dashboard ?? []).map((finding) => ({ scenario: r.scenario.name, finding }))),
  ];
  if (found.length === 0) return { ok: true, text: `dashboard ${dashboard.file}: every panel holds on ${results.length} scenario(s)` };
  return { ok: false, text: `dashboard ${dashboard.file}: ${found.length} finding(s)\n${formatDashboardFindings(found)}` };
}
