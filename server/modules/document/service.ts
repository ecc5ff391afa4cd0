import { randomBytes } from "node:crypto";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import sharp from "sharp";
import type { Env } from "../../platform/env.ts";
import { InvalidError, NotFoundError, TooLargeError, UnsupportedTypeError } from "../../platform/errors.ts";
import type { Logger } from "../../platform/logger.ts";
import type { Prisma } from "../../platform/db/postgres.ts";
import { isId, newId } from "../../platform/ids.ts";
import type { Storage } from "../../platform/storage.ts";
import { newestFirstPositionOf, newestFirstSort, olderThan, toPage, type NewestFirstCursor, type Page } from "../pagination.ts";
import { EXTENSIONS_OF } from "../../../shared/documents.ts";
import { formatMegabytes, IMAGE_TYPES, tooLargeError, UploadInspector, type DocumentType } from "./detect.ts";
import { DocumentModel, type StoredDocument } from "./document.model.ts";
import { canReadDocument } from "./policies.ts";
import * as m from "../../../shared/paraglide/messages/_index.js";

export interface DocumentDeps {
  prisma: Prisma;
  storage: Storage;
  env: Pick<Env, "DOCUMENT_MAX_BYTES" | "DOCUMENT_QUOTA_BYTES">;
}

/** A document as its owner sees it in lists and after changes. */
export interface DocumentSummary {
  id: string;
  title: string;
  fileName: string;
  mimeType: string;
  size: number;
  hasThumbnail: boolean;
  /** The share link's secret (`/s/<token>`), null while the document is private. */
  shareToken: string | null;
  createdAt: Date;
}

export interface Quota {
  usedBytes: number;
  quotaBytes: number;
  maxFileBytes: number;
}

type DocumentRow = StoredDocument & { _id: string; createdAt: Date };

const NOT_FOUND_ERROR = () => new NotFoundError(m.error_document_notFound());

/** Thumbnails: WebP within 320 × 320, from images of at most 50 megapixels (a decompression bomb is refused). */
const THUMB_SIZE = 320;
const MAX_INPUT_PIXELS = 50_000_000;

/** Where a member's documents' bytes live; the sweeper reads ids back from these keys. */
export const STORAGE_PREFIX = "documents/";
const storageKeyOf = (userId: number, id: string) => `${STORAGE_PREFIX}${userId}/${id}`;
export const thumbnailKeyOf = (storageKey: string) => `${storageKey}.thumb.webp`;

function toSummary(row: DocumentRow): DocumentSummary {
  return {
    id: row._id,
    title: row.title,
    fileName: row.fileName,
    mimeType: row.mimeType,
    size: row.size,
    hasThumbnail: IMAGE_TYPES.has(row.mimeType),
    shareToken: row.shareToken ?? null,
    createdAt: row.createdAt,
  };
}

