// The sending thread (server/notifications/sending-thread-worker.ts) as a test needs it to fail:
// it ends itself, with exit code 3, when asked to send a record whose body is "end the thread".
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
// After the thread's own listener: messages that come before any listener would be lost to it.
await import('../server/notifications/sending-thread-worker.ts');
parentPort.on('message', (message) => {
  if (message.op === 'send' && message.record.body === 'end the thread') process.exit(3);
});
