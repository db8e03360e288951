/**
 * A point from whatever a coordinator copies out of a map: a link from Google Maps, Yandex Maps,
 * OpenStreetMap, 2GIS or Apple Maps, a geo: URI, a share text with a link in it, or the
 * coordinates themselves ("59.9325, 30.4393", "59°55′57″N 30°26′21″E"). Pure: nothing is
 * fetched, so a short link (maps.app.goo.gl, yandex.ru/maps/-/…, go.2gis.com) cannot be
 * followed and is named as such, with what to copy instead.
 */

export type MapSource = 'google' | 'yandex' | 'osm' | '2gis' | 'apple' | 'geo' | 'link' | 'coordinates';

export type MapPoint = { ok: true; latitude: number; longitude: number; source: MapSource };
export type MapLinkProblem = 'empty' | 'short-link' | 'no-point' | 'out-of-range';
export type MapLinkResult = MapPoint | { ok: false; problem: MapLinkProblem };

/** The most a pasted text is read (a share text with a long link fits easily). */
const MAX_INPUT = 4000;

const NUM = String.raw`[-+]?\d{1,3}(?:\.\d+)?`;
/** "lat,lon" (or "lon,lat": the caller knows which) with a comma, maybe spaces or a plus around it. */
const PAIR = new RegExp(String.raw`^\s*(${NUM})\s*(?:,|\s|\+)\s*\+?\s*(${NUM})\s*$`);

type Pair = [number, number];

