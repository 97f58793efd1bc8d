import { findEventDate } from './event-date';

/** given a title and text published at a time, when the event date is looked for, then … */
const when = (title: string, excerpt = '', publishedAt = '2025-03-20T09:00:00Z') =>
  findEventDate({ title, excerpt, publishedAt });

describe('event dates', () => {
  it.each([
    ['on 12 March', '2025-03-12'],
    ['on March 12', '2025-03-12'],
    ['on March 12th, 2024', '2024-03-12'],
    ['on 3 Feb. 2023', '2023-02-03'],
    ['12 марта', '2025-03-12'],
    ['12 марта 2024 года', '2024-03-12'],
    ['3月12日', '2025-03-12'],
    ['2024年3月12日', '2024-03-12'],
    ['2025-03-11', '2025-03-11'],
  ])('reads "%s" as %s, with the year of publication unless one is given', (phrase, start) => {
    expect(when('Joint drill', `The exercise took place ${phrase} near the border.`)).toEqual({
      start,
      precision: 'day',
    });
  });

  it('takes a date in the title before one in the text', () => {
    expect(when('Учения 14 марта', 'Подготовка началась 2 марта.')).toEqual({
      start: '2025-03-14',
      precision: 'day',
    });
  });

  it('puts a month after the publication date in the year before', () => {
    expect(when('Border talks', 'The talks were held on 28 December.', '2025-01-03T10:00:00Z')).toEqual({
      start: '2024-12-28',
      precision: 'day',
    });
    expect(when('Drills announced', 'The drills will start on 20 April.')).toEqual({
      start: '2025-04-20',
      precision: 'day',
    });
  });

  it('reads a Chinese day alone as a day of the publication month, or of the month before', () => {
    expect(when('中塔边防会晤', '18日，双方举行会谈。')).toEqual({ start: '2025-03-18', precision: 'day' });
    expect(when('中塔边防会晤', '28日，双方举行会谈。')).toEqual({ start: '2025-02-28', precision: 'day' });
    expect(when('中塔边防会晤', '协议在30日内生效。')).toEqual({ start: '2025-03-20', precision: 'day' });
  });

  it('reads a span of days as a range', () => {
    expect(when('Exercise', 'held 10–15 March')).toEqual({
      start: '2025-03-10',
      end: '2025-03-15',
      precision: 'range',
    });
    expect(when('Учения', 'прошли 10-15 марта')).toEqual({
      start: '2025-03-10',
      end: '2025-03-15',
      precision: 'range',
    });
    expect(when('演习', '3月30日至4月2日举行')).toEqual({
      start: '2025-03-30',
      end: '2025-04-02',
      precision: 'range',
    });
  });

  it('passes over the dateline date when the text names the day of the event', () => {
    expect(when('演习', '新华社杜尚别3月19日电 中塔两国边防部队17日举行联合演习。')).toEqual({
      start: '2025-03-17',
      precision: 'day',
    });
    expect(when('Drill', 'DUSHANBE, March 19 (Xinhua) -- Border troops held a drill.')).toEqual({
      start: '2025-03-19',
      precision: 'day',
    });
  });

  it('ignores dates that do not exist and words that only look like months', () => {
    expect(when('Talks', 'on 31 February officials may 12 times say so')).toEqual({
      start: '2025-03-20',
      precision: 'day',
    });
  });

  it('falls back on the day of publication', () => {
    expect(when('China and Kazakhstan agree on police cooperation', '', '2025-03-20T23:30:00Z')).toEqual({
      start: '2025-03-20',
      precision: 'day',
    });
  });

  it('refuses a publication time that is not one', () => {
    expect(() => when('x', '', 'yesterday')).toThrow('Not an ISO time');
  });

  // 2025-03-20 is a Thursday.
  it.each([
    ['on Wednesday', '2025-03-19'],
    ['on Thursday', '2025-03-20'],
    ['on Friday', '2025-03-14'],
    ['last Thursday', '2025-03-13'],
    ['в среду', '2025-03-19'],
    ['во вторник', '2025-03-18'],
    ['в прошлую пятницу', '2025-03-14'],
    ['周三', '2025-03-19'],
    ['星期一', '2025-03-17'],
    ['上周三', '2025-03-12'],
    ['本週五', '2025-03-21'],
    ['下周一', '2025-03-24'],
  ])('resolves the weekday "%s" against the publication date: %s', (phrase, start) => {
    expect(when('Joint drill', `The exercise took place ${phrase} near the border.`)).toEqual({
      start,
      precision: 'day',
    });
  });

  it('prefers an explicit date to a weekday, and does not read a lower-case "may" or "friday" as one', () => {
    expect(when('Talks on Wednesday', 'Ministers met on 12 March.')).toEqual({
      start: '2025-03-12',
      precision: 'day',
    });
    expect(when('Joint drill', 'The drill ended; friday came.')).toEqual({
      start: '2025-03-20',
      precision: 'day',
    });
  });
});
