import { describe, expect, it } from 'vitest';
import { computeTwilioSignature, isValidTwilioSignature } from './twilio-signature';
import { applyTwilioStatusCallback } from './twilio-status-callback';
import { MemoryNotificationOutbox } from './memory-notification-outbox';
import { queuedRecord } from '../../test-support/notification-records';

// The example of Twilio's webhook-security documentation (auth token 12345).
const docUrl = 'https://mycompany.com/myapp.php?foo=1&bar=2';
const docParams = {
  CallSid: 'CA1234567890ABCDE',
  Caller: '+14158675310',
  Digits: '1234',
  From: '+14158675310',
  To: '+18005551212',
};

describe('Twilio request signature', () => {
  it('matches the signature Twilio documents', () => {
    expect(computeTwilioSignature('12345', docUrl, docParams)).toBe('GvWf1cFY/Q7PnoempGyD5oXAezc=');
  });

  const url = 'https://hub.example.com/api/notifications/twilio-status';
  const params = {
    MessageSid: 'SM123',
    MessageStatus: 'delivered',
    To: '+919876543210',
    AccountSid: 'AC1',
  };
  const signature = computeTwilioSignature('token-1', url, params);

  it('accepts a valid signature, also when Twilio signed with the default port', () => {
    expect(isValidTwilioSignature({ authToken: 'token-1', url, params, signature })).toBe(true);
    const withPort = computeTwilioSignature(
      'token-1',
      'https://hub.example.com:443/api/notifications/twilio-status',
      params,
    );
    expect(isValidTwilioSignature({ authToken: 'token-1', url, params, signature: withPort })).toBe(
      true,
    );
  });

  it('refuses a tampered parameter, a wrong token, a wrong URL and a missing signature', () => {
    expect(
      isValidTwilioSignature({
        authToken: 'token-1',
        url,
        params: { ...params, MessageStatus: 'failed' },
        signature,
      }),
    ).toBe(false);
    expect(
      isValidTwilioSignature({
        authToken: 'token-1',
        url,
        params: { ...params, Extra: '' },
        signature,
      }),
    ).toBe(false);
    expect(isValidTwilioSignature({ authToken: 'token-2', url, params, signature })).toBe(false);
    expect(
      isValidTwilioSignature({ authToken: 'token-1', url: `${url}?x=1`, params, signature }),
    ).toBe(false);
    expect(
      isValidTwilioSignature({ authToken: 'token-1', url, params, signature: undefined }),
    ).toBe(false);
    expect(isValidTwilioSignature({ authToken: 'token-1', url, params, signature: 'short' })).toBe(
      false,
    );
  });
});

describe('applyTwilioStatusCallback', () => {
  async function sentRecord(outbox: MemoryNotificationOutbox, sid: string) {
    const record = {
      ...queuedRecord(),
      status: 'sent' as const,
      attempts: 1,
      providerMessageId: sid,
    };
    await outbox.add([record]);
    return record;
  }

  it('marks delivered, and a final status is not overwritten', async () => {
    const outbox = new MemoryNotificationOutbox();
    const record = await sentRecord(outbox, 'SM1');
    expect(
      await applyTwilioStatusCallback(outbox, { MessageSid: 'SM1', MessageStatus: 'sent' }),
    ).toMatchObject({ applied: false });
    expect(
      await applyTwilioStatusCallback(outbox, { MessageSid: 'SM1', MessageStatus: 'delivered' }),
    ).toMatchObject({ applied: true });
    expect(outbox.get(record.id)!.status).toBe('delivered');
    expect(
      await applyTwilioStatusCallback(outbox, { MessageSid: 'SM1', MessageStatus: 'undelivered' }),
    ).toMatchObject({ applied: false });
    expect(outbox.get(record.id)!.status).toBe('delivered');
  });

  it('marks undelivered and failed as failed with the error code; 21610 opts the phone out', async () => {
    const outbox = new MemoryNotificationOutbox();
    const a = await sentRecord(outbox, 'SM2');
    await applyTwilioStatusCallback(outbox, {
      MessageSid: 'SM2',
      MessageStatus: 'undelivered',
      ErrorCode: '30003',
    });
    expect(outbox.get(a.id)).toMatchObject({
      status: 'failed',
      error: 'undelivered (Twilio error 30003)',
    });
    const b = await sentRecord(outbox, 'SM3');
    await applyTwilioStatusCallback(outbox, {
      MessageSid: 'SM3',
      MessageStatus: 'failed',
      ErrorCode: '21610',
    });
    expect(outbox.get(b.id)).toMatchObject({
      status: 'failed',
      error: 'failed (Twilio error 21610)',
    });
    expect(outbox.optOuts.isOptedOut(b.to)).toBe(true);
    expect(
      await applyTwilioStatusCallback(outbox, { MessageSid: 'SM404', MessageStatus: 'delivered' }),
    ).toEqual({
      applied: false,
      reason: 'no notification for message SM404',
    });
  });
});
