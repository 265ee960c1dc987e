/**
 * Shape checks every client payload passes before its schema: plain JSON only. No binary (no
 * event or endpoint takes any), no keys that reach prototypes (`__proto__`, `constructor`,
 * `prototype`), no objects with a prototype of their own (Socket.IO's binary decoding assigns
 * keys one by one, so a `__proto__` key there becomes the object's prototype), and no nesting
 * deeper than any contract shape needs.
 */
export const MAX_PAYLOAD_DEPTH = 16;
const MAX_NODES = 20_000;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** What is wrong with the payload, or null when it is plain JSON data. */
export function payloadProblem(payload: unknown): string | null {
  const stack: { value: unknown; depth: number }[] = [{ value: payload, depth: 0 }];
  let nodes = 0;
  while (stack.length > 0) {
    const { value, depth } = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    nodes += 1;
    if (depth > MAX_PAYLOAD_DEPTH) return `payload: nested deeper than ${MAX_PAYLOAD_DEPTH} levels`;
    if (nodes > MAX_NODES) return 'payload: too many values';
    if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) {
      return 'payload: binary data is not accepted';
    }
    if (Array.isArray(value)) {
      for (const item of value) stack.push({ value: item, depth: depth + 1 });
      continue;
    }
    const prototype = Object.getPrototypeOf(value) as unknown;
    if (prototype !== Object.prototype && prototype !== null) {
      return 'payload: is not plain JSON data';
    }
    for (const key of Object.keys(value)) {
      if (FORBIDDEN_KEYS.has(key)) return `payload: the key "${key}" is not accepted`;
      stack.push({ value: (value as Record<string, unknown>)[key], depth: depth + 1 });
    }
  }
  return null;
}
