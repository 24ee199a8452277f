/**
 * The control API's bearer token, from `--token`, `--token-file` or the LUNAR_SIM_TOKEN environment variable. A
 * token on the command line is visible to every user of the machine (`ps`); the file and the variable are not.
 */
import { readBoundedText } from '../files/bounded-read.js';
import { UsageError } from '../errors.js';

/** The environment variable that holds the token. */
export const TOKEN_ENV = 'LUNAR_SIM_TOKEN';
/** A token file holds one line: a secret, not a document. */
const TOKEN_FILE_BYTES = 4096;

export interface TokenArgs {
  token?: string;
  tokenFile?: string;
}

/** The token to require, or undefined for none; at most one source may be given. */
export function resolveToken(args: TokenArgs, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const fromEnv = env[TOKEN_ENV] || undefined;
  const given = [args.token !== undefined && '--token', args.tokenFile !== undefined && '--token-file', fromEnv !== undefined && TOKEN_ENV].filter(Boolean);
  if (given.length > 1) throw new UsageError(`give the token one way, not ${given.join(' and ')}`);
  const token = args.tokenFile !== undefined ? readBoundedText(args.tokenFile, TOKEN_FILE_BYTES, 'the limit of a token file').trim() : (args.token ?? fromEnv);
  if (token === undefined) return undefined;
  const source = args.tokenFile !== undefined ? `--token-file ${args.tokenFile}` : args.token !== undefined ? '--token' : TOKEN_ENV;
  if (token.length === 0) throw new UsageError(`${source}: the token is empty`);
  if (/\s/.test(token)) throw new UsageError(`${source}: the token cannot contain spaces or line breaks`);
  return token;
}
