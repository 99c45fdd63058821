// The layout of a built-in document as plain data: the templates describe a document once in these
// blocks, and two renderers turn the same blocks into a PDF (pdfmake) and a DOCX (docx), so the
// счёт, the фактура and the invoice look alike in both formats and are written only once.

export type Align = 'left' | 'center' | 'right';
export type ImageData = { mimeType: string; data: string };

/** A run of text; `size` in points. */
export type Run = { text: string; bold?: boolean; italic?: boolean; size?: number };
/** A paragraph inside a block or a cell. */
export type Para = { runs: Run[]; align?: Align };

export type Cell = {
  paras: Para[];
  align?: Align;
  colSpan?: number;
  /** The cells this one covers below are left out of the next rows (the docx convention). */
  rowSpan?: number;
  fill?: string;
};

export type Block =
  | { type: 'image'; image: ImageData; width: number; height: number; align?: Align }
  | { type: 'para'; para: Para; size?: number; spaceBefore?: number; spaceAfter?: number }
  | {
      type: 'table';
      /** Relative column widths. */
      widths: number[];
      rows: Cell[][];
      /** Rows repeated on every page (the header of the lines). */
      headerRows?: number;
      borders: 'grid' | 'none';
      size?: number;
      spaceAfter?: number;
    }
  | { type: 'rule'; spaceAfter?: number }
  | { type: 'signatures'; items: Signature[]; stamp: ImageData | null; spaceBefore?: number };

/** A signature line: the role, the space to sign (with a scanned signature when there is one), the name. */
export type Signature = { label: string; name: string | null; image: ImageData | null };

/** `landscape`: A4 on its side (the УПД's wide table). */
export type DocumentLayout = { title: string; blocks: Block[]; landscape?: boolean };

export const run = (text: string, opts: Omit<Run, 'text'> = {}): Run => ({ text, ...opts });
export const para = (text: string | Run[], opts: { align?: Align; bold?: boolean; size?: number } = {}): Para => ({
  runs: typeof text === 'string' ? [run(text, { bold: opts.bold, size: opts.size })] : text,
  align: opts.align,
});
export const cell = (content: string | Run[] | Para[], opts: Omit<Cell, 'paras'> & { bold?: boolean; size?: number } = {}): Cell => {
  const { bold, size, ...rest } = opts;
  const paras =
    typeof content === 'string' || (Array.isArray(content) && content.length > 0 && 'text' in content[0])
      ? [para(content as string | Run[], { bold, size, align: opts.align })]
      : (content as Para[]);
  return { paras, ...rest };
};
export const text = (
  t: string | Run[],
  opts: { align?: Align; bold?: boolean; size?: number; spaceBefore?: number; spaceAfter?: number } = {},
): Block => ({
  type: 'para',
  para: para(t, { align: opts.align, bold: opts.bold, size: opts.size }),
  size: opts.size,
  spaceBefore: opts.spaceBefore,
  spaceAfter: opts.spaceAfter,
});

/** Pixel size of a PNG or JPEG from its header, to keep its proportions; undefined for anything else. */
export function imageSize(img: ImageData): { width: number; height: number } | undefined {
  const b = Buffer.from(img.data, 'base64');
  if (img.mimeType === 'image/png' && b.length >= 24) return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
  if (img.mimeType === 'image/jpeg') {
    let i = 2;
    while (i + 9 < b.length) {
      if (b[i] !== 0xff) return undefined;
      const marker = b[i + 1];
      const len = b.readUInt16BE(i + 2);
      // SOF0..SOF15 carry the frame size (C4, C8 and CC are not frames).
      if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
        return { width: b.readUInt16BE(i + 7), height: b.readUInt16BE(i + 5) };
      }
      i += 2 + len;
    }
  }
  return undefined;
}

/** Scales an image into a box, keeping its proportions; undefined when it cannot be printed (WebP). */
export function fitImage(img: ImageData | null, maxWidth: number, maxHeight: number): { width: number; height: number } | undefined {
  if (!img) return undefined;
  const size = imageSize(img);
  if (!size || !size.width || !size.height) return undefined;
  const k = Math.min(maxWidth / size.width, maxHeight / size.height);
  return { width: Math.max(1, Math.round(size.width * k)), height: Math.max(1, Math.round(size.height * k)) };
}
