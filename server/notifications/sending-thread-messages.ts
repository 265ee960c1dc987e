/**
 * What the hub's thread and its sending thread (sending-thread.ts, sending-thread-worker.ts) say
 * to each other. Everything here crosses by structured clone: plain data only.
 */
import type { NotificationChannelName } from '../../core';
import type { ChannelTwin, SendContext, SendResult } from './notification-channel';
import type { NotificationRecord } from './notification-record';

/** `workerData` of the sending thread: the channels it sends through. */
export interface SendingThreadData {
  twins: ChannelTwin[];
}

export type ToSendingThread =
  | {
      op: 'send';
      id: number;
      channel: NotificationChannelName;
      record: NotificationRecord;
      context: SendContext;
    }
  | {
      op: 'findSent';
      id: number;
      channel: NotificationChannelName;
      record: NotificationRecord;
      /** ISO 8601. */
      since: string;
    }
  | { op: 'close' };

export type FromSendingThread =
  | { op: 'sent'; id: number; result: SendResult }
  | { op: 'found'; id: number; sids: string[] }
  | { op: 'failed'; id: number; message: string }
  | { op: 'closed' }
  /** The thread's channels are built: it takes sends. */
  | { op: 'ready' };
