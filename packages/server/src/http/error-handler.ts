import type { ApiError } from '@vitrina/contracts'
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod'
import { ZodError } from 'zod'
import { AppError } from './errors'

function body(request: FastifyRequest, code: string, message: string, details: unknown = null): ApiError {
  return { error: { code, message, details, requestId: request.id } }
}

/** Maps every failure to the one error shape `{ error: { code, message, details, requestId } }`. */
export function handleError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof AppError) {
    const retry = (error.details as { retryAfterSeconds?: number } | null)?.retryAfterSeconds
    if (retry) reply.header('retry-after', String(retry))
    return reply.code(error.status).send(body(request, error.code, error.message, error.details))
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const issues = error.validation.map((v) => ({
      path: `${error.validationContext ?? 'body'}${v.instancePath.replaceAll('/', '.')}`,
      message: v.message ?? 'Invalid value',
    }))
    const first = issues[0]
    return reply.code(400).send(
      body(request, 'VALIDATION_FAILED', first ? `${first.path}: ${first.message}` : 'Invalid request', {
        issues,
      }),
    )
  }
  if (error instanceof ZodError) {
    const issues = error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }))
    return reply
      .code(400)
      .send(body(request, 'VALIDATION_FAILED', issues[0]?.message ?? 'Invalid value', { issues }))
  }
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return reply.code(413).send(body(request, 'PAYLOAD_TOO_LARGE', 'The request body is too large'))
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return reply.code(415).send(body(request, 'BAD_REQUEST', 'Send the request body as application/json'))
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return reply.code(400).send(body(request, 'MALFORMED_JSON', 'The request body is not valid JSON'))
  }
  if (error instanceof SyntaxError && error.statusCode === 400) {
    return reply.code(400).send(body(request, 'MALFORMED_JSON', 'The request body is not valid JSON'))
  }
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return reply.code(error.statusCode).send(body(request, 'BAD_REQUEST', error.message))
  }
  request.log.error({ err: error }, 'unhandled error')
  return reply
    .code(500)
    .send(body(request, 'INTERNAL', `Something went wrong; it was logged with request id ${request.id}`))
}
