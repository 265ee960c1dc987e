import { z } from 'zod';

/**
 * What Electron's main process and the hub's own process say to each other (electron/hub-process):
 * the parent asks the child to start a hub and later to stop it; the child answers when it
 * listens, when it could not start, and when it has stopped. Parsed on both sides.
 */
export const hubStartRequestSchema = z.strictObject({
  type: z.literal('start'),
  options: z.strictObject({
    host: z.string().optional(),
    port: z.number().int().min(0).max(65535).optional(),
    dataDir: z.string().min(1),
    demo: z.boolean().optional(),
    /** IATA code of the airport a new data folder serves (JETBRIDGE_AIRPORT). */
    airport: z.string().optional(),
    webRoot: z.string().optional(),
  }),
});

export const parentMessageSchema = z.discriminatedUnion('type', [
  hubStartRequestSchema,
  z.strictObject({ type: z.literal('stop') }),
]);
export type ParentMessage = z.infer<typeof parentMessageSchema>;

export const childMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ready'), url: z.string(), port: z.number().int() }),
  /** `code` is the start error's code (EADDRINUSE lets the parent try another port). */
  z.strictObject({
    type: z.literal('failed'),
    message: z.string(),
    code: z.string().optional(),
  }),
  z.strictObject({ type: z.literal('stopped') }),
]);
export type ChildMessage = z.infer<typeof childMessageSchema>;
