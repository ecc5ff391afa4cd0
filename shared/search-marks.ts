/**
 * How search results mark matched words: control characters no document contains, so a client
 * turns them into elements and never parses HTML (shared by the server and the search page).
 */
export const HIGHLIGHT_START = "\u0002";
export const HIGHLIGHT_END = "\u0003";
