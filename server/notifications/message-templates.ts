import { DateTime } from 'luxon';
import { z } from 'zod';
import { NOTIFICATION_KINDS, type Flight, type NotificationKind } from '../../core';
import type { PassengerNotice } from './notification-rules';
import english from '../../resources/templates/notifications.en.json' with { type: 'json' };
import hindi from '../../resources/templates/notifications.hi.json' with { type: 'json' };

/** SMS and push texts by headline; a gate change that also moves the time has its own wording. */
const SMS_KEYS = [
  'CANCELLED',
  'REINSTATED',
  'BOARDING',
  'GATE_CHANGE',
  'GATE_CHANGE_DELAY',
  'GATE_CHANGE_TIME_CHANGE',
  'DELAY',
  'TIME_CHANGE',
] as const;
type SmsKey = (typeof SMS_KEYS)[number];

const PLACEHOLDERS = ['flight', 'destination', 'gate', 'time', 'date', 'name', 'origin'] as const;
type Placeholder = (typeof PLACEHOLDERS)[number];

const templateText = z
  .string()
  .min(1)
  .refine(
    (text) =>
      [...text.matchAll(/\{(\w+)\}/g)].every((m) => PLACEHOLDERS.includes(m[1] as Placeholder)),
    `may only use the placeholders ${PLACEHOLDERS.map((p) => `{${p}}`).join(' ')}`,
  );

function headlineTexts() {
  return z.strictObject(
    Object.fromEntries(SMS_KEYS.map((key) => [key, templateText])) as Record<
      SmsKey,
      typeof templateText
    >,
  );
}

const templateSetSchema = z.strictObject({
  language: z.string().regex(/^[a-z]{2,3}$/),
  /** Said in place of the gate while none is assigned. */
  gateUnknown: z.string().min(1),
  /** Destination city names in this language, by IATA code; missing: the flight's own name. */
  cities: z.record(z.string().regex(/^[A-Z]{3}$/), z.string().min(1)),
  sms: headlineTexts(),
  email: z.strictObject({
    subject: z.strictObject(
      Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [kind, templateText])) as Record<
        NotificationKind,
        typeof templateText
      >,
    ),
    greeting: templateText,
    footer: templateText,
  }),
  /** A push notification: a short title (the flight and what changed) and one sentence. */
  push: z.strictObject({
    title: headlineTexts(),
    body: headlineTexts(),
  }),
});
export type TemplateSet = z.infer<typeof templateSetSchema>;

