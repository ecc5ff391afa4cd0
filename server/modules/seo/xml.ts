/**
 * Characters XML 1.0 forbids anywhere (C0 controls but tab and newlines, lone surrogates,
 * U+FFFE/U+FFFF): a title may carry one, and a single one makes a reader refuse the whole file.
 */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

// &#39; rather than &apos;: the same text is read as XML and as HTML (feed summaries), and HTML 4 lacks &apos;.
const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text (or an attribute value) for an XML document: forbidden characters dropped, markup escaped. */
export function escapeXml(value: string): string {
  return value.replace(NOT_XML, "").replace(/[&<>"']/g, (char) => ENTITIES[char]!);
}

/**
 * Member text for a feed field read as HTML (Atom `type="html"`, RSS descriptions): escaped
 * once so readers show it as the words it is, never as markup. The `feed` package then wraps it in
 * CDATA, which needs no further escaping, and with `>` escaped no `]]>` can end that CDATA early.
 */
export const feedHtmlText = escapeXml;

/** Member text for a plain feed field the `feed` package escapes itself: forbidden characters dropped. */
export function feedPlainText(value: string): string {
  return value.replace(NOT_XML, "");
}
