import type { Feature, FeatureCollection, MultiLineString } from 'geojson';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { feature, mesh } from 'topojson-client';

/**
 * The traffic map's base: land and country borders from Natural Earth (public domain), 1:50m, as
 * the `world-atlas` package ships them (TopoJSON, ISC). Shipped in the console, so the map works
 * with no tile server and no internet. Loaded when the map first opens: ~740 KB that no other view
 * needs.
 */
export interface BaseMap {
  land: FeatureCollection | Feature;
  /** Borders between countries (each once), not coastlines. */
  borders: MultiLineString;
}

type Countries = Topology<{ countries: GeometryCollection; land: GeometryCollection }>;

let loading: Promise<BaseMap> | null = null;

export function loadBaseMap(): Promise<BaseMap> {
  loading ??= import('world-atlas/countries-50m.json').then(({ default: raw }) => {
    const topology = raw as unknown as Countries;
    return {
      land: feature(topology, topology.objects.land),
      borders: mesh(topology, topology.objects.countries, (a, b) => a !== b),
    };
  });
  return loading;
}
