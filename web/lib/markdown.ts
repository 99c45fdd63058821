// A small Markdown reader for knowledge-base articles: it turns the text into a tree the web renders
// as React elements, so no HTML from an article ever reaches the page (raw HTML stays text). It
// knows what articles use: headings, paragraphs, lists, quotes, code blocks and rules; bold, italic,
// inline code and links (http, https and mailto only; any other link stays text).

export type Inline =
  | { type: 'text'; text: string }
  | { type: 'strong' | 'em'; children: Inline[] }
  | { type: 'code'; text: string }
  | { type: 'link'; href: string; children: Inline[] }
  | { type: 'break' };

export type Block =
  | { type: 'heading'; level: 1 | 2 | 3 | 4 | 5 | 6; children: Inline[] }
  | { type: 'paragraph'; children: Inline[] }
  | { type: 'list'; ordered: boolean; start: number; items: Inline[][] }
  | { type: 'quote'; children: Block[] }
  | { type: 'code'; text: string }
  | { type: 'rule' };

/** A link target the page may follow: web and mail addresses; anything else (javascript:, data:) is not a link. */
export function safeHref(href: string): string | null {
  const h = href.trim();
  return /^(https?:\/\/|mailto:)/i.test(h) ? h : null;
}

/** Inline Markdown of one block's text (lines joined with \n; a line ending in two spaces or \ breaks). */
export function parseInline(src: string): Inline[] {
  const out: Inline[] = [];
  let text = '';
  const flush = () => {
    if (text) out.push({ type: 'text', text });
    text = '';
  };
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    const rest = src.slice(i);
    if (c === '\\' && i + 1 < src.length && /[\\`*_[\]()#+\-.!>~|]/.test(src[i + 1])) {
      text += src[i + 1];
      i += 2;
      continue;
    }
    if (c === '\n') {
      const hard = text.endsWith('  ') || text.endsWith('\\');
      text = hard ? text.replace(/( {2,}|\\)$/, '') : `${text} `;
      if (hard) {
        flush();
        out.push({ type: 'break' });
      }
      i += 1;
      continue;
    }
    if (c === '`') {
      const m = /^(`+)([\s\S]*?[^`])\1(?!`)/.exec(rest);
      if (m) {
        flush();
        out.push({ type: 'code', text: m[2].trim() });
        i += m[0].length;
        continue;
      }
    }
    if (c === '*' || c === '_') {
      const strong = new RegExp(`^\\${c}\\${c}(?=\\S)([\\s\\S]*?\\S)\\${c}\\${c}`).exec(rest);
      if (strong) {
        flush();
        out.push({ type: 'strong', children: parseInline(strong[1]) });
        i += strong[0].length;
        continue;
      }
      // `_` inside a word (snake_case) is not emphasis.
      const wordBefore = c === '_' && i > 0 && /[\p{L}\p{N}]/u.test(src[i - 1]);
      const em = wordBefore ? null : new RegExp(`^\\${c}(?=\\S)([\\s\\S]*?\\S)\\${c}(?!\\${c})`).exec(rest);
      if (em) {
        flush();
        out.push({ type: 'em', children: parseInline(em[1]) });
        i += em[0].length;
        continue;
      }
    }
    if (c === '[') {
      const m = /^\[([^\]]*)\]\(([^()\s]*(?:\([^()\s]*\))?[^()\s]*)(?:\s+"[^"]*")?\)/.exec(rest);
      if (m) {
        const href = safeHref(m[2]);
        flush();
        if (href) out.push({ type: 'link', href, children: parseInline(m[1]) });
        else out.push(...parseInline(m[1]));
        i += m[0].length;
        continue;
      }
    }
    if (c === '<') {
      const m = /^<((?:https?:\/\/|mailto:)[^\s<>]+)>/i.exec(rest);
      if (m) {
        flush();
        out.push({ type: 'link', href: m[1], children: [{ type: 'text', text: m[1].replace(/^mailto:/i, '') }] });
        i += m[0].length;
        continue;
      }
    }
    text += c;
    i += 1;
  }
  flush();
  return out;
}

const LIST_ITEM = /^\s{0,3}([-*+]|(\d{1,9})[.)])\s+(.*)$/;

/** The blocks of a Markdown text. */
export function parseMarkdown(src: string): Block[] {
  const lines = src.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (!line.trim()) {
      i += 1;
      continue;
    }
    const fence = /^\s{0,3}(```+|~~~+)/.exec(line);
    if (fence) {
      const body: string[] = [];
      i += 1;
      while (i < lines.length && !lines[i].trimStart().startsWith(fence[1])) body.push(lines[i++]);
      i += 1;
      blocks.push({ type: 'code', text: body.join('\n') });
      continue;
    }
    const heading = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      blocks.push({ type: 'heading', level: heading[1].length as 1 | 2 | 3 | 4 | 5 | 6, children: parseInline(heading[2]) });
      i += 1;
      continue;
    }
    if (/^\s{0,3}([-*_])(\s*\1){2,}\s*$/.test(line)) {
      blocks.push({ type: 'rule' });
      i += 1;
      continue;
    }
    if (/^\s{0,3}>/.test(line)) {
      const body: string[] = [];
      while (i < lines.length && /^\s{0,3}>/.test(lines[i])) body.push(lines[i++].replace(/^\s{0,3}>\s?/, ''));
      blocks.push({ type: 'quote', children: parseMarkdown(body.join('\n')) });
      continue;
    }
    const item = LIST_ITEM.exec(line);
    if (item) {
      const ordered = item[2] !== undefined;
      const start = ordered ? Number(item[2]) : 1;
      const items: string[][] = [];
      while (i < lines.length) {
        const m = LIST_ITEM.exec(lines[i]);
        if (m && (m[2] !== undefined) === ordered) {
          items.push([m[3]]);
          i += 1;
        } else if (items.length && lines[i].trim() && /^\s{2,}/.test(lines[i])) {
          items[items.length - 1].push(lines[i].trim());
          i += 1;
        } else break;
      }
      blocks.push({ type: 'list', ordered, start, items: items.map((l) => parseInline(l.join('\n'))) });
      continue;
    }
    const para: string[] = [];
    while (
      i < lines.length &&
      lines[i].trim() &&
      !/^\s{0,3}(#{1,6}\s|>|```|~~~)/.test(lines[i]) &&
      !(para.length && LIST_ITEM.test(lines[i]))
    )
      para.push(lines[i++]);
    blocks.push({ type: 'paragraph', children: parseInline(para.join('\n')) });
  }
  return blocks;
}
