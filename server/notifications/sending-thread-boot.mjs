// The sending thread's entry while the hub runs from its TypeScript sources (`npm run hub`, tests):
// tsx compiles sending-thread-worker.ts in this thread as it does in the hub's.
import { register } from 'tsx/esm/api';

register();
await import('./sending-thread-worker.ts');
