/**
 * verify's judge of a Grafana dashboard (docs/dashboard.md): what needs no data (static-checks.ts) and what each
 * scenario's data shows (dashboard-judge.ts).
 */
import { specOf, type LoadedDashboard } from './dashboard-spec.js';

export { readDashboard, specOf, type LoadedDashboard, type DashboardSpec } from './dashboard-spec.js';
export { judgeDashboard, isHealthy, HEALTHY_GRACE_MS, HEALTHY_BUDGET_POINTS } from './dashboard-judge.js';
export { staticFindings, type DashboardFinding } from './static-checks.js';
export { formatDashboardFindings } from './format.js';

/** The dashboard's queries as Prometheus receives them for a scenario scraped every `scrapeMs`. */
export function dashboardQueries(dashboard: LoadedDashboard, scrapeMs: number): string[] {
  return specOf(dashboard, scrapeMs).panels.flatMap((p) => p.targets.map((t) => t.query));
}