/** Two numbers in a string such as "59.93,30.31" or "59.93, +30.31"; undefined otherwise. */
function pairOf(text: string | null | undefined): Pair | undefined {
  if (!text) return undefined;
  const m = PAIR.exec(text.replace(/^loc:/i, ''));
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

const inRange = (lat: number, lon: number) => Number.isFinite(lat) && Number.isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180;
/** About 10 cm: more digits than that only look precise. */
const round = (x: number) => Math.round(x * 1e6) / 1e6 + 0;

function point(lat: number, lon: number, source: MapSource): MapLinkResult {
  if (!inRange(lat, lon)) return { ok: false, problem: 'out-of-range' };
  // 0,0 is what apps put where they have no point (geo:0,0?q=…).
  if (lat === 0 && lon === 0) return { ok: false, problem: 'no-point' };
  return { ok: true, latitude: round(lat), longitude: round(lon), source };
}

const latLon = (p: Pair | undefined, source: MapSource) => (p ? point(p[0], p[1], source) : undefined);
const lonLat = (p: Pair | undefined, source: MapSource) => (p ? point(p[1], p[0], source) : undefined);

// ---- Plain coordinates -------------------------------------------------------------------------

const HEMI_LAT: Record<string, 1 | -1> = { n: 1, s: -1, с: 1, ю: -1 };
const HEMI_LON: Record<string, 1 | -1> = { e: 1, w: -1, в: 1, з: -1 };

/** One coordinate in degrees (decimal, or degrees with minutes and seconds), with its hemisphere letter if any. */
function angle(text: string): { value: number; hemi?: string } | undefined {
  let s = text.trim().toLowerCase();
  let hemi: string | undefined;
  const lead = /^([nsewсювз])\.?\s*/.exec(s);
  if (lead) {
    hemi = lead[1];
    s = s.slice(lead[0].length);
  }
  const trail = /\s*([nsewсювз])\.?$/.exec(s);
  if (trail) {
    if (hemi) return undefined;
    hemi = trail[1];
    s = s.slice(0, -trail[0].length);
  }
  // 59°55′57.3″, 59° 55.955', 59 55 57.3, 59.9325°
  const m = /^([-+]?\d{1,3}(?:\.\d+)?)\s*(?:°|º|˚|deg)?\s*(?:(\d{1,2}(?:\.\d+)?)\s*(?:['′’]|min)?\s*(?:(\d{1,2}(?:\.\d+)?)\s*(?:["″”]|''|′′|sec)?)?)?$/.exec(s);
  if (!m) return undefined;
  const deg = Number(m[1]);
  const min = m[2] ? Number(m[2]) : 0;
  const sec = m[3] ? Number(m[3]) : 0;
  if (min >= 60 || sec >= 60) return undefined;
  if ((m[2] || m[3]) && !Number.isInteger(deg)) return undefined;
  const abs = Math.abs(deg) + min / 60 + sec / 3600;
  return { value: (deg < 0 || m[1]!.startsWith('-') ? -1 : 1) * abs, hemi };
}

/** Coordinates typed or copied as text, latitude first (as every map shows them). */
function coordinatesOf(text: string): MapLinkResult | undefined {
  // "59°55′57″ с. ш. 30°26′21″ в. д.", as Russian sources write them: the same letters as N, E.
  const s = text
    .trim()
    .replace(/(^|[\s\d°′″'"])с\.?\s*ш\.?/giu, '$1N')
    .replace(/(^|[\s\d°′″'"])ю\.?\s*ш\.?/giu, '$1S')
    .replace(/(^|[\s\d°′″'"])в\.?\s*д\.?/giu, '$1E')
    .replace(/(^|[\s\d°′″'"])з\.?\s*д\.?/giu, '$1W');
  // Decimal commas, as typed on a Russian keyboard: "59,9325 30,4393" or "59,9325; 30,4393".
  const commas = /^([-+]?\d{1,3},\d+)\s*[;\s]\s*([-+]?\d{1,3},\d+)$/.exec(s);
  if (commas) return point(Number(commas[1]!.replace(',', '.')), Number(commas[2]!.replace(',', '.')), 'coordinates');
  const plain = pairOf(s.replace(/;/, ','));
  if (plain) return point(plain[0], plain[1], 'coordinates');
  // Two angles split by a comma or semicolon, or by the hemisphere letter between them.
  const parts = /^(.+?)\s*[,;]\s*(.+)$/.exec(s) ?? /^(.+?[nsсюNSСЮ]\.?)\s+(.+)$/.exec(s) ?? /^([^\s]+(?:\s+[^\s]+){0,2}?)\s+([nsewсювзNSEWСЮВЗ]?\s*[-+]?\d.*)$/.exec(s);
  if (!parts) return undefined;
  const a = angle(parts[1]!);
  const b = angle(parts[2]!);
  if (!a || !b) return undefined;
  // "30°E, 59°N": the letters say which is which.
  const swapped = (a.hemi && a.hemi in HEMI_LON) || (b.hemi && b.hemi in HEMI_LAT);
  const [lat, lon] = swapped ? [b, a] : [a, b];
  if ((lat.hemi && !(lat.hemi in HEMI_LAT)) || (lon.hemi && !(lon.hemi in HEMI_LON))) return undefined;
  const sign = (x: { value: number; hemi?: string }, table: Record<string, 1 | -1>) => (x.hemi ? table[x.hemi]! * Math.abs(x.value) : x.value);
  return point(sign(lat, HEMI_LAT), sign(lon, HEMI_LON), 'coordinates');
}

// ---- OpenStreetMap's short links (osm.org/go/…) ------------------------------------------------

const OSM_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_~';

/**
 * Decodes the code of an osm.org/go/ link: 6 bits a character, interleaving longitude and
 * latitude bits (the algorithm of openstreetmap-website's ShortLink); returns [lat, lon].
 */
export function decodeOsmShortCode(code: string): Pair | undefined {
  let x = 0;
  let y = 0;
  let bits = 0;
  for (const ch of code.replace(/@/g, '~')) {
    const t = OSM_CHARS.indexOf(ch);
    if (t < 0) {
      if (ch === '-') continue;
      return undefined;
    }
    for (let i = 2; i >= 0; i--) {
      x = x * 2 + ((t >> (2 * i + 1)) & 1);
      y = y * 2 + ((t >> (2 * i)) & 1);
    }
    bits += 3;
  }
  if (bits === 0 || bits > 32) return undefined;
  const scale = 2 ** (32 - bits);
  return [(y * scale * 180) / 2 ** 32 - 90, (x * scale * 360) / 2 ** 32 - 180];
}

// ---- Links -------------------------------------------------------------------------------------

const hostIs = (host: string, ...names: string[]) => names.some((n) => host === n || host.endsWith(`.${n}`));
/** google.com, google.ru, google.co.uk, maps.google.de, … */
const isGoogle = (host: string) => /(^|\.)google\.(com?\.)?[a-z]{2,3}$/.test(host);
const isYandex = (host: string) => /(^|\.)yandex\.(com?\.)?[a-z]{2,3}$/.test(host) || hostIs(host, 'ya.ru');
const is2gis = (host: string) => /(^|\.)2gis\.(com?\.)?[a-z]{2,3}$/.test(host);

/** The first value among these query parameters that reads as a pair. */
function param(q: URLSearchParams, ...names: string[]): Pair | undefined {
  for (const name of names) {
    for (const v of q.getAll(name)) {
      const p = pairOf(v);
      if (p) return p;
    }
  }
  return undefined;
}

/** Separate latitude and longitude parameters (lat & lon, mlat & mlon, lat_to & lon_to, …). */
function latLonParams(q: URLSearchParams): Pair | undefined {
  for (const [la, lo] of [
    ['mlat', 'mlon'],
    ['lat_to', 'lon_to'],
    ['lat', 'lon'],
    ['lat', 'lng'],
    ['latitude', 'longitude'],
  ] as const) {
    const a = q.get(la);
    const b = q.get(lo);
    if (a && b && new RegExp(`^${NUM}$`).test(a.trim()) && new RegExp(`^${NUM}$`).test(b.trim())) return [Number(a), Number(b)];
  }
  return undefined;
}

function google(url: URL, path: string): MapLinkResult | undefined {
  const q = url.searchParams;
  // The place itself (data=…!3d<lat>!4d<lon>): exact, where "@" is only the middle of the view.
  const data = [...path.matchAll(/!3d(-?\d+(?:\.\d+)?)!4d(-?\d+(?:\.\d+)?)/g)].at(-1);
  if (data) return point(Number(data[1]), Number(data[2]), 'google');
  // /maps/place/59.93,30.31/… and /maps/search/59.93,+30.31 (or in degrees, minutes and seconds).
  const named = /\/maps\/(?:place|search)\/([^/@]+)/.exec(path)?.[1];
  if (named) {
    const p = coordinatesOf(named.replace(/\+/g, ' '));
    if (p?.ok) return { ...p, source: 'google' };
  }
  // Directions: the last stop given as coordinates.
  const dir = /\/maps\/dir\/(.*)$/.exec(path)?.[1];
  if (dir) {
    const stops = dir.split('/').filter((s) => s && !s.startsWith('@') && !s.startsWith('data='));
    const last = stops.map((s) => pairOf(s.replace(/\+/g, ' '))).at(-1);
    if (last) return latLon(last, 'google');
    const legs = [...path.matchAll(/!1d(-?\d+(?:\.\d+)?)!2d(-?\d+(?:\.\d+)?)/g)].at(-1);
    if (legs) return point(Number(legs[2]), Number(legs[1]), 'google');
  }
  const asked = param(q, 'destination', 'daddr', 'q', 'query', 'viewpoint', 'center', 'll', 'sll');
  if (asked) return latLon(asked, 'google');
  const at = /\/@(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?)/.exec(path);
  if (at) return point(Number(at[1]), Number(at[2]), 'google');
  return undefined;
}

function yandex(url: URL): MapLinkResult | undefined {
  const q = url.searchParams;
  // Yandex writes longitude first, except in a route (rtext) and in a search for coordinates (text).
  const marker = q.get('pt')?.split('~')[0]?.split(',');
  if (marker && marker.length >= 2) {
    const p = pairOf(`${marker[0]},${marker[1]}`);
    if (p) return lonLat(p, 'yandex');
  }
  const here = param(q, 'whatshere[point]', 'poi[point]');
  if (here) return lonLat(here, 'yandex');
  const route = q.get('rtext')?.split('~').filter(Boolean).at(-1);
  if (route && pairOf(route)) return latLon(pairOf(route), 'yandex');
  const text = q.get('text');
  if (text) {
    const p = coordinatesOf(text);
    if (p?.ok) return { ...p, source: 'yandex' };
  }
  const navi = latLonParams(q);
  if (navi) return latLon(navi, 'yandex');
  const centre = param(q, 'll');
  if (centre) return lonLat(centre, 'yandex');
  return undefined;
}

function osm(url: URL, hash: string): MapLinkResult | undefined {
  const q = url.searchParams;
  const go = /^\/go\/([A-Za-z0-9_~@-]+)/.exec(url.pathname)?.[1];
  if (go) return latLon(decodeOsmShortCode(go), 'osm');
  const marker = latLonParams(q);
  if (marker) return latLon(marker, 'osm');
  // Directions: the destination (route=lat,lon;lat,lon, or to=lat, lon).
  const route = q.get('route')?.split(';').filter(Boolean).at(-1);
  const asked = (route ? pairOf(route) : undefined) ?? param(q, 'to', 'query');
  if (asked) return latLon(asked, 'osm');
  const map = /(?:^|[#&?])map=\d+(?:\.\d+)?\/(-?\d+(?:\.\d+)?)\/(-?\d+(?:\.\d+)?)/.exec(hash) ?? /(?:^|&)map=\d+(?:\.\d+)?\/(-?\d+(?:\.\d+)?)\/(-?\d+(?:\.\d+)?)/.exec(url.search.slice(1));
  if (map) return point(Number(map[1]), Number(map[2]), 'osm');
  return undefined;
}

function twoGis(url: URL, path: string): MapLinkResult | undefined {
  // 2GIS writes longitude first everywhere: ?m=30.31,59.93/16, /geo/<id>/30.31,59.93, routes |30.31,59.93;…
  const m = url.searchParams.get('m')?.split('/')[0];
  const fromPath = [...path.matchAll(/(?:^|[/|;])(-?\d{1,3}\.\d+),(-?\d{1,2}\.\d+)(?=$|[/;|?])/g)].at(-1);
  if (fromPath) return point(Number(fromPath[2]), Number(fromPath[1]), '2gis');
  if (m && pairOf(m)) return lonLat(pairOf(m), '2gis');
  return undefined;
}

function apple(url: URL): MapLinkResult | undefined {
  return latLon(param(url.searchParams, 'coordinate', 'll', 'daddr', 'q', 'sll', 'center'), 'apple');
}

function isShortLink(url: URL): boolean {
  const host = url.hostname;
  const path = url.pathname;
  return (
    hostIs(host, 'maps.app.goo.gl', 'g.co') ||
    (hostIs(host, 'goo.gl') && /^\/maps/.test(path)) ||
    (hostIs(host, 'app.goo.gl') && /^\/maps/.test(path)) ||
    (isYandex(host) && /^\/maps\/-\//.test(path)) ||
    hostIs(host, 'go.2gis.com') ||
    (hostIs(host, 'maps.apple') && /^\/p\//.test(path))
  );
}

function linkOf(text: string): MapLinkResult | undefined {
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    return undefined;
  }
  if (!/^https?:$/.test(url.protocol) || !url.hostname.includes('.')) return undefined;
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  if (isShortLink(url)) return { ok: false, problem: 'short-link' };
  let path = url.pathname;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    // Keep it as it came.
  }
  let hash = url.hash.slice(1);
  try {
    hash = decodeURIComponent(hash);
  } catch {
    // Keep it as it came.
  }
  const found = isGoogle(host)
    ? google(url, path)
    : isYandex(host)
      ? yandex(url)
      : hostIs(host, 'openstreetmap.org', 'osm.org', 'openstreetmap.ru')
        ? osm(url, hash)
        : is2gis(host)
          ? twoGis(url, path)
          : hostIs(host, 'maps.apple.com', 'maps.apple')
            ? apple(url)
            : latLon(latLonParams(url.searchParams) ?? param(url.searchParams, 'q', 'll', 'query', 'center'), 'link');
  return found ?? { ok: false, problem: 'no-point' };
}

function geoUri(text: string): MapLinkResult | undefined {
  const m = /^geo:([^?#]*)(?:\?(.*))?$/i.exec(text.trim());
  if (!m) return undefined;
  const [coords] = m[1]!.split(';');
  const parts = (coords ?? '').split(',');
  const p = parts.length >= 2 ? pairOf(`${parts[0]},${parts[1]}`) : undefined;
  if (p && !(p[0] === 0 && p[1] === 0)) return latLon(p, 'geo');
  // geo:0,0?q=59.93,30.31(Label): the point is in the query.
  const query = new URLSearchParams(m[2] ?? '').get('q')?.replace(/\(.*\)\s*$/, '');
  const asked = pairOf(query);
  return asked ? latLon(asked, 'geo') : { ok: false, problem: 'no-point' };
}

/** Reads a point from what was pasted: a map link (alone or in a share text), a geo: URI, or coordinates. */
export function parseMapLink(input: string): MapLinkResult {
  const text = input.slice(0, MAX_INPUT).replace(/[\u00a0\u2009\u202f]/g, ' ').trim();
  if (text === '') return { ok: false, problem: 'empty' };
  const geo = geoUri(text);
  if (geo) return geo;
  const coordinates = coordinatesOf(text);
  if (coordinates) return coordinates;
  // A link alone, or inside a share text ("Ладожская — Яндекс Карты https://…").
  const link = /(?:https?:\/\/|geo:)\S+/i.exec(text)?.[0] ?? (/^\S+$/.test(text) && /[./]/.test(text) ? text : undefined);
  if (link) {
    const cleaned = link.replace(/[)\]}>.,;!?»"']+$/, '');
    return (cleaned.toLowerCase().startsWith('geo:') ? geoUri(cleaned) : linkOf(cleaned)) ?? { ok: false, problem: 'no-point' };
  }
  return { ok: false, problem: 'no-point' };
}

/** The point as shown back and kept in the form: "59.9325, 30.4393". */
export function formatPoint(latitude: number, longitude: number): string {
  return `${round(latitude)}, ${round(longitude)}`;
}

/** A plain link to the point on openstreetmap.org, to check it (no scripts or tiles of theirs on our pages). */
export function osmLink(latitude: number, longitude: number): string {
  const lat = round(latitude);
  const lon = round(longitude);
  return `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=17/${lat}/${lon}`;
}
