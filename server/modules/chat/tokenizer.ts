import { Tiktoken } from "js-tiktoken/lite";
import cl100k_base from "js-tiktoken/ranks/cl100k_base";

/**
 * Token counts with OpenAI's cl100k_base encoding, the same for every provider, so an estimate
 * and the built-in provider's charge are counted alike. The ranks ship inside the package:
 * nothing is downloaded at run time.
 *
 * Built on first use: its tables take tens of MB, which a process that never counts (most
 * requests are pages) should not hold.
 */
let built: Tiktoken | undefined;
const encoding = () => (built ??= new Tiktoken(cl100k_base));

export function countTokens(text: string): number {
  return encoding().encode(text).length;
}

/** `text` cut to at most `maxTokens` tokens. */
export function truncateToTokens(text: string, maxTokens: number): string {
  const tokens = encoding().encode(text);
  return tokens.length <= maxTokens ? text : encoding().decode(tokens.slice(0, maxTokens));
}

// Chat formats wrap each message in a few tokens of role markup (OpenAI documents 3 per message
// plus 3 to prime the reply).
const TOKENS_PER_MESSAGE = 3;
const TOKENS_PER_REPLY = 3;

/** Input tokens of a chat prompt. */
export function countPromptTokens(messages: readonly { role: string; content: string }[]): number {
  return (
    messages.reduce((sum, message) => sum + TOKENS_PER_MESSAGE + countTokens(message.role) + countTokens(message.content), 0) +
    TOKENS_PER_REPLY
  );
}
