// Blocks -> DOCX with the `docx` library: the same layout as the PDF, editable in Word or
// LibreOffice. Fonts are not embedded in a DOCX; Arial is named, which every office suite has or
// substitutes with Cyrillic.
import {
  AlignmentType,
  BorderStyle,
  Document,
  ImageRun,
  Packer,
  Paragraph,
  Table,
  TableBorders,
  TableCell,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
  type ParagraphChild,
  PageOrientation,
} from 'docx';
import { fitImage, type Align, type Block, type Cell, type DocumentLayout, type ImageData, type Para } from './templates.blocks.js';

/** A4 in twips, 2 cm margins (1134 twips), as the PDF's 40 pt; on its side, the PDF's 28 pt. */
const PAGE = { width: 11906, height: 16838, margin: 800 };
const LANDSCAPE_MARGIN = 560;
/** docx sizes images in pixels (96 per inch), the layout in points (72 per inch). */
const px = (pt: number) => Math.round(pt / 0.75);

const alignment = (a: Align | undefined) =>
  a === 'right' ? AlignmentType.RIGHT : a === 'center' ? AlignmentType.CENTER : a === 'left' ? AlignmentType.LEFT : undefined;

function imageRun(img: ImageData, width: number, height: number): ImageRun | undefined {
  const type = img.mimeType === 'image/png' ? 'png' : img.mimeType === 'image/jpeg' ? 'jpg' : undefined;
  if (!type) return undefined;
  return new ImageRun({ type, data: Buffer.from(img.data, 'base64'), transformation: { width: px(width), height: px(height) } });
}

function paragraph(p: Para, opts: { size?: number; before?: number; after?: number; align?: Align } = {}): Paragraph {
  return new Paragraph({
    alignment: alignment(p.align ?? opts.align),
    spacing: { before: (opts.before ?? 0) * 20, after: (opts.after ?? 0) * 20 },
    children: p.runs.map((r) => new TextRun({ text: r.text, bold: r.bold, italics: r.italic, size: (r.size ?? opts.size ?? 9) * 2 })),
  });
}

const thin = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
const gridBorders = { top: thin, bottom: thin, left: thin, right: thin };
const noBorders = {
  top: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  bottom: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  left: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  right: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
};

function tableCell(c: Cell, grid: boolean, size: number | undefined): TableCell {
  return new TableCell({
    children: c.paras.length ? c.paras.map((p) => paragraph(p, { size, align: c.align })) : [new Paragraph('')],
    columnSpan: c.colSpan,
    rowSpan: c.rowSpan,
    borders: grid ? gridBorders : noBorders,
    shading: c.fill ? { fill: c.fill.replace('#', '') } : undefined,
    margins: { left: 60, right: 60, top: 20, bottom: 20 },
  });
}

function columnWidths(relative: number[], content: number): number[] {
  const total = relative.reduce((a, b) => a + b, 0);
  return relative.map((w) => Math.floor((w / total) * content));
}

function spacer(after: number): Paragraph {
  return new Paragraph({ spacing: { after: after * 20 }, children: [] });
}

function signatures(b: Block & { type: 'signatures' }, content: number): (Paragraph | Table)[] {
  const stampFit = fitImage(b.stamp, 110, 110);
  const stampRun = stampFit && b.stamp ? imageRun(b.stamp, stampFit.width, stampFit.height) : undefined;
  const rows = b.items.map((s, i) => {
    const fit = fitImage(s.image, 120, 34);
    const sign = fit && s.image ? imageRun(s.image, fit.width, fit.height) : undefined;
    const signLine: ParagraphChild[] = sign ? [sign] : [];
    const cells = [
      new TableCell({
        children: [paragraph({ runs: [{ text: s.label, bold: true }] })],
        borders: noBorders,
        verticalAlign: VerticalAlignTable.BOTTOM,
      }),
      new TableCell({
        children: [new Paragraph({ children: signLine.length ? signLine : [new TextRun('')] })],
        borders: { ...noBorders, bottom: thin },
        verticalAlign: VerticalAlignTable.BOTTOM,
      }),
      new TableCell({
        children: [paragraph({ runs: [{ text: s.name ? `/ ${s.name} /` : '' }] })],
        borders: noBorders,
        verticalAlign: VerticalAlignTable.BOTTOM,
      }),
    ];
    if (stampRun && i === 0)
      cells.push(new TableCell({ children: [new Paragraph({ children: [stampRun] })], rowSpan: b.items.length, borders: noBorders }));
    return new TableRow({ children: cells, height: { value: 620, rule: 'atLeast' } });
  });
  const widths = stampRun
    ? [1800, 2800, content - 1800 - 2800 - px(stampFit!.width) * 15, px(stampFit!.width) * 15]
    : [1800, 2800, content - 4600];
  return [
    spacer(b.spaceBefore ?? 12),
    new Table({ rows, columnWidths: widths, width: { size: content, type: WidthType.DXA }, borders: TableBorders.NONE }),
  ];
}

function blockChildren(b: Block, content: number): (Paragraph | Table)[] {
  switch (b.type) {
    case 'image': {
      const fit = fitImage(b.image, b.width, b.height);
      const image = fit && imageRun(b.image, fit.width, fit.height);
      return image ? [new Paragraph({ alignment: alignment(b.align), spacing: { after: 120 }, children: [image] })] : [];
    }
    case 'para':
      return [paragraph(b.para, { size: b.size, before: b.spaceBefore, after: b.spaceAfter ?? 3 })];
    case 'table': {
      const grid = b.borders === 'grid';
      const rows = b.rows.map(
        (r, i) =>
          new TableRow({ children: r.map((c) => tableCell(c, grid, b.size)), tableHeader: i < (b.headerRows ?? 0), cantSplit: true }),
      );
      return [
        new Table({
          rows,
          columnWidths: columnWidths(b.widths, content),
          width: { size: content, type: WidthType.DXA },
          borders: grid ? undefined : TableBorders.NONE,
        }),
        spacer(b.spaceAfter ?? 6),
      ];
    }
    case 'rule':
      return [
        new Paragraph({
          border: { bottom: { style: BorderStyle.SINGLE, size: 12, color: '000000', space: 1 } },
          spacing: { after: (b.spaceAfter ?? 6) * 20 },
          children: [],
        }),
      ];
    case 'signatures':
      return signatures(b, content);
  }
}

/** Renders a layout to DOCX bytes. */
export async function renderDocx(layout: DocumentLayout): Promise<Buffer> {
  // docx turns the page itself (it swaps width and height for a landscape section).
  const margin = layout.landscape ? LANDSCAPE_MARGIN : PAGE.margin;
  const content = (layout.landscape ? PAGE.height : PAGE.width) - 2 * margin;
  const doc = new Document({
    creator: 'Orbita CRM',
    title: layout.title,
    styles: { default: { document: { run: { font: 'Arial', size: 18 } } } },
    sections: [
      {
        properties: {
          page: {
            size: {
              width: PAGE.width,
              height: PAGE.height,
              orientation: layout.landscape ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT,
            },
            margin: { top: margin, bottom: margin, left: margin, right: margin },
          },
        },
        children: layout.blocks.flatMap((b) => blockChildren(b, content)),
      },
    ],
  });
  return Packer.toBuffer(doc);
}
