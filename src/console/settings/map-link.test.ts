import { describe, expect, it } from 'vitest';
import { decodeOsmShortCode, formatPoint, osmLink, parseMapLink, type MapSource } from './map-link.ts';

/** What a pasted text reads as: [latitude, longitude, source] or the problem. */
const read = (text: string) => {
  const r = parseMapLink(text);
  return r.ok ? [r.latitude, r.longitude, r.source] : r.problem;
};
const at = (lat: number, lon: number, source: MapSource) => [lat, lon, source];

describe('a point from a pasted map link', () => {
  it('Google Maps: the place’s own point first, then a place or search given as coordinates, a query, directions, the view', () => {
    // A place: data=…!3d!4d is the place, "@" only the middle of the view.
    expect(read('https://www.google.com/maps/place/%D0%9B%D0%B0%D0%B4%D0%BE%D0%B6%D1%81%D0%BA%D0%B0%D1%8F/@59.9321,30.4356,17z/data=!3m1!4b1!4m6!3m5!1s0x4696326b5c8c0a8f:0x2b1f!8m2!3d59.9325051!4d30.4393117!16s%2Fg%2F1tf0')).toEqual(at(59.932505, 30.439312, 'google'));
    expect(read('https://www.google.com/maps/place/Central+Park/@40.8,-73.9,15z/data=!3m1!4b1!4m5!3m4!1s0x89c2589a018531e3:0xb9df1f3170d990b5!8m2!3d40.785091!4d-73.968285')).toEqual(at(40.785091, -73.968285, 'google'));
    expect(read('https://www.google.ru/maps/place/59.9325,30.4393/@59.93,30.43,15z/data=!3m1!1e3')).toEqual(at(59.9325, 30.4393, 'google'));
    expect(read('https://www.google.com/maps/place/52.492611,+13.431726/@52.4929475,13.4317905,17z/data=!4m4!3m3!8m2?force=pwa')).toEqual(at(52.492611, 13.431726, 'google'));
    // A dropped pin is shown in degrees, minutes and seconds.
    expect(read("https://www.google.com/maps/place/59%C2%B055'57.0%22N+30%C2%B026'21.5%22E/@59.9325,30.4393,17z")).toEqual(at(59.9325, 30.439306, 'google'));
    expect(read('https://www.google.com/maps/search/59.9325,+30.4393?entry=tts')).toEqual(at(59.9325, 30.4393, 'google'));
    expect(read('https://www.google.com/maps/search/?api=1&query=59.9325%2C30.4393')).toEqual(at(59.9325, 30.4393, 'google'));
    expect(read('https://maps.google.com/?q=59.9325,30.4393&entry=gps')).toEqual(at(59.9325, 30.4393, 'google'));
    expect(read('https://maps.google.com/maps?q=loc:59.9325+30.4393')).toEqual(at(59.9325, 30.4393, 'google'));
    expect(read('https://www.google.com/maps/dir/?api=1&destination=59.9325,30.4393')).toEqual(at(59.9325, 30.4393, 'google'));
    expect(read('https://www.google.com/maps/dir/59.95,30.3/59.9325,30.4393/@59.94,30.37,13z')).toEqual(at(59.9325, 30.4393, 'google'));
    expect(read('https://www.google.com/maps/@?api=1&map_action=map&center=-33.712206,150.311941&zoom=12')).toEqual(at(-33.712206, 150.311941, 'google'));
    // Only the view: its middle.
    expect(read('https://www.google.com/maps/@59.9325,30.4393,17z?entry=ttu')).toEqual(at(59.9325, 30.4393, 'google'));
    expect(read('https://www.google.com/maps/@53.512825,57.6891441,3a,75y,90t/data=!3m6!1e1')).toEqual(at(53.512825, 57.689144, 'google'));
    expect(read('google.com/maps/@59.9325,30.4393,17z')).toEqual(at(59.9325, 30.4393, 'google'));
    // A place by name alone carries no point.
    expect(read('https://www.google.com/maps/place/Berlin,+Germany/data=!4m2!3m1!1s0x47a8')).toBe('no-point');
    expect(read('https://www.google.com/maps/search/restaurants+near+me')).toBe('no-point');
  });

  it('Yandex Maps: longitude first in ll, pt and whatshere; latitude first in a route and a search', () => {
    expect(read('https://yandex.ru/maps/2/saint-petersburg/?ll=30.439300%2C59.932500&z=17')).toEqual(at(59.9325, 30.4393, 'yandex'));
    // The marker wins over the middle of the view.
    expect(read('https://yandex.ru/maps/?ll=30.3%2C59.9&pt=30.4393,59.9325&z=15&l=map')).toEqual(at(59.9325, 30.4393, 'yandex'));
    expect(read('https://yandex.ru/maps/?pt=30.4393,59.9325,pm2rdm~30.31,59.93,pm2blm')).toEqual(at(59.9325, 30.4393, 'yandex'));
    // "What is here?" on a right click.
    expect(read('https://yandex.ru/maps/2/saint-petersburg/?ll=30.43%2C59.93&mode=whatshere&whatshere%5Bpoint%5D=30.439300%2C59.932500&whatshere%5Bzoom%5D=17&z=17')).toEqual(at(59.9325, 30.4393, 'yandex'));
    expect(read('https://yandex.com/maps?whatshere%5Bpoint%5D=144.96315783657045%2C-37.81384550131279&whatshere%5Bzoom%5D=17.85&ll=144.96%2C-37.81&z=17.85')).toEqual(at(-37.813846, 144.963158, 'yandex'));
    expect(read('https://yandex.ru/maps/org/punkt/1234567890/?ll=30.439300%2C59.932500&z=16')).toEqual(at(59.9325, 30.4393, 'yandex'));
    expect(read('https://yandex.ru/maps/?mode=routes&rtext=59.95%2C30.3~59.932500%2C30.439300&rtt=auto')).toEqual(at(59.9325, 30.4393, 'yandex'));
    expect(read('https://yandex.ru/maps/?text=59.932500%2C30.439300')).toEqual(at(59.9325, 30.4393, 'yandex'));
    expect(read('https://maps.yandex.ru/?ll=30.4393,59.9325&z=16')).toEqual(at(59.9325, 30.4393, 'yandex'));
    expect(read('yandex.ru/maps/?ll=30.4393%2C59.9325&z=16')).toEqual(at(59.9325, 30.4393, 'yandex'));
    expect(read('https://yandex.ru/maps/org/94933420809/')).toBe('no-point');
  });

  it('OpenStreetMap: the marker, the map’s middle, directions, and short links decoded', () => {
    expect(read('https://www.openstreetmap.org/#map=17/59.93250/30.43930')).toEqual(at(59.9325, 30.4393, 'osm'));
    expect(read('https://www.openstreetmap.org/?mlat=59.9325&mlon=30.4393#map=17/59.9/30.4')).toEqual(at(59.9325, 30.4393, 'osm'));
    expect(read('https://www.openstreetmap.org/#map%3D16%2F51.49%2F-0.13')).toEqual(at(51.49, -0.13, 'osm'));
    expect(read('https://www.openstreetmap.org/#map=19/59.93250/30.43930&layers=H')).toEqual(at(59.9325, 30.4393, 'osm'));
    expect(read('https://www.openstreetmap.org/directions?engine=fossgis_osrm_car&route=59.95%2C30.3%3B59.9325%2C30.4393#map=13/59.94/30.37')).toEqual(at(59.9325, 30.4393, 'osm'));
    expect(read('https://www.openstreetmap.org/search?query=59.9325%2C30.4393#map=17/59.9325/30.4393')).toEqual(at(59.9325, 30.4393, 'osm'));
    expect(read('https://osm.org/go/0EEQjE--')).toEqual(at(51.510773, 0.054932, 'osm'));
    expect(read('https://openstreetmap.org/go/0EEQjE--?m=')).toEqual(at(51.510773, 0.054932, 'osm'));
    expect(read('https://osm.org/go/NuJWxJh-')).toEqual(at(-16.231527, -49.083481, 'osm'));
    expect(read('osm.org/#map=16/51.49/-0.13')).toEqual(at(51.49, -0.13, 'osm'));
    // A node's page has no coordinates in its address.
    expect(read('https://www.openstreetmap.org/node/6284640534')).toBe('no-point');
  });

  it('decodes OpenStreetMap short codes as openstreetmap.org does', () => {
    const [lat, lon] = decodeOsmShortCode('0EEQjE--')!;
    expect(lat).toBeCloseTo(51.510772705078125, 12);
    expect(lon).toBeCloseTo(0.054931640625, 12);
    const [lat2, lon2] = decodeOsmShortCode('NuJWxJh-')!;
    expect(lat2).toBeCloseTo(-16.23152732849121, 12);
    expect(lon2).toBeCloseTo(-49.08348083496094, 12);
    expect(decodeOsmShortCode('0EE*')).toBeUndefined();
    expect(decodeOsmShortCode('')).toBeUndefined();
  });

  it('2GIS: longitude first, in the address or in m=', () => {
    expect(read('https://2gis.ru/spb/geo/5348552838611121/30.439300,59.932500')).toEqual(at(59.9325, 30.4393, '2gis'));
    expect(read('https://2gis.ru/spb/firm/70000001018064470/30.4393,59.9325?m=30.43%2C59.93%2F17')).toEqual(at(59.9325, 30.4393, '2gis'));
    expect(read('https://2gis.ru/spb?m=30.4393%2C59.9325%2F17.5')).toEqual(at(59.9325, 30.4393, '2gis'));
    expect(read('https://2gis.ru/spb/directions/points/%7C30.3%2C59.95%3B5348552838611121%7C30.4393%2C59.9325%3B70000001018064470?m=30.37%2C59.94%2F13')).toEqual(at(59.9325, 30.4393, '2gis'));
    expect(read('https://2gis.kz/almaty/geo/9430047375023487/76.945465,43.238293')).toEqual(at(43.238293, 76.945465, '2gis'));
    expect(read('https://2gis.ru/spb/firm/70000001018064470')).toBe('no-point');
  });

  it('Apple Maps and unknown sites with plain latitude and longitude parameters', () => {
    expect(read('https://maps.apple.com/?ll=59.9325,30.4393&q=Dropped%20Pin')).toEqual(at(59.9325, 30.4393, 'apple'));
    expect(read('https://maps.apple.com/?address=Ladozhskaya&coordinate=59.9325,30.4393')).toEqual(at(59.9325, 30.4393, 'apple'));
    expect(read('https://example.org/map?lat=59.9325&lon=30.4393')).toEqual(at(59.9325, 30.4393, 'link'));
    expect(read('https://example.org/map?lat=59.9325&lng=30.4393')).toEqual(at(59.9325, 30.4393, 'link'));
    expect(read('https://example.org/about')).toBe('no-point');
  });

  it('geo: URIs, with altitude, uncertainty or the point in the query', () => {
    expect(read('geo:59.9325,30.4393')).toEqual(at(59.9325, 30.4393, 'geo'));
    expect(read('geo:59.9325,30.4393,12.5')).toEqual(at(59.9325, 30.4393, 'geo'));
    expect(read('geo:59.9325,30.4393;u=35')).toEqual(at(59.9325, 30.4393, 'geo'));
    expect(read('GEO:59.9325,30.4393?z=17')).toEqual(at(59.9325, 30.4393, 'geo'));
    expect(read('geo:0,0?q=59.9325,30.4393(Ladozhskaya)')).toEqual(at(59.9325, 30.4393, 'geo'));
    expect(read('geo:0,0?q=Ladozhskaya')).toBe('no-point');
  });

  it('coordinates typed or copied as text, in every common shape', () => {
    for (const text of ['59.9325, 30.4393', '59.9325,30.4393', ' 59.9325 30.4393 ', '59.9325;30.4393', '+59.9325, +30.4393', '59,9325 30,4393', '59,9325; 30,4393', '59.9325° N, 30.4393° E', 'N 59.9325, E 30.4393', '59.9325N 30.4393E', '30.4393 E, 59.9325 N']) {
      expect(read(text), text).toEqual(at(59.9325, 30.4393, 'coordinates'));
    }
    expect(read('59°55′57″N 30°26′21.5″E')).toEqual(at(59.9325, 30.439306, 'coordinates'));
    expect(read(`59°55'57"N, 30°26'21.5"E`)).toEqual(at(59.9325, 30.439306, 'coordinates'));
    expect(read('59°55′57″ с. ш. 30°26′21.5″ в. д.')).toEqual(at(59.9325, 30.439306, 'coordinates'));
    expect(read('59° 55.95′ N, 30° 26.358′ E')).toEqual(at(59.9325, 30.4393, 'coordinates'));
    expect(read('33.8688° S, 151.2093° E')).toEqual(at(-33.8688, 151.2093, 'coordinates'));
    expect(read('-33.8688, 151.2093')).toEqual(at(-33.8688, 151.2093, 'coordinates'));
    expect(read('40.7128° N, 74.0060° W')).toEqual(at(40.7128, -74.006, 'coordinates'));
  });

  it('a link inside a share text, with the words around it', () => {
    expect(read('Станция метро Ладожская — Яндекс Карты https://yandex.ru/maps/?ll=30.4393%2C59.9325&z=17')).toEqual(at(59.9325, 30.4393, 'yandex'));
    expect(read('Look here: https://www.openstreetmap.org/?mlat=59.9325&mlon=30.4393.')).toEqual(at(59.9325, 30.4393, 'osm'));
    expect(read('(https://maps.google.com/?q=59.9325,30.4393)')).toEqual(at(59.9325, 30.4393, 'google'));
  });

  it('names what it cannot read: nothing, short links it would have to fetch, a point off the globe, words', () => {
    expect(read('')).toBe('empty');
    expect(read('   ')).toBe('empty');
    for (const short of ['https://maps.app.goo.gl/jVuuNEZ_-FQ3UGhX7', 'https://goo.gl/maps/abc123', 'https://yandex.ru/maps/-/CDe7RU~z', 'Ладожская — Яндекс Карты https://yandex.ru/maps/-/CHexVM4n', 'https://go.2gis.com/abcd1', 'https://maps.apple/p/abc.def']) {
      expect(read(short), short).toBe('short-link');
    }
    expect(read('95.1, 30.4')).toBe('out-of-range');
    expect(read('59.93, 190')).toBe('out-of-range');
    expect(read('https://yandex.ru/maps/?ll=30.4393%2C99.9325')).toBe('out-of-range');
    expect(read('м. Ладожская, выход к ТЦ')).toBe('no-point');
    expect(read('59.9325')).toBe('no-point');
    expect(read('geo:0,0')).toBe('no-point');
    expect(read('javascript:alert(1)')).toBe('no-point');
    expect(read('ftp://www.google.com/maps/@52.5,13.2,6z')).toBe('no-point');
  });

  it('shows the point back and links it to openstreetmap.org', () => {
    expect(formatPoint(59.93250001, 30.4393)).toBe('59.9325, 30.4393');
    expect(osmLink(59.9325, 30.4393)).toBe('https://www.openstreetmap.org/?mlat=59.9325&mlon=30.4393#map=17/59.9325/30.4393');
    // What the link shows reads back as the same point.
    expect(read(osmLink(-33.8688, 151.2093))).toEqual(at(-33.8688, 151.2093, 'osm'));
  });
});
