import type { Role } from './protocol';

/** What each role may do (contract section 1). The hub enforces; the console only hides. */
export const ROLE_PERMISSIONS = {
  viewer: {
    readFlights: true,
    editFlights: false,
    correctStatus: false,
    managePassengers: false,
    manageSchedule: false,
  },
  agent: {
    readFlights: true,
    editFlights: true,
    correctStatus: false,
    managePassengers: false,
    manageSchedule: false,
  },
  supervisor: {
    readFlights: true,
    editFlights: true,
    /** Reinstate a cancelled flight, take back a wrong Departed (core/status-machine.ts). */
    correctStatus: true,
    managePassengers: true,
    /** Schedule imports, ad hoc flights, gate lists (v2). */
    manageSchedule: true,
  },
} as const satisfies Record<Role, Record<string, boolean>>;

export type Permission = keyof (typeof ROLE_PERMISSIONS)['viewer'];

export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role][permission];
}
