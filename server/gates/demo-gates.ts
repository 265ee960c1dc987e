import gatesFile from '../../resources/demo/del-gates.json';
import { gateListSchema, type GateEntry } from '../../core/gates';

/** The demo airport's (DEL) gates, resources/demo/del-gates.json, checked like any gate list. */
export function demoGates(): GateEntry[] {
  return gateListSchema.parse((gatesFile as { gates: unknown }).gates);
}
