// The text of a PDF as a reader's copy-and-paste would give it, for tests: enough of PDF to read
// what pdfkit (under pdfmake) and LibreOffice write: objects, Flate streams, Type0 fonts with
// ToUnicode CMaps, text shown by Tj/TJ. It proves the text is really there and extractable (the
// fonts carry Unicode maps), not only that a definition asked for it.
import zlib from 'node:zlib';

type Obj = { id: number; dict: string; stream?: Buffer };

function objects(pdf: Buffer): Obj[] {
  const s = pdf.toString('latin1');
  const out: Obj[] = [];
  const re = /(\d+)\s+0\s+obj\b/g;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    const start = m.index + m[0].length;
    const end = s.indexOf('endobj', start);
    if (end < 0) break;
    const body = s.slice(start, end);
    const at = body.indexOf('stream');
    if (at < 0) {
      out.push({ id: Number(m[1]), dict: body });
      continue;
    }
    let from = start + at + 'stream'.length;
    if (s[from] === '\r') from++;
    if (s[from] === '\n') from++;
    const stop = s.lastIndexOf('endstream', end);
    let raw = pdf.subarray(from, stop);
    const dict = body.slice(0, at);
    if (/\/FlateDecode/.test(dict)) {
      try {
        raw = zlib.inflateSync(raw);
      } catch {
        raw = zlib.inflateSync(raw.subarray(0, raw.length - 1));
      }
    }
    out.push({ id: Number(m[1]), dict, stream: raw });
    re.lastIndex = end;
  }
  return out;
}

const hexToUtf16 = (spaced: string) => {
  // A ligature maps to several characters, written with spaces inside the hex string (<0066 0069>).
  const hex = spaced.replace(/\s+/g, '');
  let out = '';
  for (let i = 0; i + 4 <= hex.length; i += 4) out += String.fromCharCode(parseInt(hex.slice(i, i + 4), 16));
  return out;
};

/** code (hex string of the glyph id) -> text, from a ToUnicode CMap. */
function cmapOf(text: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const block of text.matchAll(/beginbfchar([\s\S]*?)endbfchar/g))
    for (const m of block[1].matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F\s]+)>/g)) map.set(m[1].toLowerCase(), hexToUtf16(m[2]));
  for (const block of text.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const m of block[1].matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F]+>)/g)) {
      const lo = parseInt(m[1], 16);
      const hi = parseInt(m[2], 16);
      const width = m[1].length;
      const dsts = m[3].startsWith('[') ? [...m[3].matchAll(/<([0-9a-fA-F\s]+)>/g)].map((x) => x[1]) : null;
      for (let c = lo; c <= hi && c - lo < 65536; c++) {
        const key = c.toString(16).padStart(width, '0');
        if (dsts) map.set(key, hexToUtf16(dsts[c - lo] ?? ''));
        else {
          const base = hexToUtf16(m[3].slice(1, -1));
          map.set(key, base.slice(0, -1) + String.fromCharCode(base.charCodeAt(base.length - 1) + (c - lo)));
        }
      }
    }
  }
  return map;
}

/** The text of every page, one line per text position (same baseline: one line). */
export function pdfText(pdf: Buffer): string {
  const objs = objects(pdf);
  const byId = new Map(objs.map((o) => [o.id, o]));
  // Font resource names (/F1 12 0 R) -> the font's ToUnicode map.
  const fonts = new Map<string, Map<string, string>>();
  for (const o of objs) {
    for (const m of o.dict.matchAll(/\/([A-Za-z0-9+_.-]+)\s+(\d+)\s+0\s+R/g)) {
      const font = byId.get(Number(m[2]));
      const tu = font && /\/Type\s*\/Font/.test(font.dict) ? /\/ToUnicode\s+(\d+)\s+0\s+R/.exec(font.dict) : null;
      const cmap = tu && byId.get(Number(tu[1]))?.stream;
      if (cmap) fonts.set(m[1], cmapOf(cmap.toString('latin1')));
    }
  }
  const lines: { y: number; text: string }[] = [];
  for (const o of objs) {
    if (!o.stream || /\/Length1|\/Subtype\s*\/(Image|Type1C|CIDFontType0C|XML)/.test(o.dict)) continue;
    const content = o.stream.toString('latin1');
    if (!/\bBT\b/.test(content)) continue;
    let font: Map<string, string> | undefined;
    let y = 0;
    const tokens = content.matchAll(
      /\/([A-Za-z0-9+_.-]+)\s+[\d.]+\s+Tf|([-\d.]+)\s+([-\d.]+)\s+T[dD]|[-\d.]+\s+[-\d.]+\s+[-\d.]+\s+[-\d.]+\s+[-\d.]+\s+([-\d.]+)\s+Tm|(\[(?:[^\]]*)\])\s*TJ|(<[0-9a-fA-F]*>|\((?:[^()\\]|\\.)*\))\s*Tj/g,
    );
    for (const t of tokens) {
      if (t[1]) font = fonts.get(t[1]);
      else if (t[2] !== undefined) y += Number(t[3]);
      else if (t[4] !== undefined) y = Number(t[4]);
      else {
        const strings = t[5]
          ? [...t[5].matchAll(/<([0-9a-fA-F]*)>|\(((?:[^()\\]|\\.)*)\)/g)]
          : [[t[6], t[6].startsWith('<') ? t[6].slice(1, -1) : undefined, t[6].startsWith('(') ? t[6].slice(1, -1) : undefined]];
        let text = '';
        for (const str of strings) {
          if (str[1] !== undefined) {
            const hex = str[1].toLowerCase();
            const width = font && [...font.keys()][0]?.length === 2 ? 2 : 4;
            for (let i = 0; i + width <= hex.length; i += width) text += font?.get(hex.slice(i, i + width)) ?? '';
          } else if (str[2] !== undefined) {
            text += str[2].replace(/\\([()\\])/g, '$1');
          }
        }
        const last = lines[lines.length - 1];
        // pdfmake writes a line as one piece per word, each with its trailing space, broken after
        // a hyphen or a slash too; a piece on the same baseline after anything else is the next cell.
        if (last && Math.abs(last.y - y) < 0.5) last.text += /[\s\-/]$/u.test(last.text) ? text : ` ${text}`;
        else lines.push({ y, text });
      }
    }
  }
  return lines.map((l) => l.text).join('\n');
}
