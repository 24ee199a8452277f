/**
 * What a `down` phase does to the simulated API, in one place for virtual and live runs: when it goes down, the
 * process dies with its generations in flight; when it comes back, it is a new process whose counters start at 0.
 */
import type { Recorder } from '../metrics/recorder.js';
import type { Simulation } from '../model/simulation.js';

/** Returns a function to call with the API's state at each step; it acts on the transitions. */
export function apiUptime(sim: Simulation, recorder: Recorder): (down: boolean) => void {
  let wasDown = false;
  return (down) => {
    if (down && !wasDown) sim.crash();
    if (!down && wasDown) recorder.restarted();
    wasDown = down;
  };
}
