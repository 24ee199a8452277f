/** `--allowed-host`, which `run` and `demo` share: the Host names answered besides IP addresses and localhost. */
import type { Argv } from 'yargs';
import { UsageError } from '../errors.js';

export interface AllowedHostArgs {
  allowedHost: string[];
}

/** A DNS name: labels of letters, digits and hyphens (an underscore tolerated), at most 253 characters. */
const HOST_NAME = /^(?=.{1,253}$)[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?)*\.?$/i;

export function withAllowedHost<T>(y: Argv<T>): Argv<T & AllowedHostArgs> {
  return y.option('allowed-host', {
    type: 'string',
    array: true,
    default: [] as string[],
    describe: 'also answer requests whose Host is this name (repeatable); IP addresses and localhost always are (DNS rebinding: SECURITY.md)',
  }) as unknown as Argv<T & AllowedHostArgs>;
}

/** The names given, checked; commas separate several in one flag. */
export function allowedHostsArg(values: readonly string[]): string[] {
  const names = values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
  for (const name of names) {
    if (!HOST_NAME.test(name)) throw new UsageError(`--allowed-host ${name}: expected a host name such as sim.internal`);
  }
  return names;
}
