import { utilityProcess } from 'electron';
import type { HubChildFactory } from '../hub-process/hub-in-child';

/** The hub's process as an Electron utility process (a Chromium service with Node inside). */
export function utilityHubChild(modulePath: string): HubChildFactory {
  return () => {
    const child = utilityProcess.fork(modulePath, [], {
      serviceName: 'Jetbridge hub',
      stdio: 'inherit',
    });
    return {
      postMessage: (message) => child.postMessage(message),
      onMessage: (listener) => child.on('message', listener),
      onExit: (listener) => child.on('exit', (code) => listener(code)),
      kill: () => void child.kill(),
    };
  };
}
