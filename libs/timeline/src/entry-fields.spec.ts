import { dateBounds, entryDateSchema, entryFieldsSchema } from './entry-fields';

describe('entry dates', () => {
  it.each([
    [{ start: '2024-04-11', precision: 'day' }, '2024-04-11', '2024-04-12'],
    [{ start: '2024-04', precision: 'month' }, '2024-04-01', '2024-05-01'],
    [{ start: '2024-12', precision: 'month' }, '2024-12-01', '2025-01-01'],
    [{ start: '2018', precision: 'year' }, '2018-01-01', '2019-01-01'],
    [{ start: '2008', end: '2012', precision: 'range' }, '2008-01-01', '2013-01-01'],
    [{ start: '2016', precision: 'ongoing' }, '2016-01-01', '9999-12-31'],
    // Years are four digits at every precision: 0099 is the year 99, not 1999 (issue 15).
    [{ start: '0050', end: '0099', precision: 'range' }, '0050-01-01', '0100-01-01'],
    [{ start: '0099-12', precision: 'month' }, '0099-12-01', '0100-01-01'],
    [{ start: '0000-02-29', precision: 'day' }, '0000-02-29', '0000-03-01'],
    [{ start: '0001', precision: 'year' }, '0001-01-01', '0002-01-01'],
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
    [{ start: '2019-13', precision: 'month' }, 'start'],
    [{ start: '2019-00', precision: 'month' }, 'start'],
    [{ start: '0099-02-29', precision: 'day' }, 'start'],
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
