// The timeline page's map: the region's country outlines (world-atlas, served from
// /vendor/region-atlas.json; no tile server) drawn as SVG with d3-geo, and one circle per place
// the shown entries name. The page calls `update` whenever its entries change, so the map follows
// every filter and time travel. Text reaches the DOM through textContent only.

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 640;
const HEIGHT = 420;
// Central Asia with Xinjiang, Afghanistan and the Caspian shore: the field this timeline covers.
const EXTENT = {
  type: 'MultiPoint',
  coordinates: [
    [46.5, 35.5],
    [89, 35.5],
    [46.5, 55.5],
    [89, 55.5],
  ],
};
const CENTRAL_ASIA = new Set(['398', '417', '762', '795', '860']);

function svg(tag, attributes = {}) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  return node;
}

/**
 * A map in `container`. `onPlace(id)` is called when a reader picks a place; `hrefFor(id)` gives
 * the link each place carries (so it works with a keyboard, and opens in a new tab too).
 */
export function createMap(container, { onPlace, hrefFor }) {
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
  const marks = svg('g', { class: 'map-marks' });
  root.append(land, marks);
  container.replaceChildren(root);

  const ready = fetch('/vendor/region-atlas.json')
    .then((response) => (response.ok ? response.json() : Promise.reject(new Error(response.statusText))))
    .then((atlas) => {
      const countries = topojson.feature(atlas, atlas.objects.countries).features;
      for (const country of countries) {
        const outline = svg('path', {
          d: path(country) ?? '',
          class: CENTRAL_ASIA.has(country.id) ? 'map-country map-central' : 'map-country',
        });
        const title = svg('title');
        title.textContent = country.properties?.name ?? '';
        outline.append(title);
        land.append(outline);
      }
      const borders = svg('path', {
        d: path(topojson.mesh(atlas, atlas.objects.countries, (a, b) => a !== b)) ?? '',
        class: 'map-borders',
      });
      land.append(borders);
      root.classList.add('map-ready');
    });

  marks.addEventListener('click', (event) => {
    const link = event.target.closest('a[data-place]');
    if (!link || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    onPlace(link.dataset.place);
  });

  /** Circles for `places` (`{ id, name, lat, lon, count }`), the `selected` ids emphasised. */
  function update(places, selected) {
    const chosen = new Set(selected);
    const sorted = [...places].sort((a, b) => b.count - a.count);
    const nodes = [];
    for (const place of sorted) {
      const point = projection([place.lon, place.lat]);
      if (!point || point[0] < 0 || point[0] > WIDTH || point[1] < 0 || point[1] > HEIGHT) continue;
      const [x, y] = point.map((n) => Math.round(n * 10) / 10);
      const radius = 4 + Math.sqrt(place.count) * 2.5;
      const link = svg('a', {
        href: hrefFor(place.id),
        class: chosen.has(place.id) ? 'map-place map-place-selected' : 'map-place',
        'data-place': place.id,
        'aria-label': `${place.name}: ${place.count} ${place.count === 1 ? 'entry' : 'entries'}`,
      });
      const title = svg('title');
      title.textContent = `${place.name}: ${place.count} ${place.count === 1 ? 'entry' : 'entries'}`;
      const label = svg('text', { x: x + radius + 3, y: y + 4, class: 'map-label' });
      label.textContent = place.name;
      link.append(title, svg('circle', { cx: x, cy: y, r: radius.toFixed(1) }), label);
      nodes.push(link);
    }
    marks.replaceChildren(...nodes);
    return nodes.length;
  }

  return { ready, update };
}
