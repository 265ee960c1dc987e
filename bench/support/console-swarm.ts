/**
 * Child process of the fan-out bench: SWARM_COUNT socket.io clients (consoles) connected to
 * SWARM_URL. For every `flight:changed`, once the LAST of them has it, tells the parent (IPC)
 * the change's opId and that moment (performance.timeOrigin + now(): one clock for both
 * processes).
 */
import { io, type Socket } from 'socket.io-client';

const url = process.env.SWARM_URL!;
const token = process.env.SWARM_TOKEN ?? '';
const count = Number(process.env.SWARM_COUNT ?? 300);
const send = (message: object) => process.send!(message);

const received = new Map<string, number>();
const sockets: Socket[] = [];
const onChanged = (change: { change: { opId: string } }) => {
  const key = change.change.opId;
  const seen = (received.get(key) ?? 0) + 1;
  if (seen < count) {
    received.set(key, seen);
    return;
  }
  received.delete(key);
  send({ type: 'done', key, at: performance.timeOrigin + performance.now() });
};

for (let start = 0; start < count; start += 50) {
  await Promise.all(
    Array.from({ length: Math.min(50, count - start) }, async () => {
      const socket = io(url, {
        auth: { token },
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
      });
      sockets.push(socket);
      socket.on('flight:changed', onChanged);
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('connect_error', reject);
      });
    }),
  );
}
send({ type: 'ready', connected: sockets.filter((socket) => socket.connected).length });
process.on('message', (message: { type: string }) => {
  if (message.type === 'count') {
    send({ type: 'count', connected: sockets.filter((socket) => socket.connected).length });
    return;
  }
  if (message.type !== 'stop') return;
  for (const socket of sockets) socket.close();
  process.exit(0);
});
