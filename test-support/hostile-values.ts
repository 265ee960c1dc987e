/**
 * Values that have broken servers before: prototype keys, injection strings, lone surrogates,
 * NaN and friends, names of real fields and flights. The fuzz generators mix them into payloads.
 */

export const NASTY_STRINGS = [
  '',
  ' ',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '<img src=x onerror=alert(1)>',
  "'; DROP TABLE flights; --",
  '{"$ne":null}',
  '../../../etc/passwd',
  '%00',
  '\u0000\u0001\u0002',
  '\uD800',
  '\u202E\u0041',
  '😀'.repeat(50),
  'f-6e2134',
  'f-ai865',
  'BOARDING',
  'DEPARTED',
  '93',
  '42B',
  '2026-13-45T99:99:99Z',
  'NaN',
  'Infinity',
  '-1',
  '1e309',
];

export const NASTY_NUMBERS = [
  0,
  -0,
  -1,
  0.5,
  Number.NaN,
  Infinity,
  -Infinity,
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER + 2,
  2 ** 31,
  Number.MIN_VALUE,
];

/** Object keys: the ones the hub reads, the ones that reach prototypes, and odd ones. */
export const KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'flightId',
  'baseVersion',
  'opId',
  'changes',
  'seq',
  'gate',
  'etd',
  'status',
  'delayCode',
  'remark',
  'limit',
  'before',
  'target',
  'username',
  'password',
  'passengers',
  'pnr',
  'name',
  'phone',
  'token',
  '',
  'a'.repeat(300),
];

/** Values that no field of any payload accepts. */
export const ALWAYS_WRONG = [
  null,
  true,
  Number.NaN,
  Infinity,
  -1.5,
  [],
  [[]],
  {},
  Buffer.from([1, 2, 3]),
  'x'.repeat(10_000),
  { __proto__: null },
];

/** Sets a key as an own property, `__proto__` included (a plain assignment would not). */
export function put(target: Record<string, unknown>, key: string, value: unknown) {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}
