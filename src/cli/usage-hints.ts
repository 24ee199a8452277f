/**
 * yargs' usage errors turned into one line that says what to type: the nearest flag for an unknown one
 * (`--sped` → `--speed`), the nearest command (`shwo` → `show`), what a command needs when its argument is missing
 * (with an example), the nearest choice for a value out of a list. Anything else passes as yargs wrote it.
 */
import yargs from 'yargs';
import { didYouMean, nearestName } from '../core/spelling.js';
import { UsageError } from '../errors.js';
import { COMMANDS, commandNamed } from './commands.js';

const COMMAND_NAMES = COMMANDS.map((c) => c.command.split(' ')[0]);

/** The command the arguments name (the first word that is one), or undefined. */
function commandOf(args: readonly string[]): string | undefined {
  return args.find((a) => COMMAND_NAMES.includes(a));
}

/** Every flag `command` takes, as typed (kebab-case), with --help and --version. */
async function flagsOf(command: string): Promise<string[]> {
  const entry = commandNamed(command);
  if (!entry) return [];
  const { builder } = await entry.load();
  const y = yargs([]);
  if (typeof builder === 'function') await builder(y);
  else y.options(builder ?? {});
  // getOptions() is yargs' own (untyped in @types/yargs 17): every option declared so far, by name.
  const keys = Object.keys((y as unknown as { getOptions(): { key: Record<string, unknown> } }).getOptions().key);
  return [...new Set([...keys.filter((k) => !/[A-Z]/.test(k)), 'help', 'version'])];
}

/** `Unknown argument(s): a, b` → the names given as flags, kebab-case once (yargs also lists their camelCase). */
function unknownFlags(names: string[], args: readonly string[]): string[] {
  const given = (n: string): boolean => args.some((a) => a === `--${n}` || a.startsWith(`--${n}=`) || a === `-${n}`);
  return names.filter((n) => given(n));
}

async function unknownArguments(list: string, args: readonly string[]): Promise<string | undefined> {
  const names = list.split(/,\s*/);
  const command = commandOf(args);
  if (!command) {
    const typed = args.find((a) => !a.startsWith('-')) ?? names[0];
    const nearest = nearestName(typed, COMMAND_NAMES);
    return nearest ? `unknown command ${typed} (did you mean ${nearest}?)` : `unknown command ${typed}; the commands: ${COMMAND_NAMES.join(', ')}`;
  }
  const flags = unknownFlags(names, args);
  if (flags.length === 0) return undefined;
  const known = await flagsOf(command);
  return flags
    .map((f) => {
      const nearest = nearestName(f, known);
      return `unknown flag --${f} for ${command} ${nearest ? `(did you mean --${nearest}?)` : `(lunar-sim ${command} --help lists them)`}`;
    })
    .join('; ');
}

function missingPositional(args: readonly string[]): string | undefined {
  const entry = commandNamed(commandOf(args) ?? '');
  if (!entry?.needs) return undefined;
  const name = entry.command.split(' ')[0];
  return `${name} needs ${entry.needs}, e.g. ${entry.examples[0][0]}`;
}

function invalidChoice(flag: string, given: string, choices: string): string {
  const options = choices.split(/,\s*/).map((c) => c.replace(/^"|"$/g, ''));
  const list = options.length === 2 ? options.join(' or ') : options.join(', ');
  return `--${flag} ${given}: expected ${list}${didYouMean(given, options)}`;
}

/** The usage error for yargs' `message` about `args`, on one line. */
export async function usageError(message: string, args: readonly string[]): Promise<UsageError> {
  const oneLine = message.replace(/\s*\n\s*/g, ' ').trim();
  let hint: string | undefined;
  const unknown = /^Unknown arguments?: (.+)$/.exec(oneLine);
  if (unknown) hint = await unknownArguments(unknown[1], args);
  else if (/^Not enough non-option arguments/.test(oneLine)) hint = missingPositional(args);
  else {
    const choice = /^Invalid values: Argument: (\S+), Given: "(.*)", Choices: (.+)$/.exec(oneLine);
    if (choice) hint = invalidChoice(choice[1], choice[2], choice[3]);
  }
  return new UsageError(hint ?? oneLine);
}
