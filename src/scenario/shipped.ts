/** Where the shipped scenarios live and what they are called: no parsing, so cheap to import. */
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The shipped scenarios folder (the same relative place from src/ and from dist/). */
export const SCENARIO_DIR = fileURLToPath(new URL('../../scenarios/', import.meta.url));

/** Names of the shipped scenarios, sorted. */
export function scenarioNames(dir = SCENARIO_DIR): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.slice(0, -'.yaml'.length))
    .sort();
}
