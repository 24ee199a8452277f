/**
 * Finding prometheus, promtool and alertmanager: an explicit environment variable first, then PATH. Debian names
 * Alertmanager `prometheus-alertmanager`; other systems `alertmanager`.
 */
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { BinaryNotFoundError } from '../errors.js';

export interface BinarySpec {
  /** Display name. */
  name: string;
  envVar: string;
  candidates: readonly string[];
}

export const PROMETHEUS: BinarySpec = { name: 'prometheus', envVar: 'PROMETHEUS_BIN', candidates: ['prometheus'] };
export const PROMTOOL: BinarySpec = { name: 'promtool', envVar: 'PROMTOOL_BIN', candidates: ['promtool'] };
export const ALERTMANAGER: BinarySpec = {
  name: 'alertmanager',
  envVar: 'ALERTMANAGER_BIN',
  candidates: ['prometheus-alertmanager', 'alertmanager'],
};
/** VictoriaMetrics single node: Debian's `victoria-metrics`; its release tarballs name it `victoria-metrics-prod`. */
export const VICTORIA_METRICS: BinarySpec = {
  name: 'victoria-metrics',
  envVar: 'VICTORIA_METRICS_BIN',
  candidates: ['victoria-metrics', 'victoria-metrics-prod'],
};
export const AMTOOL: BinarySpec = { name: 'amtool', envVar: 'AMTOOL_BIN', candidates: ['amtool'] };

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The binary's path, or null when it is not installed. */
export function findBinary(spec: BinarySpec, env: NodeJS.ProcessEnv = process.env): string | null {
  const explicit = env[spec.envVar];
  if (explicit) return executable(explicit) ? explicit : null;
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    for (const name of spec.candidates) {
      const file = path.join(dir, name);
      if (executable(file)) return file;
    }
  }
  return null;
}

/** The binary's path; throws BinaryNotFoundError (exit code 2, with how to install it) when missing. */
export function requireBinary(spec: BinarySpec, env: NodeJS.ProcessEnv = process.env): string {
  const found = findBinary(spec, env);
  if (!found) throw new BinaryNotFoundError(spec.name, spec.envVar);
  return found;
}
