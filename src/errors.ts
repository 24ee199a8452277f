/**
 * Every error lunar-sim reports on purpose. Each has a stable `code` (documented in docs/cli.md) and the
 * process exit code the CLI uses for it. This file imports nothing from src: every layer may throw these.
 */

/** Exit codes, documented in docs/cli.md. */
export const ExitCode = {
  ok: 0,
  /** The input was read and judged: problems found (invalid scenario, failed expectation, lint finding). */
  findings: 1,
  /** lunar-sim could not do the job: bad usage, missing file or binary, port in use, child process failure. */
  cannotRun: 2,
  /** Stopped by SIGINT (128 + 2), as shells expect. */
  interrupted: 130,
  /** The reader of the output went away (128 + SIGPIPE 13), as the shell reports for programs SIGPIPE kills. */
  brokenPipe: 141,
  /** Stopped by SIGTERM (128 + 15). */
  terminated: 143,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** Base class: a message meant for a user, a stable code and an exit code. */
export class LunarSimError extends Error {
  readonly code: string;
  readonly exitCode: ExitCodeValue;

  constructor(code: string, message: string, exitCode: ExitCodeValue = ExitCode.cannotRun) {
    super(message);
    this.name = 'LunarSimError';
    this.code = code;
    this.exitCode = exitCode;
  }
}

/** One problem in a scenario or profile document, located by its path in the document and its line. */
export interface Problem {
  /** Dotted path in the document, e.g. `base.claude.errors.api_error` or `phases[1].at`. */
  path: string;
  message: string;
  /** 1-based line and column, when the problem can be located in a source text. */
  line?: number;
  column?: number;
}

/** A scenario (or profile override) that does not validate. Carries every problem found, not just the first. */
export class ScenarioInvalidError extends LunarSimError {
  readonly source: string;
  readonly problems: Problem[];

  constructor(source: string, problems: Problem[]) {
    super('LSIM_SCENARIO_INVALID', formatProblems(source, problems), ExitCode.findings);
    this.source = source;
    this.problems = problems;
  }
}

/**
 * Request fields that do not validate beyond what a schema can say (a dashboard variable's value that is not among
 * its choices): the server answers 400 naming each field.
 */
export class FieldsInvalidError extends LunarSimError {
  readonly fields: { field: string; message: string }[];

  constructor(fields: { field: string; message: string }[]) {
    super('LSIM_FIELDS_INVALID', fields.map((f) => `${f.field}: ${f.message}`).join('; '));
    this.fields = fields;
  }
}

/** A scenario name that is neither in the catalogue nor a readable file; `nearest` is the name it most likely means. */
export class ScenarioNotFoundError extends LunarSimError {
  constructor(nameOrPath: string, known: readonly string[], nearest?: string) {
    super(
      'LSIM_SCENARIO_NOT_FOUND',
      `no scenario named "${nameOrPath}" and no such file${nearest ? ` (did you mean ${nearest}?)` : ''}; ` +
        `lunar-sim list shows the ${known.length} scenarios`,
    );
  }
}

/** A command-line value that cannot be used (bad duration, unsafe bind address without a token…). */
export class UsageError extends LunarSimError {
  constructor(message: string) {
    super('LSIM_USAGE', message);
  }
}

/** A required external program (prometheus, promtool, alertmanager) is not installed. */
export class BinaryNotFoundError extends LunarSimError {
  constructor(name: string, envVar: string) {
    super(
      'LSIM_BINARY_NOT_FOUND',
      `${name} not found on PATH (or set ${envVar}); install it with: ` +
        'sudo apt-get install -y --no-install-recommends prometheus prometheus-alertmanager',
    );
  }
}

/** A child process (prometheus, promtool…) failed or answered something unusable. */
export class ChildProcessError extends LunarSimError {
  constructor(message: string) {
    super('LSIM_CHILD_PROCESS', message);
  }
}

/** `load`'s target refused the request (401/403): retrying will not help, a token will. */
export class LoadRefusedError extends LunarSimError {
  constructor(url: string, status: number, tokenGiven: boolean) {
    super(
      'LSIM_LOAD_REFUSED',
      `${url} answered ${status}: ${tokenGiven ? 'it refused the token given' : 'it needs a bearer token'}; ` +
        "pass the simulator's token with --token or LUNAR_SIM_TOKEN",
    );
  }
}

/** `load` sent requests and not one was answered: the target is down or unreachable. */
export class LoadNoAnswerError extends LunarSimError {
  constructor(url: string, why: string) {
    super('LSIM_LOAD_NO_ANSWER', `no answer from ${url}: ${why}`);
  }
}

/**
 * A `load` run that completed but missed its thresholds (too many drops or errors, a rate not held, latency over a
 * `--p95`/`--p99`): a judgment on the target (or the load machine), exit 1 like any other failed expectation.
 */
export class LoadThresholdError extends LunarSimError {
  constructor(url: string, failed: string) {
    super('LSIM_LOAD_THRESHOLD', `load on ${url} missed its thresholds: ${failed}`, ExitCode.findings);
  }
}

/**
 * A remote-write receiver refused a request (a 4xx other than 429: sending it again would not help), or kept failing
 * after every retry. The message names the receiver's status and its own words.
 */
export class RemoteWriteError extends LunarSimError {
  /** True when the receiver refused the request; false when it kept failing (down, overloaded, unreachable). */
  readonly refused: boolean;

  constructor(message: string, refused: boolean) {
    super('LSIM_REMOTE_WRITE', message);
    this.refused = refused;
  }
}

/** Problems printed at most: past a screenful, more lines only hide the first ones (the error keeps them all). */
export const MAX_PRINTED_PROBLEMS = 100;

/** Formats problems one per line, `source:line:column path: message`, the way compilers do. */
export function formatProblems(source: string, problems: readonly Problem[]): string {
  const lines = problems.slice(0, MAX_PRINTED_PROBLEMS).map((p) => {
    const where = p.line === undefined ? source : `${source}:${p.line}:${p.column ?? 1}`;
    return `${where} ${p.path || '(root)'}: ${p.message}`;
  });
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  const more = problems.length > MAX_PRINTED_PROBLEMS ? ` (the first ${MAX_PRINTED_PROBLEMS} below)` : '';
  return `${source}: ${count}${more}\n${lines.join('\n')}`;
}
