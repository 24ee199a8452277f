/** A scenario's fleet, as the simulation takes it: replicas, load balancer, and what happens to each replica when. */
import { SINGLE_REPLICA, type FleetOptions } from '../model/fleet.js';
import type { Scenario } from '../scenario/scenario.js';
import type { Timeline } from '../scenario/timeline.js';

export function fleetOptionsOf(scenario: Scenario, timeline: Timeline): FleetOptions {
  const base = scenario.fleet ?? SINGLE_REPLICA;
  return { replicas: base.replicas, balancer: base.balancer, transitions: timeline.replicaTransitions() };
}
