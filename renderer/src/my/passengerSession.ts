import { io, type Socket } from 'socket.io-client';
import {
  PASSENGER_NAMESPACE,
  type PassengerClientToServerEvents,
  type PassengerLocale,
  type PassengerPreferences,
  type PassengerServerToClientEvents,
} from '../../../core/passenger-self-service';
import { publicFlightSchema } from '../../../core/public-flight';
import { setPageLocale } from './i18n';
import {
  fetchPreferences,
  lookUpBooking,
  savePreferences as putPreferences,
  type LookupResult,
} from './passengerHub';
import { applyFlightStatus, resetPassengerStore, usePassengerStore } from './passengerStore';

/**
 * The passenger's session on this page: the lookup, the live `/passenger` connection and the
 * preferences. The booking reference and last name stay in this tab's sessionStorage (gone when
 * the tab closes) so a reload, or the end of the 2-hour token, looks the booking up again
 * without asking.
 */
const BOOKING_KEY = 'jetbridge.my.booking';
let socket: Socket<PassengerServerToClientEvents, PassengerClientToServerEvents> | null = null;

interface Booking {
  pnr: string;
  lastName: string;
}

function rememberedBooking(): Booking | null {
  try {
    const value = JSON.parse(sessionStorage.getItem(BOOKING_KEY) ?? 'null') as unknown;
    const booking = value as Partial<Booking> | null;
    if (typeof booking?.pnr === 'string' && typeof booking.lastName === 'string') {
      return { pnr: booking.pnr, lastName: booking.lastName };
    }
  } catch {
    // Nothing usable stored: the passenger looks the booking up.
  }
  return null;
}

/** Looks the booking up (throws HubCallError), then follows it live. */
export async function signIn(pnr: string, lastName: string): Promise<void> {
  const result = await lookUpBooking(pnr, lastName);
  sessionStorage.setItem(BOOKING_KEY, JSON.stringify({ pnr, lastName }));
  start(result);
}

/** After a reload: the remembered booking, if any (quietly forgotten when it no longer works). */
export async function resume(): Promise<boolean> {
  const booking = rememberedBooking();
  if (!booking) return false;
  try {
    start(await lookUpBooking(booking.pnr, booking.lastName));
    return true;
  } catch {
    sessionStorage.removeItem(BOOKING_KEY);
    return false;
  }
}

export function signOut(): void {
  sessionStorage.removeItem(BOOKING_KEY);
  socket?.close();
  socket = null;
  resetPassengerStore();
}

/** Saves one at a time, in the order asked: a language switch and a save never overtake. */
let saving: Promise<unknown> = Promise.resolve();

export function savePreferences(preferences: PassengerPreferences): Promise<void> {
  const next = saving
    .catch(() => undefined)
    .then(async () => {
      const token = usePassengerStore.getState().session?.token;
      if (!token) return;
      const saved = await putPreferences(token, preferences);
      usePassengerStore.setState({ preferences: saved });
      setPageLocale(saved.locale);
    });
  saving = next;
  return next;
}

function start(result: LookupResult): void {
  usePassengerStore.setState({
    session: { token: result.token, name: result.passenger.name },
    flights: result.flights,
    lastUpdate: Date.now(),
  });
  setPageLocale(result.passenger.locale as PassengerLocale);
  connectLive(result.token);
  void fetchPreferences(result.token).then(
    (preferences) => usePassengerStore.setState({ preferences }),
    () => undefined,
  );
}

function connectLive(token: string): void {
  socket?.close();
  const live: Socket<PassengerServerToClientEvents, PassengerClientToServerEvents> = io(
    PASSENGER_NAMESPACE,
    { auth: { token }, transports: ['websocket', 'polling'] },
  );
  socket = live;
  usePassengerStore.setState({ live: 'connecting' });
  live.on('connect', () => usePassengerStore.setState({ live: 'live' }));
  live.on('disconnect', () => usePassengerStore.setState({ live: 'offline' }));
  live.on('connect_error', (error) => {
    usePassengerStore.setState({ live: 'offline' });
    // The token ran out (or the hub's secret changed): look the booking up again, once.
    if (error.message === 'UNAUTHORIZED') void renew();
  });
  live.on('flight:status', (payload: unknown) => {
    const parsed = publicFlightSchema.safeParse(payload);
    if (parsed.success) applyFlightStatus(parsed.data);
  });
}

async function renew(): Promise<void> {
  const booking = rememberedBooking();
  if (!booking) return signOut();
  try {
    const result: LookupResult = await lookUpBooking(booking.pnr, booking.lastName);
    usePassengerStore.setState({
      session: { token: result.token, name: result.passenger.name },
      flights: result.flights,
    });
    connectLive(result.token);
  } catch {
    signOut();
  }
}
