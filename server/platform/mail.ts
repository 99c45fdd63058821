// Outgoing e-mail over SMTP (nodemailer), configured by ORBITA_SMTP_URL. A provider behind one
// function, as document storage is: modules hand it a message, it says what the server answered.
// Callers send from background jobs, so a slow or dead SMTP server never holds a request.
import nodemailer from 'nodemailer';
import addressparser from 'nodemailer/lib/addressparser';
import { z } from 'zod';

/** `url` null: no SMTP server set up (sending is refused with a clear error, not queued). */
export type MailSettings = { url: string | null; from: string | null };

export type MailMessage = {
  /** The display name of the sender (our legal entity); the address is the configured one. */
  fromName: string;
  replyTo?: { name: string; address: string };
  to: string[];
  subject: string;
  text: string;
  attachments: { filename: string; content: Buffer; contentType: string }[];
};

export type MailResult = { messageId: string; accepted: string[]; rejected: string[] };

/** A failed sending; `permanent` when the server refused it for good (a 5xx), so retrying is pointless. */
export class MailFailure extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
  }
}

// Zod's address rule, with Unicode allowed (почта.рф, имя@пример.бг): nodemailer encodes them.
const addressSchema = z.email({ pattern: z.regexes.unicodeEmail });

/**
 * The addresses in what a person typed: one, several separated by commas or semicolons, with or
 * without display names («Бухгалтерия <buh@example.ru>»). Each entry is either the bare address
 * or, when it is not one, the text that failed, for the caller to name.
 */
export function parseAddresses(input: string | string[]): { ok: string[]; bad: { index: number; text: string }[] } {
  const entries = (Array.isArray(input) ? input : [input])
    .flatMap((s) => s.split(/[;,](?=(?:[^"]*"[^"]*")*[^"]*$)/))
    .map((s) => s.trim())
    .filter(Boolean);
  const ok: string[] = [];
  const bad: { index: number; text: string }[] = [];
  entries.forEach((text, index) => {
    const parsed = addressparser(text, { flatten: true });
    const address = parsed.length === 1 ? parsed[0].address : undefined;
    if (address && addressSchema.safeParse(address).success) {
      if (!ok.includes(address.toLowerCase())) ok.push(address.toLowerCase());
    } else bad.push({ index, text: text.slice(0, 100) });
  });
  return { ok, bad };
}

/** The sender address: ORBITA_SMTP_FROM, else the SMTP login when it is an address, else orbita@<SMTP host>. */
export function senderAddress(settings: MailSettings): string {
  if (settings.from) {
    const parsed = addressparser(settings.from, { flatten: true })[0];
    if (parsed?.address) return parsed.address;
  }
  const url = new URL(settings.url!);
  const user = decodeURIComponent(url.username);
  return user.includes('@') ? user : `orbita@${url.hostname}`;
}

/** Sends one message; throws MailFailure with the server's answer (or the connection's error). */
export async function sendMail(settings: MailSettings, msg: MailMessage): Promise<MailResult> {
  if (!settings.url) throw new MailFailure('ORBITA_SMTP_URL is not set', true);
  // Bounded waits (the URL may still set its own): a server that accepts the connection and then
  // says nothing frees the job.
  const transport = nodemailer.createTransport({
    url: settings.url,
    connectionTimeout: 20_000,
    greetingTimeout: 20_000,
    socketTimeout: 60_000,
  });
  try {
    const info = await transport.sendMail({
      from: { name: msg.fromName, address: senderAddress(settings) },
      replyTo: msg.replyTo,
      to: msg.to,
      subject: msg.subject,
      text: msg.text,
      attachments: msg.attachments,
    });
    const list = (v: unknown) => (Array.isArray(v) ? v.map((a) => (typeof a === 'string' ? a : String(a?.address ?? a))) : []);
    return { messageId: String(info.messageId ?? ''), accepted: list(info.accepted), rejected: list(info.rejected) };
  } catch (e) {
    const err = e as Error & { permanent?: boolean; response?: string; code?: string };
    const text = (err.response ?? err.message ?? String(e)).slice(0, 500);
    throw new MailFailure(err.code ? `${err.code}: ${text}` : text, err.permanent === true);
  } finally {
    transport.close();
  }
}
