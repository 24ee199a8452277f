/**
 * One error handler for the whole API: every failure is JSON with a stable `error` code, and a 4xx names the field
 * at fault. Nothing answers with a stack trace; an unexpected error is logged in one line with the request id, which
 * the 500 answer carries too, so the two can be matched.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { FieldsInvalidError, ScenarioInvalidError } from '../errors.js';

export interface ApiError {
  error: string;
  message: string;
  /** The fields at fault, as dotted paths, each with what is wrong with it. */
  fields?: { field: string; message: string }[];
  /** On a 500: the id of the request in the server log. */
  requestId?: string;
}

/** Writes one line of log. */
export type LogLine = (line: string) => void;

export function sendError(reply: FastifyReply, status: number, body: ApiError): FastifyReply {
  return reply.code(status).type('application/json; charset=utf-8').send(body);
}

/** Our stable codes for fastify's request errors; the API's clients never see fastify's internal names. */
const REQUEST_ERRORS: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_BODY_TOO_LARGE: 'body_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_content_length',
};

/** Fastify's validation paths (`/birth/date`) as dotted field names (`birth.date`). */
function fieldOf(instancePath: string, missing?: string): string {
  const path = instancePath.replace(/^\//, '').split('/').filter(Boolean);
  if (missing) path.push(missing);
  return path.join('.') || '(body)';
}

/** The error handler, logging unexpected errors through `log`. */
export function errorHandler(log: LogLine) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply => answerError(error, request, reply, log);
}

function answerError(error: FastifyError, request: FastifyRequest, reply: FastifyReply, log: LogLine): FastifyReply {
  if (error instanceof ScenarioInvalidError) {
    return sendError(reply, 400, {
      error: 'invalid_profile',
      message: error.problems.map((p) => `${p.path || '(body)'}: ${p.message}`).join('; '),
      fields: error.problems.map((p) => ({ field: p.path || '(body)', message: p.message })),
    });
  }
  if (error instanceof FieldsInvalidError) {
    return sendError(reply, 400, { error: 'invalid_request', message: error.message, fields: error.fields });
  }
  // Anything may be thrown, also null or a string: read it defensively.
  if (error?.validation) {
    const fields = error.validation.map((v) => {
      const missing = (v.params as { missingProperty?: string; additionalProperty?: string } | undefined);
      const field = fieldOf(v.instancePath, missing?.missingProperty ?? missing?.additionalProperty);
      return { field, message: v.message ?? 'is invalid' };
    });
    return sendError(reply, 400, {
      error: 'invalid_request',
      message: fields.map((f) => `${f.field}: ${f.message}`).join('; '),
      fields,
    });
  }
  const status = error?.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    return sendError(reply, status, { error: REQUEST_ERRORS[error.code] ?? 'bad_request', message: error.message });
  }
  const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  log(`lunar-sim: request ${request.id} ${request.method} ${request.url} failed: ${what.split('\n')[0]}`);
  return sendError(reply, 500, { error: 'internal', message: `internal error; see the server log (request ${request.id})`, requestId: request.id });
}
