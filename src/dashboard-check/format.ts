/** verify's lines for a dashboard's findings: each names the scenario (when any), the panel and what is wrong. */
import type { DashboardFinding } from './static-checks.js';

/** One line per finding, `scenario  panel "Title": check: message`; `scenario` null for findings without data. */
export function formatDashboardFindings(findings: readonly { scenario: string | null; finding: DashboardFinding }[]): string {
  return findings.map(({ scenario, finding: f }) => `${scenario ? `${scenario}  ` : ''}panel "${f.panel}": ${f.check}: ${f.message}`).join('\n');
}
