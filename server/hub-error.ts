import type { Logger } from 'pino';
import type { AckError, ErrorCode, Flight } from '../core';

/** An error meant for the client: its code and message are safe to send as they are. */
export class HubError extends Error {
  /** Client-safe facts beside the message (e.g. a schedule's invalid lines), sent as they are. */
  details?: Record<string, unknown>;

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
/** Messages may quote what a client sent (a field name): never more than this goes back. */
export const MAX_ERROR_MESSAGE_LENGTH = 300;

export function clientMessage(message: string): string {
  return message.length <= MAX_ERROR_MESSAGE_LENGTH
    ? message
    : `${message.slice(0, MAX_ERROR_MESSAGE_LENGTH - 1)}…`;
}

export function toAckError(error: unknown, logger: Logger, context: object = {}): AckError {
  if (error instanceof HubError) {
    return {
      code: error.code,
      message: clientMessage(error.message),
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
