import type { Logger } from 'pino';
import type { AckError, ErrorCode, Flight } from '../core';

/** An error meant for the client: its code and message are safe to send as they are. */
export class HubError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly current?: Flight,
  ) {
    super(message);
    this.name = 'HubError';
  }
}

/**
 * What a client is told about any error: a HubError as it is; anything else becomes INTERNAL
 * with a generic message, and the detail goes to the log only.
 */
export function toAckError(error: unknown, logger: Logger, context: object = {}): AckError {
  if (error instanceof HubError) {
    return {
      code: error.code,
      message: error.message,
      ...(error.current ? { current: error.current } : {}),
    };
  }
  logger.error({ err: error, ...context }, 'unexpected error');
  return { code: 'INTERNAL', message: 'internal error; the hub logged the details' };
}

/** RATE_LIMITED with how long to wait: HTTP sends it as `Retry-After`. */
export class RateLimitedError extends HubError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super('RATE_LIMITED', message);
  }
}
