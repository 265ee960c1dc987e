import express, { type Router } from 'express';
import type { Logger } from 'pino';
import type { Server } from 'socket.io';
import type { Sessions } from '../auth/sessions';
import { authorize } from '../http/request-auth';
import type { GateChanges } from '../passengers/gate-changes';
import type { Airport } from '../store/file-schemas';
import type { FlightStore } from '../store/flight-store';
import { DisplayBoards } from './display-boards';
import { DisplayRegistry, type DisplaysTable } from './display-registry';
import { attachDisplayNamespace, type DisplayNamespaceHandle } from './display-namespace';
import { displaySite, displayStatusRoutes } from './display-routes';

export interface DisplaySideOptions {
  /** The displays file or database document (store/hub-storage.ts openDisplays); closed here. */
  displays: DisplaysTable;
  store: FlightStore;
  gateChanges: GateChanges;
  airport: Airport;
  /** Folder of the display page's build (default <repo>/out/display). */
  webRoot?: string;
  logger: Logger;
  now: () => Date;
}

/**
 * Everything public screens use (contract section 12), in one place the hub starts: the
 * displays, the `/display` namespace, the page at `/display/<token>`, and what supervisors
 * and the console's own board read about them.
 */
export class DisplaySide {
  #namespace: DisplayNamespaceHandle | null = null;
  #unsubscribe: () => void = () => undefined;

  private constructor(
    private readonly options: DisplaySideOptions,
    readonly registry: DisplayRegistry,
    private readonly boards: DisplayBoards,
  ) {}

  static async start(options: DisplaySideOptions): Promise<DisplaySide> {
    return new DisplaySide(
      options,
      new DisplayRegistry(options.displays),
      new DisplayBoards(options),
    );
  }

  /** `/display/<token>` and its assets. */
  site(): Router {
    return displaySite(this.options.webRoot);
  }

  /** Routers under /api: display statuses (supervisors), the console board's gate changes. */
  apiRoutes(sessions: Sessions): Router[] {
    const board = express.Router();
    board.get('/board/gate-changes', async (req, res) => {
      await authorize(req, sessions, 'readFlights', 'read the board');
      res.json({ gateChanges: await this.boards.recentGateChanges() });
    });
    return [displayStatusRoutes({ sessions, statuses: () => this.statuses() }), board];
  }

  /** The `/display` Socket.IO namespace, following the store's durable changes. */
  attach(io: Server): void {
    const namespace = attachDisplayNamespace(io, {
      registry: this.registry,
      boards: this.boards,
      airportCountry: this.options.airport.country,
      logger: this.options.logger,
      now: this.options.now,
    });
    this.#namespace = namespace;
    this.#unsubscribe = this.options.store.subscribe((changes) => namespace.publish(changes));
  }

  statuses() {
    return this.#namespace?.statuses() ?? [];
  }

  close(): void {
    this.#unsubscribe();
    this.#namespace?.close();
    this.registry.close();
  }
}
