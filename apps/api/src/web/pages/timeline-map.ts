// The timeline page's map: the region's country outlines (world-atlas, served from
// /vendor/region-atlas.json; no tile server) drawn as SVG with d3-geo, and one circle per place
// the shown entries name. The page calls `update` whenever its entries change, so the map follows
// every filter and time travel. Text reaches the DOM through textContent only. d3-geo and
// topojson-client come as the vendor scripts the page loads first (window.d3, window.topojson).

import type * as D3Geo from 'd3-geo';
import type { Feature, Geometry, MultiPoint } from 'geojson';
import type * as TopojsonClient from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';

declare global {
  interface Window {
    d3?: typeof D3Geo;
    topojson?: typeof TopojsonClient;
  }
}

/** A place the shown entries name, with how many name it. */
export interface MapPlace {
  id: string;
  name: string;
  lat: number;
  lon: number;
  count: number;
}

export interface TimelineMap {
  /** Resolves once the outlines are drawn. */
  ready: Promise<void>;
  /** Draws `places`, the `selected` ids emphasised; answers how many are on the map. */
  update(places: readonly MapPlace[], selected: readonly string[]): number;
}

type Atlas = Topology<{ countries: GeometryCollection<{ name?: string }> }>;

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 640;
const HEIGHT = 420;
// Central Asia with Xinjiang, Afghanistan and the Caspian shore: the field this timeline covers.
// The box's edges are sampled every degree: in a conic projection parallels bend, so its corners
// alone would cut off the middle of the southern edge.
const WEST = 46.5;
const EAST = 89;
const SOUTH = 29.5;
const NORTH = 55.5;
const EXTENT: MultiPoint = { type: 'MultiPoint', coordinates: [] };
for (let lon = WEST; lon <= EAST; lon += 1) EXTENT.coordinates.push([lon, SOUTH], [lon, NORTH]);
for (let lat = SOUTH; lat <= NORTH; lat += 1) EXTENT.coordinates.push([WEST, lat], [EAST, lat]);
// Country names drawn on the map, at their outline's centroid (some nudged to where they read).
const NAMED: Record<string, string> = {
  398: 'Kazakhstan',
  417: 'Kyrgyzstan',
  762: 'Tajikistan',
  795: 'Turkmenistan',
  860: 'Uzbekistan',
  '004': 'Afghanistan',
  156: 'China',
};
const NAME_AT: Record<string, [number, number]> = { 156: [86.5, 39], 398: [67, 48.5], '004': [65, 33.5] };
const CENTRAL_ASIA = new Set(['398', '417', '762', '795', '860']);

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

function svg(tag: string, attributes: Record<string, string | number> = {}): SVGElement {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  return node;
}

/**
 * A map in `container`. `onPlace(id)` is called when a reader picks a place; `hrefFor(id)` gives
 * the link each place carries (so it works with a keyboard, and opens in a new tab too).
 */
export function createMap(
  container: HTMLElement,
  { onPlace, hrefFor }: { onPlace: (id: string) => void; hrefFor: (id: string) => string },
): TimelineMap | undefined {
  const { d3, topojson } = window;
  if (!d3?.geoPath || !topojson?.feature) return undefined;
  const projection = d3
    .geoConicConformal()
    .parallels([38, 50])
    .rotate([-68, 0])
    .fitExtent(
      [
        [8, 8],
        [WIDTH - 8, HEIGHT - 8],
      ],
      EXTENT,
    );
  const path = d3.geoPath(projection);
  const root = svg('svg', {
    viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
    class: 'map-svg',
    role: 'group',
    'aria-label': 'Map of the places the entries shown name',
  });
  const land = svg('g', { class: 'map-land' });
  const names = svg('g', { class: 'map-names', 'aria-hidden': 'true' });
  const marks = svg('g', { class: 'map-marks' });
  root.append(land, names, marks);
  container.replaceChildren(root);

  const ready = fetch('/vendor/region-atlas.json')
    .then((response) => (response.ok ? response.json() : Promise.reject(new Error(response.statusText))))
    .then((json: unknown) => {
      const atlas = json as Atlas;
      const countries = topojson.feature(atlas, atlas.objects.countries).features as Feature<
        Geometry,
        { name?: string }
      >[];
      for (const country of countries) {
        const outline = svg('path', {
          d: path(country) ?? '',
          class: CENTRAL_ASIA.has(String(country.id)) ? 'map-country map-central' : 'map-country',
        });
        const title = svg('title');
        title.textContent = country.properties?.name ?? '';
        outline.append(title);
        land.append(outline);
      }
      for (const country of countries) {
        const name = NAMED[String(country.id)] ?? NAMED[String(Number(country.id))];
        if (!name) continue;
        const at = NAME_AT[String(country.id)] ?? NAME_AT[String(Number(country.id))];
        const point = at ? projection(at) : path.centroid(country);
        if (!point || Number.isNaN(point[0])) continue;
        const label = svg('text', {
          x: Math.round(point[0]),
          y: Math.round(point[1]),
          class: 'map-country-name',
          'text-anchor': 'middle',
        });
        label.textContent = name;
        names.append(label);
      }
      const borders = svg('path', {
        d: path(topojson.mesh(atlas, atlas.objects.countries, (a, b) => a !== b)) ?? '',
        class: 'map-borders',
      });
      land.append(borders);
      root.classList.add('map-ready');
    });

  marks.addEventListener('click', (event: MouseEvent) => {
    const link = event.target instanceof Element ? event.target.closest<SVGElement>('a[data-place]') : null;
    if (!link?.dataset.place || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    onPlace(link.dataset.place);
  });

  /** Circles for `places` (`{ id, name, lat, lon, count }`), the `selected` ids emphasised. */
  function update(places: readonly MapPlace[], selected: readonly string[]): number {
    const chosen = new Set(selected);
    const sorted = [...places].sort((a, b) => b.count - a.count);
    const nodes: SVGElement[] = [];
    // Labels are placed biggest place first; one that would overlap a placed one is left out
    // (the circle keeps its tooltip, and the list under the map names every place).
    const placed: Box[] = [];
    const overlaps = (box: Box) =>
      placed.some(
        (b) => box.x < b.x + b.w && b.x < box.x + box.w && box.y < b.y + b.h && b.y < box.y + box.h,
      );
    for (const place of sorted) {
      const point = projection([place.lon, place.lat]);
      if (!point || point[0] < 0 || point[0] > WIDTH || point[1] < 0 || point[1] > HEIGHT) continue;
      const [x, y] = point.map((n) => Math.round(n * 10) / 10) as [number, number];
      const radius = 6 + Math.sqrt(place.count) * 3;
      const link = svg('a', {
        href: hrefFor(place.id),
        class: chosen.has(place.id) ? 'map-place map-place-selected' : 'map-place',
        'data-place': place.id,
        'aria-label': `${place.name}: ${place.count} ${place.count === 1 ? 'entry' : 'entries'}`,
      });
      const title = svg('title');
      title.textContent = `${place.name}: ${place.count} ${place.count === 1 ? 'entry' : 'entries'}`;
      link.append(title, svg('circle', { cx: x, cy: y, r: radius.toFixed(1) }));
      const box = { x: x + radius + 4, y: y - 9, w: place.name.length * 9.5, h: 18 };
      if (!overlaps(box) && box.x + box.w <= WIDTH) {
        placed.push(box);
        const label = svg('text', { x: box.x, y: y + 6, class: 'map-label' });
        label.textContent = place.name;
        link.append(label);
      }
      nodes.push(link);
    }
    marks.replaceChildren(...nodes);
    return nodes.length;
  }

  return { ready, update };
}
