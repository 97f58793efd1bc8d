import { dateBounds, entryDateSchema, entryFieldsSchema } from './entry-fields';

describe('entry dates', () => {
  it.each([
    [{ start: '2024-04-11', precision: 'day' }, '2024-04-11', '2024-04-12'],
    [{ start: '2024-04', precision: 'month' }, '2024-04-01', '2024-05-01'],
    [{ start: '2024-12', precision: 'month' }, '2024-12-01', '2025-01-01'],
    [{ start: '2018', precision: 'year' }, '2018-01-01', '2019-01-01'],
    [{ start: '2008', end: '2012', precision: 'range' }, '2008-01-01', '2013-01-01'],
    [{ start: '2016', precision: 'ongoing' }, '2016-01-01', '9999-12-31'],
  ] as const)('%j covers [%s, %s)', (date, first, lastExclusive) => {
    expect(entryDateSchema.parse(date)).toEqual(date);
    expect(dateBounds(date)).toEqual({ first, lastExclusive });
  });

  it.each([
    [{ start: '2024-04-11', precision: 'month' }, 'start'],
    [{ start: '2024', end: '2025', precision: 'year' }, 'end'],
    [{ start: '2012', end: '2008', precision: 'range' }, 'end'],
    [{ start: '2024-02-30', precision: 'day' }, 'start'],
    [{ start: '24-04', precision: 'month' }, 'start'],
  ] as const)('refuses %j, naming %s', (date, field) => {
    const result = entryDateSchema.safeParse(date);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual([field]);
  });

  it('normalises countries and refuses unknown ones', () => {
    const base = {
      title: 't',
      summary: 's',
      date: { start: '2024', precision: 'year' },
      actors: [],
      categories: ['policing'],
    };
    expect(entryFieldsSchema.parse({ ...base, countries: ['cn', 'KZ', 'CN'] }).countries).toEqual([
      'CN',
      'KZ',
    ]);
    expect(entryFieldsSchema.safeParse({ ...base, countries: ['XX'] }).success).toBe(false);
  });
});
