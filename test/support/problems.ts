/** The problems a scenario text is refused with; fails the test when it is accepted. */
import { ScenarioInvalidError, type Problem } from '../../src/errors.js';
import { parseScenario } from '../../src/scenario/parse.js';

export function problemsOf(text: string, source = 'test.yaml'): Problem[] {
  try {
    parseScenario(text, source);
  } catch (e) {
    if (e instanceof ScenarioInvalidError) return e.problems;
    throw e;
  }
  throw new Error('expected the scenario to be refused');
}
