// The type of an upload is read from its bytes, never taken from the file name or the client's
// Content-Type: a PNG named .pdf is stored as image/png, and anything a browser or a desktop could
// run (HTML, SVG with script, executables) is refused.
import { fileTypeFromBuffer } from 'file-type';

/** Binary formats (as file-type names them) accepted as documents. */
const ALLOWED_BINARY = new Set([
  'application/pdf',
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/bmp',
  'image/tiff',
  'image/heic',
  'image/avif',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'application/vnd.oasis.opendocument.presentation',
  'application/rtf',
  'application/zip',
  'application/x-7z-compressed',
  'application/gzip',
  'application/x-rar-compressed',
  'application/vnd.rar',
  'audio/mpeg',
  'audio/wav',
  'audio/x-wav',
  'audio/ogg',
  'audio/mp4',
  'audio/x-m4a',
  'video/mp4',
  'video/quicktime',
  'message/rfc822',
  'application/x-cfb',
]);

/** Old binary Office files are all one container (CFB); the name then says which. */
const CFB_BY_EXTENSION: Record<string, string> = {
  doc: 'application/msword',
  xls: 'application/vnd.ms-excel',
  ppt: 'application/vnd.ms-powerpoint',
  msg: 'application/vnd.ms-outlook',
};

/** Names a desktop would run or a browser would render as a page, whatever their content. */
const DANGEROUS_EXTENSIONS = new Set(
  'exe com bat cmd scr pif msi msp dll cpl jar js jse vbs vbe wsf wsh hta ps1 psm1 sh bash lnk reg html htm xhtml shtml svg svgz xml xsl mht mhtml php asp aspx jsp app dmg deb rpm apk'.split(
    ' ',
  ),
);

export type Sniffed = { ok: true; mimeType: string } | { ok: false; rule: 'typeNotAllowed' | 'empty' };

const extensionOf = (name: string) => /\.([^.]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';

/** Markup a browser would run: any HTML, and SVG/XML carrying script, handlers or foreign content. */
function isActiveMarkup(text: string): boolean {
  const head = text.slice(0, 64 * 1024).toLowerCase();
  if (/<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<script[\s>]|<iframe[\s>]|<object[\s>]|<embed[\s>]/.test(head)) return true;
  if (/<svg[\s>]|<\?xml|<!doctype\s+svg/.test(head)) return true;
  return false;
}

/** Whether bytes are text: valid UTF-8 (or a one-byte Cyrillic code page) without control bytes. */
function isText(bytes: Buffer): boolean {
  const sample = bytes.subarray(0, 64 * 1024);
  for (const b of sample) if (b === 0 || (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1b)) return false;
  return true;
}

/** The type of the bytes, or why they are refused. */
export async function sniff(bytes: Buffer, name: string): Promise<Sniffed> {
  if (!bytes.length) return { ok: false, rule: 'empty' };
  const ext = extensionOf(name);
  if (DANGEROUS_EXTENSIONS.has(ext)) return { ok: false, rule: 'typeNotAllowed' };
  const found = await fileTypeFromBuffer(bytes);
  if (found) {
    if (!ALLOWED_BINARY.has(found.mime)) return { ok: false, rule: 'typeNotAllowed' };
    if (found.mime === 'application/x-cfb') return { ok: true, mimeType: CFB_BY_EXTENSION[ext] ?? 'application/x-cfb' };
    return { ok: true, mimeType: found.mime };
  }
  if (!isText(bytes)) return { ok: false, rule: 'typeNotAllowed' };
  const text = bytes.toString('utf8');
  if (isActiveMarkup(text)) return { ok: false, rule: 'typeNotAllowed' };
  if (ext === 'csv') return { ok: true, mimeType: 'text/csv' };
  return { ok: true, mimeType: 'text/plain' };
}
