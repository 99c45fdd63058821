// The per-language message catalogues the build makes from contracts/i18n (vite.config.ts, 'orbita-messages').
declare module 'virtual:orbita-messages/*' {
  // Nested strings, as contracts/i18n/types.ts `Messages` (an ambient module cannot import it).
  type Messages = { [key: string]: string | Messages };
  const messages: Messages;
  export default messages;
}