function loadTemplateSet(source: unknown, file: string): TemplateSet {
  const parsed = templateSetSchema.safeParse(source);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${file}: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

/** Templates by language; the first is the fallback for languages without their own. */
export const TEMPLATE_SETS: ReadonlyMap<string, TemplateSet> = new Map(
  [
    loadTemplateSet(english, 'resources/templates/notifications.en.json'),
    loadTemplateSet(hindi, 'resources/templates/notifications.hi.json'),
  ].map((set) => [set.language, set]),
);
const FALLBACK_LANGUAGE = 'en';

/** `hi-IN` → `hi`; a language without templates (or no locale) → English. */
export function resolveLanguage(locale: string | undefined): string {
  const language = (locale ?? '').split(/[-_]/)[0]?.toLowerCase() ?? '';
  return TEMPLATE_SETS.has(language) ? language : FALLBACK_LANGUAGE;
}

export interface RenderedNotification {
  language: string;
  sms: string;
  email: { subject: string; text: string; html: string };
  push: { title: string; body: string };
}

export type NotificationFlight = Pick<
  Flight,
  'flightNumber' | 'origin' | 'destination' | 'std' | 'etd' | 'gate'
> &
  Partial<Pick<Flight, 'destinationCity' | 'destinationName' | 'originTimeZone'>>;

export interface RenderInput {
  flight: NotificationFlight;
  notice: PassengerNotice;
  passenger: { name: string; locale?: string | undefined };
}

/**
 * Renders one notice as SMS text, e-mail (subject, plain text, HTML) and push notification (title,
 * body) in the passenger's language.
 */
export function renderNotification({
  flight,
  notice,
  passenger,
}: RenderInput): RenderedNotification {
  const language = resolveLanguage(passenger.locale);
  const set = TEMPLATE_SETS.get(language) ?? TEMPLATE_SETS.get(FALLBACK_LANGUAGE)!;
  const zone = flight.originTimeZone ?? 'UTC';
  const local = localDeparture(notice.etd, zone, language);
  const city = set.cities[flight.destination] ?? flight.destinationCity ?? flight.destinationName;
  const values: Record<Placeholder, string> = {
    flight: flight.flightNumber,
    destination:
      city && city !== flight.destination ? `${city} (${flight.destination})` : flight.destination,
    gate: notice.gate ?? set.gateUnknown,
    time: local.time,
    date: local.date,
    name: passenger.name,
    origin: flight.origin,
  };
  const headline = smsKey(notice);
  const smsTemplate = set.sms[headline];
  let sms = fill(smsTemplate, values);
  // One segment where it can: a long (or non-GSM-7) city name gives way to the airport code.
  if (smsSegmentCount(sms) > 1) {
    const shorter = fill(smsTemplate, { ...values, destination: flight.destination });
    if (smsSegmentCount(shorter) < smsSegmentCount(sms)) sms = shorter;
  }
  const subject = fill(set.email.subject[notice.kind], values);
  const paragraphs = [
    fill(set.email.greeting, values),
    fill(smsTemplate, values),
    fill(set.email.footer, values),
  ];
  return {
    language,
    sms,
    email: {
      subject,
      text: paragraphs.join('\n\n') + '\n',
      html: renderEmailHtml(language, subject, paragraphs),
    },
    push: {
      title: fill(set.push.title[headline], values),
      body: fill(set.push.body[headline], values),
    },
  };
}

/**
 * Local time and date of a departure, remembered: a window tells hundreds of passengers the
 * same time, and luxon's zone and locale formatting dominates the cost of a message.
 */
const localDepartures = new Map<string, { time: string; date: string }>();
function localDeparture(etd: string, zone: string, language: string) {
  const key = `${etd}|${zone}|${language}`;
  let local = localDepartures.get(key);
  if (!local) {
    const at = DateTime.fromISO(etd, { zone }).setLocale(language);
    local = {
      time: at.toFormat('HH:mm') + (zone === 'UTC' ? ' UTC' : ''),
      date: at.toFormat('d LLL'),
    };
    if (localDepartures.size >= 1000) localDepartures.clear();
    localDepartures.set(key, local);
  }
  return local;
}

function smsKey(notice: PassengerNotice): SmsKey {
  if (notice.kind === 'GATE_CHANGE' && notice.timeMove === 'later') return 'GATE_CHANGE_DELAY';
  if (notice.kind === 'GATE_CHANGE' && notice.timeMove === 'earlier')
    return 'GATE_CHANGE_TIME_CHANGE';
  return notice.kind;
}

function fill(template: string, values: Record<Placeholder, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? values[name as Placeholder] : whole,
  );
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function renderEmailHtml(language: string, subject: string, paragraphs: string[]): string {
  const body = paragraphs.map((text) => `<p>${escapeHtml(text)}</p>`).join('\n');
  return [
    '<!doctype html>',
    `<html lang="${escapeHtml(language)}">`,
    `<head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family: sans-serif; line-height: 1.5">',
    body,
    '</body>',
    '</html>',
  ].join('\n');
}

const SMS_SEGMENT_GSM7 = 160;

// GSM 03.38 default alphabet and its extension table (extension characters take two septets).
const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM7_EXTENSION = '^{}\\[~]|€\f';

const GSM7_BASIC_SET = new Set(GSM7_BASIC);
const GSM7_EXTENSION_SET = new Set(GSM7_EXTENSION);

export function isGsm7(text: string): boolean {
  for (const char of text) {
    if (!GSM7_BASIC_SET.has(char) && !GSM7_EXTENSION_SET.has(char)) return false;
  }
  return true;
}

/** Length in septets (extension characters count twice). */
export function gsm7Length(text: string): number {
  let length = 0;
  for (const char of text) length += GSM7_EXTENSION_SET.has(char) ? 2 : 1;
  return length;
}

/** How many SMS segments the text takes (GSM-7: 160/153 septets, UCS-2: 70/67 code units). */
export function smsSegmentCount(text: string): number {
  if (isGsm7(text)) {
    const length = gsm7Length(text);
    return length <= SMS_SEGMENT_GSM7 ? 1 : Math.ceil(length / 153);
  }
  return text.length <= 70 ? 1 : Math.ceil(text.length / 67);
}
