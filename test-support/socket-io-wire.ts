/** What a Socket.IO event looks like on the wire, using Socket.IO's own encoder and decoder. */
import { Decoder, Encoder, PacketType } from 'socket.io-parser';

/** Upper bound of the encoded size in bytes (3 per UTF-16 unit, the worst case). */
export function encodedSize(event: string, payload: unknown): number {
  const parts = new Encoder().encode({ type: PacketType.EVENT, nsp: '/', data: [event, payload] });
  return parts.reduce((total: number, part: string | Buffer) => total + part.length * 3, 0);
}

/** What the hub receives: the payload through Socket.IO's own encoder and decoder. */
export function onTheWire(event: string, payload: unknown): unknown {
  const encoded = new Encoder().encode({
    type: PacketType.EVENT,
    nsp: '/',
    data: [event, payload],
  });
  const decoder = new Decoder();
  let data: unknown[] = [];
  decoder.on('decoded', (packet: { data?: unknown[] }) => {
    data = packet.data ?? [];
  });
  for (const part of encoded) decoder.add(part);
  return data[1];
}