/** A file name as it may be stored and sent back in Content-Disposition: no paths, no control characters. */
export function cleanFileName(name: string | undefined, type: DocumentType): string {
  const base = (name ?? "").split(/[/\\]/).pop() ?? "";
  // eslint-disable-next-line no-control-regex -- exactly the characters being removed
  const cleaned = base.replace(/[\u0000-\u001f\u007f"]/g, "").trim().slice(0, 200);
  return cleaned || `dokumen.${EXTENSIONS_OF[type][0]}`;
}

async function usedBytes(userId: number): Promise<number> {
  const [total] = await DocumentModel.aggregate<{ bytes: number }>([
    { $match: { userId } },
    { $group: { _id: null, bytes: { $sum: "$size" } } },
  ]);
  return total?.bytes ?? 0;
}

export async function getQuota(deps: Pick<DocumentDeps, "env">, userId: number): Promise<Quota> {
  return {
    usedBytes: await usedBytes(userId),
    quotaBytes: deps.env.DOCUMENT_QUOTA_BYTES,
    maxFileBytes: deps.env.DOCUMENT_MAX_BYTES,
  };
}

function quotaError(quota: number): TooLargeError {
  return new TooLargeError(m.error_document_quota({ quota: formatMegabytes(quota) }));
}

export const titleLimits = { min: 1, max: 200 } as const;

/** The title rule for uploads (HTTP) and renames (tRPC schema) alike. */
export function cleanTitle(title: string): string {
  const trimmed = title.trim();
  if (trimmed.length < titleLimits.min || trimmed.length > titleLimits.max) {
    throw new InvalidError(m.error_document_titleLength({ min: titleLimits.min, max: titleLimits.max }));
  }
  return trimmed;
}

export interface UploadInput {
  title: string;
  /** The name the browser sent; kept for the download's name, never used to decide the type. */
  fileName: string | undefined;
  body: Readable;
}

/** Crash points of an upload, for the tests that prove the sweeper cleans up after them. */
export interface UploadHooks {
  afterBytesStored?(storageKey: string): Promise<void> | void;
}

/**
 * Stores an upload: the bytes first, under a fresh key, while their type is decided from them,
 * counted and hashed (storage receives the stream; nothing is held in memory beyond a sniffing
 * sample); then an image's thumbnail; then the metadata. A failure after the bytes were written
 * removes them again; a crash leaves them without metadata, and the sweeper removes them within
 * hours (sweepOrphanBytes).
 *
 * The quota: a cheap check first (a full quota fails before a byte is read, and the stream stops
 * at what is left), then the real one when the metadata is written, under a PostgreSQL advisory
 * lock per member held by a transaction: concurrent uploads of one member commit one at a time
 * and each sees the others' sizes, so they never pass the quota together (the lock goes with its
 * transaction, also when the process dies). MongoDB alone cannot do this on FerretDB 1.x, whose
 * updates are read-then-write without isolation (docs/decisions/0001).
 */
export async function uploadDocument(
  deps: DocumentDeps,
  userId: number,
  input: UploadInput,
  hooks: UploadHooks = {},
): Promise<DocumentSummary> {
  const title = cleanTitle(input.title);
  const quota = deps.env.DOCUMENT_QUOTA_BYTES;
  const maxBytes = deps.env.DOCUMENT_MAX_BYTES;
  const remaining = quota - (await usedBytes(userId));
  if (remaining <= 0) {
    input.body.resume();
    throw quotaError(quota);
  }
  const inspector =
    remaining < maxBytes ? new UploadInspector(remaining, () => quotaError(quota)) : new UploadInspector(maxBytes, () => tooLargeError(maxBytes));

  const id = newId("doc");
  const storageKey = storageKeyOf(userId, id);
  const thumbnailKey = thumbnailKeyOf(storageKey);
  // The inspector starts on the body at once, before storage is ready to read it: its refusal
  // (type, size) is kept here, as storage may only see the stream end early.
  let refusal: unknown;
  inspector.on("error", (error) => (refusal ??= error));
  pipeline(input.body, inspector).catch(() => {});
  try {
    // The type is unknown until the first bytes were read: stored as octet-stream, served by the metadata's type.
    await deps.storage.put(storageKey, inspector, { contentType: "application/octet-stream" });
  } catch (error) {
    await deps.storage.delete(storageKey).catch(() => {});
    throw refusal ?? error;
  }
  try {
    const inspected = inspector.result();
    await hooks.afterBytesStored?.(storageKey);
    if (IMAGE_TYPES.has(inspected.type)) await storeThumbnail(deps.storage, storageKey, thumbnailKey);
    const row = await deps.prisma.$transaction(
      async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('document_quota'), ${userId}::int)`;
        if ((await usedBytes(userId)) + inspected.size > quota) throw quotaError(quota);
        const created = await DocumentModel.create({
          _id: id,
          userId,
          title,
          fileName: cleanFileName(input.fileName, inspected.type),
          mimeType: inspected.type,
          size: inspected.size,
          storageKey,
          sha256: inspected.sha256,
        });
        return created.toObject() as DocumentRow;
      },
      { maxWait: 10_000, timeout: 15_000 },
    );
    return toSummary(row);
  } catch (error) {
    // A commit that failed after MongoDB took the metadata must not take the bytes from under it.
    const stored = await DocumentModel.exists({ _id: id }).catch(() => null);
    if (!stored) await Promise.all([deps.storage.delete(storageKey), deps.storage.delete(thumbnailKey)]).catch(() => {});
    throw error;
  }
}

/** A 320 px WebP of a stored image; an image sharp cannot read (broken, a pixel bomb) refuses the upload. */
async function storeThumbnail(storage: Storage, storageKey: string, thumbnailKey: string): Promise<void> {
  const original = await storage.get(storageKey);
  if (!original) throw new Error(`stored bytes vanished: ${storageKey}`);
  let thumbnail: Buffer;
  try {
    const resize = sharp({ limitInputPixels: MAX_INPUT_PIXELS, failOn: "error" })
      .rotate()
      .resize(THUMB_SIZE, THUMB_SIZE, { fit: "inside", withoutEnlargement: true })
      .webp({ quality: 75 });
    thumbnail = await original.body.pipe(resize).toBuffer();
  } catch {
    original.body.destroy();
    throw new UnsupportedTypeError(m.error_document_imageUnreadable());
  }
  await storage.put(thumbnailKey, thumbnail, { contentType: "image/webp" });
}

export async function listDocuments(
  userId: number,
  input: { cursor?: NewestFirstCursor | undefined; limit: number },
): Promise<Page<DocumentSummary>> {
  const rows = await DocumentModel.find({ userId, ...(input.cursor ? olderThan(input.cursor) : {}) })
    .sort(newestFirstSort)
    .limit(input.limit + 1)
    .lean<DocumentRow[]>();
  return toPage(rows, input.limit, toSummary, newestFirstPositionOf);
}

async function ownDocument(userId: number, id: string): Promise<DocumentRow> {
  const row = await DocumentModel.findOne({ _id: id }).lean<DocumentRow>();
  // Someone else's document is "not found", never "forbidden": its existence is not told.
  if (!row || !canReadDocument(row, { userId })) throw NOT_FOUND_ERROR();
  return row;
}

export async function getDocument(userId: number, id: string): Promise<DocumentSummary> {
  return toSummary(await ownDocument(userId, id));
}

export async function renameDocument(userId: number, input: { id: string; title: string }): Promise<DocumentSummary> {
  const title = cleanTitle(input.title);
  const row = await DocumentModel.findOneAndUpdate({ _id: input.id, userId }, { $set: { title } }, { new: true }).lean<DocumentRow>();
  if (!row) throw NOT_FOUND_ERROR();
  return toSummary(row);
}

/** 192 random bits, URL-safe: the share link's secret. */
const newShareToken = () => randomBytes(24).toString("base64url");
export const SHARE_TOKEN_PATTERN = /^[A-Za-z0-9_-]{32}$/;

/** Shares the document by a public link; sharing a shared document keeps its link. */
export async function shareDocument(userId: number, id: string): Promise<DocumentSummary> {
  await ownDocument(userId, id);
  await DocumentModel.updateOne({ _id: id, userId, shareToken: null }, { $set: { shareToken: newShareToken(), isPublic: true } });
  // Read back: of two shares at once, the link that was kept is the one answered to both.
  return toSummary(await ownDocument(userId, id));
}

/** Makes the document private again: its old link answers 404 from now on. */
export async function unshareDocument(userId: number, id: string): Promise<DocumentSummary> {
  const row = await DocumentModel.findOneAndUpdate(
    { _id: id, userId },
    { $set: { shareToken: null, isPublic: false } },
    { new: true },
  ).lean<DocumentRow>();
  if (!row) throw NOT_FOUND_ERROR();
  return toSummary(row);
}

/**
 * Deletes the metadata, then the bytes and thumbnail. Bytes a failed removal leaves behind have
 * no metadata any more, so the sweeper removes them.
 */
export async function deleteDocument(deps: Pick<DocumentDeps, "storage">, userId: number, id: string): Promise<{ id: string }> {
  const row = await DocumentModel.findOneAndDelete({ _id: id, userId }).lean<DocumentRow>();
  if (!row) throw NOT_FOUND_ERROR();
  await Promise.all([deps.storage.delete(row.storageKey), deps.storage.delete(thumbnailKeyOf(row.storageKey))]);
  return { id };
}

/** What a download serves: the stored bytes and how to name them. */
export interface Download {
  body: Readable;
  size: number;
  mimeType: string;
  fileName: string;
  /** Shared by link: nobody needs to be signed in to read it. */
  shared: boolean;
}

/**
 * The bytes of a document (or its thumbnail) for its owner (by id) or for whoever holds its
 * share link; anything else, and a thumbnail of what is no image, is not found.
 */
export async function openDocument(
  deps: Pick<DocumentDeps, "storage">,
  access: { id: string; userId: number | null } | { shareToken: string },
  part: "file" | "thumbnail",
): Promise<Download> {
  let row: DocumentRow | null;
  if ("shareToken" in access) {
    row = SHARE_TOKEN_PATTERN.test(access.shareToken)
      ? await DocumentModel.findOne({ shareToken: access.shareToken }).lean<DocumentRow>()
      : null;
  } else {
    const viewer = access.userId;
    row = viewer === null || !isId("doc", access.id) ? null : await DocumentModel.findOne({ _id: access.id }).lean<DocumentRow>();
    if (row && viewer !== null && !canReadDocument(row, { userId: viewer })) row = null;
  }
  if (!row || (part === "thumbnail" && !IMAGE_TYPES.has(row.mimeType))) throw NOT_FOUND_ERROR();
  const stored = await deps.storage.get(part === "file" ? row.storageKey : thumbnailKeyOf(row.storageKey));
  if (!stored) throw NOT_FOUND_ERROR();
  return {
    body: stored.body,
    size: stored.size,
    mimeType: part === "file" ? row.mimeType : "image/webp",
    fileName: part === "file" ? row.fileName : `${row.fileName.replace(/\.[^.]*$/, "")}-thumb.webp`,
    shared: "shareToken" in access,
  };
}

/** Bytes younger than this may belong to an upload still writing its metadata. */
export const ORPHAN_AGE_MS = 60 * 60 * 1000;
const SWEEP_BATCH = 500;

/**
 * Removes stored bytes (and thumbnails) that no document points at and that are older than
 * ORPHAN_AGE_MS: what a crash between the bytes and the metadata, or a failed removal, left.
 * Idempotent; returns how many keys it removed.
 */
export async function sweepOrphanBytes(
  deps: Pick<DocumentDeps, "storage"> & { logger?: Pick<Logger, "info"> },
  now: Date = new Date(),
): Promise<number> {
  const before = now.getTime() - ORPHAN_AGE_MS;
  let removed = 0;
  let batch: { key: string; id: string }[] = [];
  const flush = async () => {
    const ids = [...new Set(batch.map((entry) => entry.id))];
    const kept = new Set(
      (await DocumentModel.find({ _id: { $in: ids } }, { _id: 1 }).lean<{ _id: string }[]>()).map((row) => row._id),
    );
    for (const entry of batch) {
      if (kept.has(entry.id)) continue;
      await deps.storage.delete(entry.key);
      removed += 1;
    }
    batch = [];
  };
  for await (const entry of deps.storage.list(STORAGE_PREFIX)) {
    if (entry.lastModified.getTime() > before) continue;
    const id = /^documents\/\d+\/(doc_[0-9A-Z]{26})(?:\.thumb\.webp)?$/.exec(entry.key)?.[1];
    if (!id) continue;
    batch.push({ key: entry.key, id });
    if (batch.length >= SWEEP_BATCH) await flush();
  }
  if (batch.length) await flush();
  if (removed) deps.logger?.info({ removed }, "orphan document bytes removed");
  return removed;
}
