/**
 * When each request of a load run is due, computed from the schedule alone (never from answers). `constant`
 * spaces arrivals evenly, one per unit of area under the rate curve, like k6's arrival-rate executors. `poisson`
 * draws the gaps in area from a seeded exponential and maps them back to time through the same curve (the
 * time-rescaling theorem), which gives an exact Poisson process whose rate follows the ramps.
 */
import { RandomSource } from '../core/random.js';
import { firstArrivalArea, stageArea, timeInStage, withinSchedule, type Schedule } from './schedule.js';

export type ArrivalProcess = 'constant' | 'poisson';

/** Due times in milliseconds from the start, in order, generated lazily (a day at 20,000/s is never held). */
export function* arrivalTimes(schedule: Schedule, process: ArrivalProcess, seed: number): Generator<number, void, undefined> {
  const random = new RandomSource(seed).stream('arrivals');
  const step = process === 'constant' ? () => 1 : () => random.exponential(1);
  const totalArea = schedule.stages.reduce((sum, st) => sum + stageArea(st), 0);
  let area = process === 'constant' ? firstArrivalArea(schedule) : step();
  let stageStartMs = 0;
  let stageStartArea = 0;
  for (const stage of schedule.stages) {
    const stageEndArea = stageStartArea + stageArea(stage);
    while (area <= stageEndArea && withinSchedule(schedule, area, totalArea)) {
      yield stageStartMs + timeInStage(stage, area - stageStartArea);
      area += step();
    }
    stageStartMs += stage.durationMs;
    stageStartArea = stageEndArea;
  }
}
