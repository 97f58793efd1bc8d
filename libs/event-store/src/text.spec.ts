import { z } from 'zod';

import { inputFailure } from './domain-error';
import { hasVisibleCharacter, text, textProblem, visibleText, withoutForbiddenCharacters } from './text';

describe('the text rule', () => {
  it.each([
    ['NUL', 'a\u0000b'],
    ['ESC', 'a\u001bb'],
    ['VT', 'a\u000bb'],
    ['carriage return', 'a\rb'],
    ['DEL', 'a\u007fb'],
    ['C1 (NEL)', 'a\u0085b'],
    ['a lone high surrogate', 'a\ud800b'],
    ['a lone low surrogate', 'a\udc00b'],
    ['a high surrogate at the end', 'ab\ud83d'],
  ])('refuses %s', (_name, value) => {
    expect(textProblem(value)).toMatch(/U\+[0-9A-F]{4}/);
    expect(textProblem(withoutForbiddenCharacters(value))).toBeUndefined();
    expect(withoutForbiddenCharacters(value).replace(/\s/g, '')).toBe(value.replace(/[^ab]/g, ''));
  });

  it('lets tab, newline, emoji (surrogate pairs) and every script through unchanged', () => {
    const value = 'ШОС\t上海合作组织\n😀 Қазақстан é';
    expect(textProblem(value)).toBeUndefined();
    expect(withoutForbiddenCharacters(value)).toBe(value);
  });

  it('names the field and the character through zod, and keeps chained checks', () => {
    const schema = z.object({ title: text().trim().min(1).max(5) }).strict();
    const failure = schema.safeParse({ title: 'a\u0000b' });
    expect(inputFailure(failure.error!)).toEqual({
      field: 'title',
      message: 'contains a control character (U+0000 at character 2); only tab and newline are allowed',
    });
    expect(schema.parse({ title: '  ab ' })).toEqual({ title: 'ab' });
    expect(inputFailure(schema.safeParse({ title: 'abcdefg' }).error!).field).toBe('title');
  });

  it('wants visible characters in a title', () => {
    for (const blank of ['\u200b\u200b', '\u200d\ufeff', ' \u3164 ', '\u2800'])
      expect(hasVisibleCharacter(blank)).toBe(false);
    expect(hasVisibleCharacter('a\u200b')).toBe(true);
    expect(visibleText().safeParse('\u200b').error?.issues[0]?.message).toBe(
      'must contain visible characters',
    );
    expect(visibleText().safeParse('ШОС').success).toBe(true);
  });
});
