/**
 * An Alertmanager configuration made fit for judging many alert states at once in one Alertmanager, with the same
 * routing, grouping and inhibition per state as the original:
 * - two labels tell states apart (RUN_LABEL: which timeline, STATE_LABEL: which state of it) and are added to every
 *   `group_by` and every inhibit rule's `equal`, so no group and no inhibition spans two states — within a state,
 *   nothing changes (no matcher can name labels that no alert of the original had);
 * - receivers keep their names and lose their integrations: nothing is sent anywhere;
 * - time intervals are dropped (they mute by the wall clock, which has nothing to do with a simulated timeline), and
 *   so are template files (no integration uses them).
 * Pure: YAML text in, YAML text out.
 */
import { parse, stringify } from 'yaml';
import { UsageError } from '../errors.js';

export const RUN_LABEL = 'lunar_verify_run';
export const STATE_LABEL = 'lunar_verify_state';
const SEPARATING = [RUN_LABEL, STATE_LABEL];

interface Route {
  group_by?: string[];
  routes?: Route[];
  mute_time_intervals?: unknown;
  active_time_intervals?: unknown;
  [key: string]: unknown;
}

function separateRoute(route: Route, isRoot: boolean): void {
  if (route.group_by !== undefined || isRoot) {
    const by = route.group_by ?? [];
    // `...` groups by every label: the separating ones are among them already.
    if (!by.includes('...')) route.group_by = [...by, ...SEPARATING];
  }
  delete route.mute_time_intervals;
  delete route.active_time_intervals;
  for (const child of route.routes ?? []) separateRoute(child, false);
}

/** The judging copy of Alertmanager configuration `text` (`source` names it in errors). */
export function judgingConfig(text: string, source: string): string {
  let doc: { route?: Route; receivers?: { name?: string }[]; inhibit_rules?: { equal?: string[] }[]; [key: string]: unknown };
  try {
    doc = parse(text) ?? {};
  } catch (e) {
    throw new UsageError(`${source} is not YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  if (!doc.route) throw new UsageError(`${source} has no route: it is not an Alertmanager configuration`);
  separateRoute(doc.route, true);
  doc.receivers = (doc.receivers ?? []).map((r) => ({ name: r.name }));
  doc.inhibit_rules = (doc.inhibit_rules ?? []).map((r) => ({ ...r, equal: [...(r.equal ?? []), ...SEPARATING] }));
  delete doc.time_intervals;
  delete doc.mute_time_intervals;
  delete doc.templates;
  return stringify(doc);
}
