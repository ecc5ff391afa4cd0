import { getLocale } from "../../shared/paraglide/runtime.js";
import { DEFAULT_LOCALE, intlLocale, LOCALES, type Locale } from "../../shared/locale.ts";

export { DEFAULT_LOCALE, intlLocale, LOCALES, type Locale };

/**
 * The language this page renders in: on the server the request's (its context, see
 * app/entry.server.tsx), in the browser the one the server rendered (app/entry.client.tsx), so
 * hydration prints the same text.
 */
export function useLocale(): Locale {
  return getLocale();
}


/**
 * A message function of shared/paraglide/messages.js passed around as a value (a label in a table,
 * a prop). Only message functions that take no inputs or optional ones fit.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- every message's inputs type differs
export type Message = (inputs?: any, options?: { locale?: Locale }) => string;

/**
 * The message for a value known only at run time (a status, a reaction kind) from a static map of
 * message functions: the map names each function, so the bundler keeps only those. A value outside
 * the map prints as itself rather than failing the page.
 */
export function pickMessage(messages: Record<string, Message>, value: string): Message {
  return messages[value] ?? (() => value);
}
