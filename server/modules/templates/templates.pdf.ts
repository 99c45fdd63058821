// Blocks -> PDF with pdfmake 0.2 (its Node printer over pdfkit). The fonts are Roboto from
// pdfmake's own virtual file system, which has Cyrillic; pdfkit embeds the glyphs used, as a
// subset with a ToUnicode map, so the text of the PDF can be searched and copied.
import { createRequire } from 'node:module';
import PdfPrinter from 'pdfmake';
import type { Content, CustomTableLayout, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { fitImage, type Block, type Cell, type DocumentLayout, type Para, type Signature } from './templates.blocks.js';

const require = createRequire(import.meta.url);

let printer: PdfPrinter | undefined;
/** One printer per process: the fonts are decoded from base64 once. */
function getPrinter(): PdfPrinter {
  if (printer) return printer;
  const vfs = require('pdfmake/build/vfs_fonts.js') as Record<string, string>;
  const font = (name: string) => Buffer.from(vfs[name], 'base64');
  printer = new PdfPrinter({
    Roboto: {
      normal: font('Roboto-Regular.ttf'),
      bold: font('Roboto-Medium.ttf'),
      italics: font('Roboto-Italic.ttf'),
      bolditalics: font('Roboto-MediumItalic.ttf'),
    },
  });
  return printer;
}

/** A4 less 40 pt margins on each side; on its side, less 28 pt. */
const CONTENT_WIDTH = 595.28 - 80;
const LANDSCAPE_WIDTH = 841.89 - 56;
const PAD = 3;

const gridLayout: CustomTableLayout = {
  hLineWidth: () => 0.5,
  vLineWidth: () => 0.5,
  paddingLeft: () => PAD,
  paddingRight: () => PAD,
  paddingTop: () => 2,
  paddingBottom: () => 2,
};
const plainLayout: CustomTableLayout = {
  hLineWidth: () => 0,
  vLineWidth: () => 0,
  paddingLeft: () => PAD,
  paddingRight: () => PAD,
  paddingTop: () => 1,
  paddingBottom: () => 1,
};

function paraContent(p: Para): Content {
  return {
    text: p.runs.map((r) => ({ text: r.text, bold: r.bold, italics: r.italic, fontSize: r.size })),
    alignment: p.align,
  };
}

function cellContent(c: Cell): TableCell {
  return {
    stack: c.paras.map((p) => paraContent({ ...p, align: p.align ?? c.align })),
    colSpan: c.colSpan,
    rowSpan: c.rowSpan,
    fillColor: c.fill,
  } as TableCell;
}

/** pdfmake wants every grid position filled: spanned-over positions get empty placeholders. */
function fillSpans(rows: Cell[][], columns: number): TableCell[][] {
  const covered = new Array<number>(columns).fill(0);
  return rows.map((row) => {
    const out: TableCell[] = [];
    let next = 0;
    for (let c = 0; c < columns;) {
      if (covered[c] > 0) {
        covered[c]--;
        out.push({});
        c++;
        continue;
      }
      const cell = row[next++];
      if (!cell) {
        out.push({ text: '' });
        c++;
        continue;
      }
      const span = Math.min(cell.colSpan ?? 1, columns - c);
      out.push(cellContent(cell));
      for (let k = 1; k < span; k++) out.push({});
      if ((cell.rowSpan ?? 1) > 1) for (let k = 0; k < span; k++) covered[c + k] = (cell.rowSpan ?? 1) - 1;
      c += span;
    }
    return out;
  });
}

function widthsOf(relative: number[], grid: boolean, width: number): number[] {
  const total = relative.reduce((a, b) => a + b, 0);
  const usable = width - relative.length * 2 * PAD - (grid ? relative.length + 1 : 0) * 0.5;
  return relative.map((w) => (w / total) * usable);
}

function signaturesContent(items: Signature[], stamp: Block & { type: 'signatures' }): Content {
  const stampFit = fitImage(stamp.stamp, 110, 110);
  const body: TableCell[][] = items.map((s, i) => {
    const fit = fitImage(s.image, 120, 34);
    const line: Content[] = [];
    if (fit && s.image) line.push({ image: `data:${s.image.mimeType};base64,${s.image.data}`, width: fit.width, height: fit.height });
    line.push({ canvas: [{ type: 'line', x1: 0, y1: 0, x2: 130, y2: 0, lineWidth: 0.5 }], margin: [0, fit ? 0 : 22, 0, 0] });
    const row: TableCell[] = [
      { text: s.label, bold: true, margin: [0, fit ? 14 : 16, 0, 0] },
      { stack: line },
      { text: s.name ? `/ ${s.name} /` : '', margin: [0, fit ? 14 : 16, 0, 0] },
    ];
    if (stampFit && stamp.stamp)
      row.push(
        i === 0
          ? ({
              image: `data:${stamp.stamp.mimeType};base64,${stamp.stamp.data}`,
              width: stampFit.width,
              height: stampFit.height,
              rowSpan: items.length,
            } as TableCell)
          : {},
      );
    return row;
  });
  const widths = stampFit ? [90, 140, '*', stampFit.width + 4] : [90, 140, '*'];
  return { table: { widths, body }, layout: plainLayout, margin: [0, stamp.spaceBefore ?? 12, 0, 0] };
}

function blockContent(b: Block, width: number): Content {
  switch (b.type) {
    case 'image': {
      const fit = fitImage(b.image, b.width, b.height);
      if (!fit) return { text: '' };
      return {
        image: `data:${b.image.mimeType};base64,${b.image.data}`,
        width: fit.width,
        height: fit.height,
        alignment: b.align,
        margin: [0, 0, 0, 6],
      };
    }
    case 'para':
      return { ...(paraContent(b.para) as object), fontSize: b.size, margin: [0, b.spaceBefore ?? 0, 0, b.spaceAfter ?? 3] } as Content;
    case 'table': {
      const grid = b.borders === 'grid';
      return {
        table: {
          widths: widthsOf(b.widths, grid, width),
          headerRows: b.headerRows,
          body: fillSpans(b.rows, b.widths.length),
          dontBreakRows: true,
        },
        layout: grid ? gridLayout : plainLayout,
        fontSize: b.size,
        margin: [0, 0, 0, b.spaceAfter ?? 6],
      };
    }
    case 'rule':
      return { canvas: [{ type: 'line', x1: 0, y1: 0, x2: width, y2: 0, lineWidth: 1.5 }], margin: [0, 2, 0, b.spaceAfter ?? 6] };
    case 'signatures':
      return signaturesContent(b.items, b);
  }
}

/** The pdfmake document of a layout (also what tests read to check the content without parsing a PDF). */
export function pdfDefinition(layout: DocumentLayout): TDocumentDefinitions {
  return {
    pageSize: 'A4',
    pageOrientation: layout.landscape ? 'landscape' : 'portrait',
    pageMargins: layout.landscape ? [28, 28, 28, 28] : [40, 40, 40, 40],
    info: { title: layout.title, creator: 'Orbita CRM', producer: 'Orbita CRM' },
    defaultStyle: { font: 'Roboto', fontSize: 9, lineHeight: 1.1 },
    content: layout.blocks.map((b) => blockContent(b, layout.landscape ? LANDSCAPE_WIDTH : CONTENT_WIDTH)),
  };
}

/** Renders a layout to PDF bytes. */
export async function renderPdf(layout: DocumentLayout): Promise<Buffer> {
  const doc = getPrinter().createPdfKitDocument(pdfDefinition(layout));
  const chunks: Buffer[] = [];
  return new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}
