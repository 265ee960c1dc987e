export * from './flight';
export * from './status-machine';
export * from './delay-codes';
export * from './protocol';
export * from './flight-change';
export * from './etd-input';
export * from './roles';
export * from './notification-summary';
