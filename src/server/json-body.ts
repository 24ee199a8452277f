/**
 * JSON request bodies read in the charset their Content-Type names (`application/json; charset=iso-8859-1`), UTF-8
 * when it names none: fastify's own parser reads every body as UTF-8, so a Latin-1 "Besançon" became "Besan�on".
 * A charset that cannot be decoded is 415; bytes that are not valid in it are 400 `invalid_json`. The decoded text
 * then goes through fastify's own parser, which refuses `__proto__` and `constructor.prototype` keys.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** An error fastify's error handler maps to our codes (errors.ts): its `statusCode` and `code`. */
function requestError(statusCode: number, code: string, message: string): Error {
  return Object.assign(new Error(message), { statusCode, code });
}

/** The charset parameter of a Content-Type, unquoted; utf-8 without one. */
export function charsetOf(contentType: string | undefined): string {
  const match = /;\s*charset\s*=\s*("([^"]*)"|[^;\s]*)/i.exec(contentType ?? '');
  return (match?.[2] ?? match?.[1] ?? 'utf-8').trim() || 'utf-8';
}

function decoderFor(charset: string): TextDecoder | null {
  try {
    return new TextDecoder(charset, { fatal: true });
  } catch {
    return null;
  }
}

/** Replaces the app's JSON parser with one that honours the charset. */
export function parseJsonInItsCharset(app: FastifyInstance): void {
  const parseText = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request: FastifyRequest, body: Buffer, done) => {
    const charset = charsetOf(request.headers['content-type']);
    const decoder = decoderFor(charset);
    if (!decoder) {
      const names = 'utf-8, utf-16le, iso-8859-1…';
      return done(requestError(415, 'FST_ERR_CTP_INVALID_MEDIA_TYPE', `charset ${JSON.stringify(charset)} is not one lunar-sim can decode (${names})`), undefined);
    }
    let text: string;
    try {
      text = decoder.decode(body);
    } catch {
      return done(requestError(400, 'FST_ERR_CTP_INVALID_JSON_BODY', `the body is not valid ${charset}`), undefined);
    }
    parseText(request, text, done);
  });
}
