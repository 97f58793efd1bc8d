import { timelineQuerySchema, toFilter } from './timeline-query.schema';

describe('timeline query dates', () => {
  it.each([
    ['from', '2019-13'],
    ['to', '2019-00'],
    ['from', '2019-02-30'],
    ['to', '2019-04-31'],
    ['from', '19-04'],
    ['to', '2019-1'],
  ])('refuses %s=%s, naming the field', (field, value) => {
    const result = timelineQuerySchema.safeParse({ [field]: value });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual([field]);
  });

  it('refuses from after to, naming from; the same day or month is fine', () => {
    let refused: unknown;
    try {
      toFilter(timelineQuerySchema.parse({ from: '2020', to: '2019-12-31' }));
    } catch (error) {
      refused = error;
    }
    expect(refused).toMatchObject({ code: 'INVALID_QUERY', details: { field: 'from' } });
    expect(toFilter(timelineQuerySchema.parse({ from: '2019-05', to: '2019-05' }))).toMatchObject({
      from: '2019-05-01',
      toExclusive: '2019-06-01',
    });
  });

  it('reads every year as four digits: to=0099 ends with the year 99', () => {
    expect(toFilter(timelineQuerySchema.parse({ from: '0050', to: '0099' }))).toMatchObject({
      from: '0050-01-01',
      toExclusive: '0100-01-01',
    });
  });

  it('takes places and a sort, and refuses an unknown sort', () => {
    expect(
      toFilter(timelineQuerySchema.parse({ place: 'khorgos,osh', sort: 'recorded-desc' })),
    ).toMatchObject({
      places: ['khorgos', 'osh'],
      sort: 'recorded-desc',
    });
    expect(timelineQuerySchema.safeParse({ sort: 'newest' }).error?.issues[0]?.path).toEqual(['sort']);
  });
});
