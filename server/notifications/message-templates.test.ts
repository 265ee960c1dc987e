import { describe, expect, it } from 'vitest';
import {
  escapeHtml,
  isGsm7,
  renderNotification,
  resolveLanguage,
  smsSegmentCount,
  TEMPLATE_SETS,
  type NotificationFlight,
} from './message-templates';
import type { PassengerNotice } from './notification-rules';
import { delhiFlight } from '../../test-support/flight-fixture';

const flight: NotificationFlight = delhiFlight({ etd: '2026-11-21T09:05:00.000Z', gate: '42B' });
const notice = (overrides: Partial<PassengerNotice> = {}): PassengerNotice => ({
  kind: 'GATE_CHANGE',
  gateChanged: true,
  timeMove: null,
  gate: '42B',
  etd: '2026-11-21T09:05:00.000Z', // 14:35 in Delhi
  told: { gate: '42B', etd: '2026-11-21T09:05:00.000Z', status: null },
  ...overrides,
});

describe('renderNotification', () => {
  it('writes English with the flight, destination, gate and local time', () => {
    const rendered = renderNotification({ flight, notice: notice(), passenger: { name: 'John' } });
    expect(rendered.language).toBe('en');
    expect(rendered.sms).toBe('6E 2134 to Mumbai (BOM): gate changed to 42B. Departure 14:35.');
    expect(rendered.email.subject).toBe('6E 2134: new gate 42B');
    expect(rendered.email.text).toContain('Dear John,');
    expect(rendered.email.text).toContain('gate changed to 42B. Departure 14:35.');
  });

  it('writes each kind, naming a delay together with a gate change', () => {
    const render = (n: Partial<PassengerNotice>) =>
      renderNotification({ flight, notice: notice(n), passenger: { name: 'J' } }).sms;
    expect(render({ timeMove: 'later' })).toContain(
      'gate changed to 42B, departure delayed to 14:35',
    );
    expect(render({ kind: 'DELAY', gateChanged: false, timeMove: 'later' })).toBe(
      '6E 2134 to Mumbai (BOM) is delayed. New departure 14:35, gate 42B.',
    );
    expect(render({ kind: 'TIME_CHANGE', gateChanged: false, timeMove: 'earlier' })).toContain(
      'now departs earlier, at 14:35',
    );
    expect(render({ kind: 'BOARDING' })).toContain('is now boarding at gate 42B');
    expect(render({ kind: 'CANCELLED' })).toContain('on 21 Nov at 14:35 is cancelled');
    expect(render({ kind: 'DELAY', gate: null })).toContain('gate TBA');
  });

  it('writes Hindi in Devanagari for hi and hi-IN, with the city in Hindi', () => {
    for (const locale of ['hi', 'hi-IN']) {
      const rendered = renderNotification({
        flight,
        notice: notice({ kind: 'DELAY', timeMove: 'later' }),
        passenger: { name: 'आशा', locale },
      });
      expect(rendered.language).toBe('hi');
      expect(rendered.sms).toBe(
        'मुंबई (BOM) जाने वाली उड़ान 6E 2134 में देरी है। नया प्रस्थान समय 14:35 बजे, गेट 42B।',
      );
      expect(rendered.email.subject).toBe('उड़ान 6E 2134 में देरी: नया समय 14:35');
      expect(rendered.email.text).toContain('प्रिय आशा,');
    }
  });

  it('falls back to English for languages without templates', () => {
    expect(resolveLanguage('fr-FR')).toBe('en');
    expect(resolveLanguage(undefined)).toBe('en');
    expect(resolveLanguage('HI')).toBe('hi');
    expect(
      renderNotification({ flight, notice: notice(), passenger: { name: 'Marie', locale: 'fr' } })
        .sms,
    ).toContain('gate changed');
  });

  it('shows the time in the departure airport zone, across zones', () => {
    const london = { ...flight, origin: 'LHR', originTimeZone: 'Europe/London' };
    const rendered = renderNotification({
      flight: london,
      notice: notice(),
      passenger: { name: 'J' },
    });
    expect(rendered.sms).toContain('Departure 09:05.');
  });

  it('keeps an English SMS in one GSM-7 segment, even with a long city name', () => {
    const longCity = {
      ...flight,
      destination: 'TRV',
      destinationCity: 'Thiruvananthapuram International',
    };
    for (const kind of ['GATE_CHANGE', 'DELAY', 'TIME_CHANGE', 'BOARDING', 'CANCELLED'] as const) {
      for (const timeMove of [null, 'later', 'earlier'] as const) {
        const { sms } = renderNotification({
          flight: longCity,
          notice: notice({ kind, timeMove, gate: 'T2-42B' }),
          passenger: { name: 'J' },
        });
        expect(isGsm7(sms), sms).toBe(true);
        expect(sms.length, sms).toBeLessThanOrEqual(160);
        expect(smsSegmentCount(sms)).toBe(1);
        expect(sms).toContain('Thiruvananthapuram');
      }
    }
    const absurd = {
      ...flight,
      destinationCity:
        'Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch Ynys Mon Anglesey Wales United Kingdom of Great Britain',
    };
    const { sms } = renderNotification({
      flight: absurd,
      notice: notice({ timeMove: 'earlier' }),
      passenger: { name: 'J' },
    });
    expect(sms.length).toBeLessThanOrEqual(160);
    expect(sms).toContain('to BOM:'); // the code stands in for a city that does not fit
    // A city outside GSM-7 would force UCS-2 (70 per segment); the code keeps it to one.
    const accented = { ...flight, destinationCity: 'Ynys Môn, Anglesey, North Wales' };
    const gsm = renderNotification({
      flight: accented,
      notice: notice({ timeMove: 'later' }),
      passenger: { name: 'J' },
    });
    expect(gsm.sms).toBe('6E 2134 to BOM: gate changed to 42B, departure delayed to 14:35.');
  });

  it('escapes everything interpolated into the HTML part', () => {
    const hostile = { ...flight, destinationCity: '<script>alert("x")</script>' };
    const { email } = renderNotification({
      flight: hostile,
      notice: notice(),
      passenger: { name: 'Tom & "Jerry" <t@x>' },
    });
    expect(email.html).not.toContain('<script>');
    expect(email.html).toContain('&#60;script&#62;');
    expect(email.html).toContain('Tom &#38; &#34;Jerry&#34; &#60;t@x&#62;');
    expect(email.text).toContain('Tom & "Jerry" <t@x>'); // plain text stays plain
    expect(escapeHtml(`'&`)).toBe('&#39;&#38;');
  });

  it('loads complete template sets for en and hi', () => {
    expect([...TEMPLATE_SETS.keys()].sort()).toEqual(['en', 'hi']);
    const [en, hi] = [TEMPLATE_SETS.get('en')!, TEMPLATE_SETS.get('hi')!];
    expect(Object.keys(hi.sms)).toEqual(Object.keys(en.sms));
    expect(Object.keys(en.push.title)).toEqual(Object.keys(en.sms));
    expect(Object.keys(en.push.body)).toEqual(Object.keys(en.sms));
    expect(Object.keys(hi.push.title)).toEqual(Object.keys(en.sms));
    expect(Object.keys(hi.push.body)).toEqual(Object.keys(en.sms));
  });
});

