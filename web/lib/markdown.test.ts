import { describe, expect, it } from 'vitest';
import { parseInline, parseMarkdown, safeHref } from './markdown';

describe('knowledge-base Markdown', () => {
  it('reads headings, paragraphs, lists, quotes, code and rules', () => {
    const blocks = parseMarkdown(
      [
        '# Принтер',
        '',
        'Проверьте **кабель** и *очередь*',
        'печати.',
        '',
        '- один',
        '- два',
        '',
        '3. третий',
        '4. четвёртый',
        '',
        '> цитата',
        '',
        '```',
        '<b>не HTML</b>',
        '```',
        '---',
      ].join('\n'),
    );
    expect(blocks.map((b) => b.type)).toEqual(['heading', 'paragraph', 'list', 'list', 'quote', 'code', 'rule']);
    expect(blocks[0]).toEqual({ type: 'heading', level: 1, children: [{ type: 'text', text: 'Принтер' }] });
    expect(blocks[1]).toEqual({
      type: 'paragraph',
      children: [
        { type: 'text', text: 'Проверьте ' },
        { type: 'strong', children: [{ type: 'text', text: 'кабель' }] },
        { type: 'text', text: ' и ' },
        { type: 'em', children: [{ type: 'text', text: 'очередь' }] },
        { type: 'text', text: ' печати.' },
      ],
    });
    expect(blocks[2]).toMatchObject({ ordered: false, start: 1, items: [[{ text: 'один' }], [{ text: 'два' }]] });
    expect(blocks[3]).toMatchObject({ ordered: true, start: 3 });
    expect(blocks[5]).toEqual({ type: 'code', text: '<b>не HTML</b>' });
  });

  it('keeps raw HTML as text and follows only web and mail links', () => {
    expect(parseInline('<script>alert(1)</script>')).toEqual([{ type: 'text', text: '<script>alert(1)</script>' }]);
    expect(parseInline('[сайт](https://example.com/a)')).toEqual([
      { type: 'link', href: 'https://example.com/a', children: [{ type: 'text', text: 'сайт' }] },
    ]);
    expect(parseInline('[x](javascript:alert(1))')).toEqual([{ type: 'text', text: 'x' }]);
    expect(safeHref('data:text/html,hi')).toBeNull();
    expect(safeHref('mailto:help@example.com')).toBe('mailto:help@example.com');
  });

  it('reads inline code, escapes, hard breaks and snake_case', () => {
    expect(parseInline('`a*b*` \\*x\\* snake_case_name')).toEqual([
      { type: 'code', text: 'a*b*' },
      { type: 'text', text: ' *x* snake_case_name' },
    ]);
    expect(parseInline('one  \ntwo')).toEqual([{ type: 'text', text: 'one' }, { type: 'break' }, { type: 'text', text: 'two' }]);
  });
});
