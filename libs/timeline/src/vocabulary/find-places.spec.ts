import { findPlaces } from './find-places';
import { PLACES } from './places';

const ids = (text: string) => findPlaces(text).map((p) => p.id);

describe('findPlaces', () => {
  it('finds a place by its English, Russian (inflected) and Chinese names and aliases', () => {
    expect(ids('Trucks queued at Khorgos on Tuesday')).toEqual(['khorgos']);
    expect(ids('Horgos dry port')).toEqual(['khorgos']);
    expect(ids('Пограничники у Хоргоса')).toEqual(['khorgos']);
    expect(ids('在霍尔果斯口岸')).toEqual(['khorgos']);
    expect(ids('в Ферганской долине')).toEqual(['fergana-valley']);
    expect(ids('Chinese patrols in GBAO and the Wakhan')).toEqual(['gorno-badakhshan', 'wakhan']);
    expect(ids('на авиабазе Кант')).toEqual(['kant']);
    expect(ids('中国与阿富汗在瓦根基达坂附近')).toEqual(['wakhjir-pass']);
  });

  it('names each place once, in the order the text first names it', () => {
    expect(ids('Osh, then Dushanbe, then Osh again; 杜尚别')).toEqual(['osh', 'dushanbe']);
  });

  it('matches Latin names as whole words only', () => {
    expect(ids('Oshkosh and Kantian ethics; Kant wrote')).toEqual([]);
  });

  it('compares case as the whole pattern does, whatever the text looks for first', () => {
    // The names a text may contain are picked by a folded word first: case, ſ for s and a longer
    // name before its shorter part must all come out as one pattern of every name gives.
    expect(ids('TRUCKS AT KHORGOS, ПОГРАНИЧНИКИ У ХОРГОСА')).toEqual(['khorgos']);
    expect(ids('ſamarkand and oſh')).toEqual(ids('samarkand and osh'));
    expect(ids('samarkand and osh')).toEqual(['samarkand', 'osh']);
    expect(ids('nothing of the region at all')).toEqual([]);
  });

  it('gives each place as entries carry it', () => {
    expect(findPlaces('Torugart')).toEqual([
      { id: 'torugart', name: 'Torugart Pass', lat: 40.56, lon: 75.39 },
    ]);
  });

  it('has unique ids, coordinates in the region and names in three languages', () => {
    expect(new Set(PLACES.map((p) => p.id)).size).toBe(PLACES.length);
    for (const place of PLACES) {
      expect([place.id, place.lat > 30 && place.lat < 56, place.lon > 55 && place.lon < 90]).toEqual([
        place.id,
        true,
        true,
      ]);
      expect(place.ru).toMatch(/\p{Script=Cyrillic}/u);
      expect(place.zh).toMatch(/\p{Script=Han}/u);
      // Every name finds its own place.
      for (const name of [place.name, place.ru, place.zh, ...place.aliases])
        expect([name, ids(name)]).toEqual([name, expect.arrayContaining([place.id])]);
    }
  });
});
