/** The built entry point to import, or null when the sources must be run (see built-cli.js). */
export function builtEntry(root: string, env?: NodeJS.ProcessEnv): string | null;
