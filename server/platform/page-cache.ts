import { constants, crc32, deflateRawSync } from "node:zlib";
import { LRUCache } from "lru-cache";

/**
 * Rendered pages kept in this process's memory, each under the generation of the data it was
 * rendered from (docs/decisions/0014): a page is served only while that generation is current,
 * so a render that started before a write can never be served after the write's invalidation.
 *
 * A stored page carries no script nonce: its body is kept split where the render's nonce stood,
 * and every response joins the pieces around its own nonce. The pieces are compressed once, each
 * an independent DEFLATE run ending byte-aligned with a full flush, so a gzip response is the
 * stored pieces with the nonce between them as uncompressed ("stored") DEFLATE blocks: no
 * compression per response, and no two responses share a nonce.
 */
export interface StoredPage {
  status: number;
  headers: [string, string][];
  /** The body's bytes between the nonce's occurrences. */
  pieces: Buffer[];
  /** Each piece as raw DEFLATE; all but the last end in a full flush, the last is final. */
  deflated: Buffer[];
  /** Bytes of the body without its nonces. */
  size: number;
}

const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);

/** The page `body` rendered with `nonce`, ready to be served with any other nonce. */
export function storePage(status: number, headers: [string, string][], body: Buffer, nonce: string): StoredPage {
  const pieces: Buffer[] = [];
  const marker = Buffer.from(nonce);
  let start = 0;
  for (let at = body.indexOf(marker); at !== -1; at = body.indexOf(marker, start)) {
    pieces.push(body.subarray(start, at));
    start = at + marker.length;
  }
  pieces.push(body.subarray(start));
  const deflated = pieces.map((piece, index) =>
    deflateRawSync(piece, index === pieces.length - 1 ? {} : { finishFlush: constants.Z_FULL_FLUSH }),
  );
  return { status, headers, pieces: pieces.map((piece) => Buffer.from(piece)), deflated, size: body.length - marker.length * (pieces.length - 1) };
}

/** A non-final DEFLATE block holding `bytes` as they are (RFC 1951, 3.2.4); at most 65,535 bytes. */
function storedBlock(bytes: Buffer): Buffer {
  const block = Buffer.alloc(5 + bytes.length);
  block[0] = 0; // BFINAL 0, BTYPE 00, padded to the byte: the previous piece ended byte-aligned.
  block.writeUInt16LE(bytes.length, 1);
  block.writeUInt16LE(~bytes.length & 0xffff, 3);
  bytes.copy(block, 5);
  return block;
}

/** The stored page's body with `nonce` where the render's stood: gzip-encoded or as it is. */
export function pageBody(page: StoredPage, nonce: string, gzip: boolean): Buffer {
  const marker = Buffer.from(nonce);
  if (!gzip) {
    const parts: Buffer[] = [];
    page.pieces.forEach((piece, index) => {
      if (index > 0) parts.push(marker);
      parts.push(piece);
    });
    return Buffer.concat(parts);
  }
  const nonceBlock = storedBlock(marker);
  const parts: Buffer[] = [GZIP_HEADER];
  let crc = 0;
  page.pieces.forEach((piece, index) => {
    if (index > 0) {
      parts.push(nonceBlock);
      crc = crc32(marker, crc);
    }
    parts.push(page.deflated[index]!);
    crc = crc32(piece, crc);
  });
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE((page.size + marker.length * (page.pieces.length - 1)) % 2 ** 32, 4);
  parts.push(trailer);
  return Buffer.concat(parts);
}

export interface PageStore {
  /**
   * The page under `key` rendered in `generation`, from memory, or from `render` (once for all
   * concurrent callers of one key and generation). `render` answers null for a page that must not
   * be kept (an error, a cookie set); each such caller then renders for itself.
   */
  get(generation: string, key: string, render: () => Promise<StoredPage | null>): Promise<StoredPage | null>;
  /** The page under `key` rendered in `generation`, if this process holds it (no render). */
  peek(generation: string, key: string): StoredPage | undefined;
}

export function createPageStore({ maxBytes = 64 * 1024 * 1024, ttlMs = 60_000 } = {}): PageStore {
  const pages = new LRUCache<string, StoredPage>({
    maxSize: maxBytes,
    sizeCalculation: (page) => page.pieces.reduce((sum, piece) => sum + piece.length, 0) + page.deflated.reduce((sum, piece) => sum + piece.length, 0) + 1,
    ttl: ttlMs,
  });
  const rendering = new Map<string, Promise<StoredPage | null>>();
  // Only pages of the newest generation seen are worth memory: a newer one drops the rest.
  let newest = -1;
  const lookUp = (generation: string, key: string) => {
    const number = Number(generation);
    if (number > newest) {
      pages.clear();
      newest = number;
    }
    return pages.get(`${generation}\n${key}`);
  };
  return {
    peek: lookUp,
    async get(generation, key, render) {
      const number = Number(generation);
      const fullKey = `${generation}\n${key}`;
      const hit = lookUp(generation, key);
      if (hit) return hit;
      const pending = rendering.get(fullKey);
      // A failed render fails its own request; the others waiting on it render for themselves.
      if (pending) return pending.catch(() => null);
      const started = render().then((page) => {
        // Kept only while its generation is still the newest (a request that read the generation
        // just before a write's invalidation renders, but keeps nothing).
        if (page && newest === number) pages.set(fullKey, page);
        return page;
      });
      rendering.set(fullKey, started);
      try {
        return await started;
      } finally {
        rendering.delete(fullKey);
      }
    },
  };
}
