/**
 * The sending thread (sending-thread.ts): twins of the hub's channels make the providers' requests
 * — Twilio's HTTP, SMTP sessions, Web Push's encryption and TLS — so a burst of thousands of
 * messages does not take the event loop that acknowledges agents' edits. It keeps no state of its
 * own: what to send, and what became of it, stay with the hub's outbox.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { NotificationChannelName } from '../../core';
import type { ChannelTwin, ThreadableChannel } from './notification-channel';
import type {
  FromSendingThread,
  SendingThreadData,
  ToSendingThread,
} from './sending-thread-messages';
import { SmtpEmailChannel } from './smtp-email-channel';
import { TwilioSmsChannel } from './twilio-sms-channel';
import { WebPushChannel } from './web-push-channel';

function build(twin: ChannelTwin): ThreadableChannel {
  switch (twin.name) {
    case 'sms':
      return new TwilioSmsChannel(twin.options);
    case 'email':
      return new SmtpEmailChannel(twin.options);
    case 'push':
      return new WebPushChannel(twin.options);
  }
}

const port = parentPort;
if (!port) throw new Error('sending-thread-worker runs as a worker thread (sending-thread.ts)');
const { twins } = workerData as SendingThreadData;
const channels = new Map<NotificationChannelName, ThreadableChannel>(
  twins.map((twin) => [twin.name, build(twin)]),
);
const reply = (message: FromSendingThread) => port.postMessage(message);

async function handle(message: ToSendingThread): Promise<void> {
  if (message.op === 'close') {
    await Promise.allSettled([...channels.values()].map((channel) => channel.close?.()));
    reply({ op: 'closed' });
    return;
  }
  const { id } = message;
  try {
    const channel = channels.get(message.channel);
    if (!channel) throw new Error(`the sending thread has no ${message.channel} channel`);
    if (message.op === 'send') {
      reply({
        op: 'sent',
        id,
        result: await channel.sendPrepared(message.record, message.context),
      });
    } else {
      if (!channel.findSent) throw new Error(`${message.channel} cannot list what it sent`);
      reply({
        op: 'found',
        id,
        sids: await channel.findSent(message.record, new Date(message.since)),
      });
    }
  } catch (error) {
    reply({ op: 'failed', id, message: error instanceof Error ? error.message : String(error) });
  }
}

port.on('message', (message: ToSendingThread) => void handle(message));
reply({ op: 'ready' });