describe('push notifications', () => {
  const push = (n: Partial<PassengerNotice>, locale?: string) =>
    renderNotification({ flight, notice: notice(n), passenger: { name: 'J', locale } }).push;

  it('titles the flight and what changed, and says the rest in one sentence', () => {
    expect(push({})).toEqual({
      title: '6E 2134: new gate 42B',
      body: 'Your flight to Mumbai (BOM) now leaves from gate 42B. Departure 14:35.',
    });
    expect(push({ timeMove: 'later' })).toEqual({
      title: '6E 2134: new gate 42B, delayed',
      body: 'Your flight to Mumbai (BOM) now leaves from gate 42B, delayed to 14:35.',
    });
    expect(push({ timeMove: 'earlier' }).title).toBe('6E 2134: new gate 42B, earlier departure');
    expect(push({ kind: 'DELAY', timeMove: 'later' })).toEqual({
      title: '6E 2134 is delayed to 14:35',
      body: 'Your flight to Mumbai (BOM) is delayed. New departure 14:35, gate 42B.',
    });
    expect(push({ kind: 'TIME_CHANGE', timeMove: 'earlier' }).title).toBe(
      '6E 2134 now departs at 14:35',
    );
    expect(push({ kind: 'BOARDING' }).title).toBe('6E 2134 is boarding at gate 42B');
    expect(push({ kind: 'CANCELLED' }).body).toBe(
      'Your flight to Mumbai (BOM) on 21 Nov at 14:35 is cancelled. Please contact the airline.',
    );
    expect(push({ kind: 'DELAY', gate: null }).body).toContain('gate TBA');
  });

  it('writes Hindi in Devanagari, with the city in Hindi', () => {
    expect(push({}, 'hi-IN')).toEqual({
      title: 'उड़ान 6E 2134: नया गेट 42B',
      body: 'मुंबई (BOM) जाने वाली आपकी उड़ान अब गेट 42B से जाएगी। प्रस्थान 14:35 बजे।',
    });
    expect(push({ kind: 'DELAY', timeMove: 'later' }, 'hi').title).toBe(
      'उड़ान 6E 2134 में देरी: नया समय 14:35',
    );
    expect(push({ kind: 'BOARDING', gate: null }, 'hi').title).toBe(
      'उड़ान 6E 2134: बोर्डिंग शुरू, गेट जल्द घोषित होगा',
    );
  });

  it('fills every placeholder for every kind in both languages', () => {
    for (const locale of ['en', 'hi']) {
      for (const kind of [
        'GATE_CHANGE',
        'DELAY',
        'TIME_CHANGE',
        'BOARDING',
        'CANCELLED',
      ] as const) {
        for (const timeMove of [null, 'later', 'earlier'] as const) {
          const { title, body } = push({ kind, timeMove }, locale);
          expect(title).toContain('6E 2134');
          expect(`${title} ${body}`).not.toMatch(/[{}]/);
          expect(body).toMatch(/BOM/);
        }
      }
    }
  });
});
