import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, LoginResponse, ServerToClientEvents } from '../core';

export type HubClient = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Signs in over HTTP, as a console does; resolves with the session token. */
export async function loginAt(url: string, username: string, password = 'demo'): Promise<string> {
  const response = await fetch(`${url}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!response.ok) throw new Error(`login ${username}: HTTP ${response.status}`);
  return ((await response.json()) as LoginResponse).token;
}

/**
 * A real socket.io client on its own connection, without reconnection (a test decides when to
 * come back); resolves once the hub accepted the handshake, rejects with its connect_error.
 */
export interface ConnectOptions {
  workstation?: string;
  /** `changes`: follow gate conflicts as `gates:conflicts:changed`, as the console does. */
  gateConflicts?: 'lists' | 'changes';
  /** `none`: no `positions:update`; `only`: positions and nothing else (the console's worker). */
  positions?: 'all' | 'none' | 'only';
}

export async function connectAt(
  url: string,
  token: string,
  options: ConnectOptions = {},
): Promise<HubClient> {
  const socket: HubClient = io(url, {
    auth: {
      token,
      ...(options.workstation !== undefined ? { workstation: options.workstation } : {}),
      ...(options.gateConflicts ? { gateConflicts: options.gateConflicts } : {}),
      ...(options.positions ? { positions: options.positions } : {}),
    },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return socket;
}

/** Resolves with the reason of the socket's next disconnect; rejects if none comes in time. */
export function disconnected(socket: HubClient, timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('still connected')), timeoutMs);
    socket.once('disconnect', (reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });
}
