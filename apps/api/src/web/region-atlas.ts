import { readFileSync } from 'node:fs';

/**
 * The country outlines the timeline page's map draws (Natural Earth 1:50m via `world-atlas`, public
 * domain), cut down at start to the region and its neighbours: a page needs a few dozen kilobytes,
 * not the whole world's 740. TopoJSON stays TopoJSON (the page reads it with topojson-client), so
 * only the arcs these countries use are kept, renumbered.
 */
const REGION = new Set([
  '398', // Kazakhstan
  '417', // Kyrgyzstan
  '762', // Tajikistan
  '795', // Turkmenistan
  '860', // Uzbekistan
  '004', // Afghanistan
  '156', // China
  '643', // Russia
  '586', // Pakistan
  '364', // Iran
  '496', // Mongolia
  '356', // India
  '031', // Azerbaijan
]);

interface Geometry {
  type: string;
  id?: string;
  properties?: { name?: string };
  arcs?: unknown;
}
interface Topology {
  type: 'Topology';
  transform?: unknown;
  arcs: unknown[];
  objects: { countries: { type: string; geometries: Geometry[] } };
}

/** Arc references nest one level per geometry type (Polygon: rings; MultiPolygon: polygons of rings). */
function remapArcs(arcs: unknown, index: (arc: number) => number): unknown {
  if (typeof arcs === 'number') return arcs < 0 ? ~index(~arcs) : index(arcs);
  return Array.isArray(arcs) ? arcs.map((a) => remapArcs(a, index)) : arcs;
}

export function regionAtlas(path: string): Buffer {
  const world = JSON.parse(readFileSync(path, 'utf8')) as Topology;
  const geometries = world.objects.countries.geometries.filter((g) => g.id !== undefined && REGION.has(g.id));
  const kept: unknown[] = [];
  const renumbered = new Map<number, number>();
  const index = (arc: number): number => {
    let next = renumbered.get(arc);
    if (next === undefined) {
      next = kept.length;
      renumbered.set(arc, next);
      kept.push(world.arcs[arc]);
    }
    return next;
  };
  const topology: Topology = {
    type: 'Topology',
    transform: world.transform,
    arcs: kept,
    objects: {
      countries: {
        type: 'GeometryCollection',
        geometries: geometries.map((g) => ({
          type: g.type,
          id: g.id,
          properties: { name: g.properties?.name },
          arcs: remapArcs(g.arcs, index),
        })),
      },
    },
  };
  return Buffer.from(JSON.stringify(topology));
}
