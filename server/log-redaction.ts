import pino, { type Logger } from 'pino';

/**
 * Keys whose values are personal data or credentials wherever they appear in a log object (at
 * the top or one level down): phone numbers, e-mail addresses, push endpoints and keys, tokens,
 * names a passenger typed. The hub never logs whole records or manifests; these paths catch the
 * slips, and error messages are scrubbed too (below).
 */
export const REDACTED_LOG_PATHS = [
  'to',
  'phone',
  'email',
  'endpoint',
  'keys',
  'subscription',
  'token',
  'lastName',
  'authorization',
  'password',
  'passenger',
  'passengers',
  'record',
  'records',
  '*.to',
  '*.phone',
  '*.email',
  '*.endpoint',
  '*.keys',
  '*.subscription',
  '*.token',
  '*.lastName',
  '*.authorization',
  '*.password',
  '*.passenger',
  '*.passengers',
  '*.record',
  '*.records',
  'req.headers.authorization',
  'req.headers.cookie',
];

const PERSONAL_TEXT: Array<[RegExp, string]> = [
  // E.164, the only form manifests take.
  [/\+[1-9]\d{6,14}/g, '[phone]'],
  [/[^\s<>@"'(),;:]+@[^\s<>@"'(),;:]+\.[A-Za-z]{2,}/g, '[email]'],
  // JWTs (session, passenger and unsubscribe tokens).
  [/eyJ[\w-]+\.[\w-]+\.[\w-]+/g, '[token]'],
  // Push endpoints are capability URLs: keep the service, drop the path.
  [/(https:\/\/[^\s/]+)\/[^\s"']+/g, '$1/[path]'],
];

/** Text with phone numbers, e-mail addresses, tokens and URL paths taken out. */
export function scrubPersonalText(text: string): string {
  return PERSONAL_TEXT.reduce(
    (out, [pattern, replacement]) => out.replace(pattern, replacement),
    text,
  );
}

function scrubbedError(error: unknown): unknown {
  const serialized = pino.stdSerializers.err(error as Error) as unknown as Record<string, unknown>;
  if (!serialized || typeof serialized !== 'object') return serialized;
  const copy: Record<string, unknown> = { ...serialized };
  for (const field of ['message', 'stack', 'response']) {
    if (typeof copy[field] === 'string') copy[field] = scrubPersonalText(copy[field] as string);
  }
  return copy;
}

/**
 * The hub's logger with personal data kept out, whoever made the logger it is given (main.ts,
 * a test): a child with redaction paths and an `err` serializer that scrubs messages and stacks.
 */
export function withPersonalDataRedacted(logger: Logger): Logger {
  return logger.child(
    {},
    {
      redact: { paths: REDACTED_LOG_PATHS, censor: '[redacted]' },
      serializers: { err: scrubbedError },
    },
  );
}
