/**
 * Generates scenarios/scenario.schema.json from the zod schema (`npm run schema`), so editors can validate and
 * autocomplete scenario files. A test fails when the committed file is stale.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { SCENARIO_DIR } from './catalogue.js';
import { scenarioSchema } from './schema.js';

/** The JSON Schema text of the scenario format. */
export function scenarioJsonSchema(): string {
  const schema = z.toJSONSchema(scenarioSchema, { io: 'input', unrepresentable: 'any' });
  const titled = {
    ...schema,
    $id: 'https://github.com/astroia/lunar-sim/scenarios/scenario.schema.json',
    title: 'lunar-sim scenario',
    description: 'A named, seeded lunar-sim scenario. See docs/scenarios.md.',
  };
  return `${JSON.stringify(titled, null, 2)}\n`;
}

export const SCHEMA_FILE = path.join(SCENARIO_DIR, 'scenario.schema.json');

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  writeFileSync(SCHEMA_FILE, scenarioJsonSchema());
  console.log(`wrote ${SCHEMA_FILE}`);
}
