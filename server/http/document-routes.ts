import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { unstable_parseMultipartFormData as parseMultipartFormData } from "@remix-run/node";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import express, { type Request, type RequestHandler, type Response, type Router } from "express";
import type { Runtime } from "../app-services.ts";
import { tooLargeError } from "../modules/document/detect.ts";
import { deleteDocument, openDocument, uploadDocument, type Download, type DocumentSummary } from "../modules/document/service.ts";
import { requireTokenScopes } from "../modules/access-token/scopes.ts";
import { isPastSecondFactor } from "../modules/auth/policies.ts";
import { consumeWriteLimit } from "../modules/security/write-limits.ts";
import { DomainError, InvalidError } from "../platform/errors.ts";
import { createContext } from "../trpc/context.ts";
import { signedInMember } from "../trpc/init.ts";
import { asyncHandler } from "./async-handler.ts";
import { asRefusal } from "./refusal.ts";
import { requestMeta } from "./request-meta.ts";
import * as m from "../../shared/paraglide/messages/_index.js";

export const UPLOAD_PATH = "/api/documents";

/** Room for the multipart framing and the title beside the file itself. */
const MULTIPART_OVERHEAD_BYTES = 16 * 1024;
/** A title is at most 200 characters: 4 bytes each in UTF-8 at worst, and some slack. */
const MAX_TITLE_BYTES = 1024;

/**
 * The document routes that are not tRPC (multipart in, bytes out): `POST /api/documents` (a
 * member's upload), `GET /d/:id` (the owner's download), `GET /s/:token` (a share link) and their
 * `/thumb`. Mounted by app.ts before the 1 MiB body limit of every other route: an upload has its
 * own limit (DOCUMENT_MAX_BYTES), counted while the body streams, so it is never buffered.
 */
export function documentHttpRoutes(runtime: Runtime, csrf: RequestHandler): Router {
  const router: Router = express.Router();
  const deps = { prisma: runtime.prisma, storage: runtime.storage, env: runtime.env };
  const maxBody = runtime.env.DOCUMENT_MAX_BYTES + MULTIPART_OVERHEAD_BYTES;

  router.post(
    UPLOAD_PATH,
    csrf,
    asyncHandler(async (req, res) => {
      try {
        const length = req.get("content-length");
        // A declared length over the limit is refused before a byte is read.
        if (length !== undefined && (!/^\d+$/.test(length) || Number(length) > maxBody)) {
          throw tooLargeError(runtime.env.DOCUMENT_MAX_BYTES);
        }
        const ctx = await createContext(runtime, requestMeta(req, res));
        // An upload is content a token writes (scopes.ts, as document.update and the like).
        requireTokenScopes(ctx, ["content:write"], m.error_accessToken_what_uploadDocument());
        const member = signedInMember(ctx);
        if (!/^multipart\/form-data;\s*boundary=/i.test(req.get("content-type") ?? "")) {
          throw new InvalidError(m.error_document_sendAsForm());
        }
        const ticket = await consumeWriteLimit(ctx, "document", member.id);
        let uploaded: DocumentSummary;
        try {
          uploaded = await receiveUpload(
            req,
            maxBody,
            (title, fileName, body) => uploadDocument(deps, member.id, { title, fileName, body }),
            (document) => deleteDocument(deps, member.id, document.id),
          );
        } catch (error) {
          // A form sent wrong costs no attempt; a refused file (type, size) does.
          if (error instanceof DomainError && error.kind === "invalid") await ticket.refund();
          throw error;
        }
        if (wantsJson(req)) res.status(201).json({ document: uploaded });
        else res.redirect(303, "/dokumen");
      } catch (error) {
        refuseUpload(req, res, error);
      }
    }),
  );

  const serveOwn = (part: "file" | "thumbnail") =>
    asyncHandler<{ id: string }>(async (req, res) => {
      const ctx = await createContext(runtime, requestMeta(req as unknown as Request, res));
      // Anonymous, pending two-factor, someone else: all "not found", the document's existence untold.
      const userId = ctx.user && isPastSecondFactor(ctx.session) ? ctx.user.id : null;
      await serve(res, part, async () => {
        // A token downloads what document.get would show it (scopes.ts).
        requireTokenScopes(ctx, ["read"], m.error_accessToken_what_downloadDocument());
        return openDocument(deps, { id: req.params.id, userId }, part);
      });
    });
  const serveShared = (part: "file" | "thumbnail") =>
    asyncHandler<{ token: string }>(async (req, res) => {
      await serve(res, part, () => openDocument(deps, { shareToken: req.params.token }, part));
    });
  router.get("/d/:id", serveOwn("file"));
  router.get("/d/:id/thumb", serveOwn("thumbnail"));
  router.get("/s/:token", serveShared("file"));
  router.get("/s/:token/thumb", serveShared("thumbnail"));
  return router;
}

/**
 * Streams the multipart body through the parser: the `title` field first (bounded), then one
 * `file` whose bytes go straight to `store`. The whole body is counted too, so a flood of other
 * fields cannot make the parser hold more than the upload limit.
 */
async function receiveUpload(
  req: Request,
  maxBody: number,
  store: (title: string, fileName: string | undefined, body: Readable) => Promise<DocumentSummary>,
  discard: (document: DocumentSummary) => Promise<unknown>,
): Promise<DocumentSummary> {
  let received = 0;
  const counted = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      received += chunk.length;
      if (received > maxBody) return done(tooLargeError(maxBody - MULTIPART_OVERHEAD_BYTES));
      done(null, chunk);
    },
  });
  pipeline(req, counted).catch(() => {});
  const request = new globalThis.Request("http://upload.local/", {
    method: "POST",
    headers: { "content-type": req.get("content-type") ?? "" },
    body: Readable.toWeb(counted) as ReadableStream<Uint8Array>,
    duplex: "half",
  } as RequestInit);

  let title: string | undefined;
  let uploaded: DocumentSummary | undefined;
  const parsed = parseMultipartFormData(request, async (part) => {
    if (part.name === "title" && part.filename === undefined) {
      title = await readField(part.data, MAX_TITLE_BYTES);
      return undefined;
    }
    if (part.name === "file" && part.filename !== undefined) {
      if (uploaded) throw new InvalidError(m.error_document_oneFile());
      if (title === undefined) throw new InvalidError(m.error_document_titleFirst());
      uploaded = await store(title, part.filename, Readable.from(part.data, { objectMode: false }));
      return undefined;
    }
    // Other fields are read past and forgotten.
    for await (const _chunk of part.data);
    return undefined;
  });
  try {
    await parsed;
  } catch (error) {
    // A form refused after its file was stored (a second file, a broken end) keeps nothing.
    if (uploaded) await discard(uploaded);
    throw error;
  }
  if (!uploaded) throw new InvalidError(m.error_document_chooseFile());
  return uploaded;
}

async function readField(data: AsyncIterable<Uint8Array>, maxBytes: number): Promise<string> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of data) {
    size += chunk.length;
    if (size > maxBytes) throw new InvalidError(m.input_document_titleTooLong200());
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

const wantsJson = (req: Request) => /application\/json/.test(req.get("accept") ?? "");

/** A refused upload as its client reads it: JSON for the page's script, plain text for a bare form. */
function refuseUpload(req: Request, res: Response, error: unknown): void {
  const mapped = asRefusal(error, (name, value) => res.setHeader(name, value));
  if (!mapped) throw error;
  const status = getHTTPStatusCodeFromError(mapped);
  res.status(status);
  // The rest of a refused body is not read: Node closes the connection after the answer.
  res.setHeader("Connection", "close");
  if (wantsJson(req)) res.json({ error: { message: mapped.message, code: mapped.code } });
  else res.type("text/plain; charset=utf-8").send(mapped.message);
}

/** Sends a document's bytes as a download that no browser runs or sniffs, and no cache keeps. */
async function serve(res: Response, part: "file" | "thumbnail", open: () => Promise<Download>): Promise<void> {
  let download: Download;
  try {
    download = await open();
  } catch (error) {
    const mapped = asRefusal(error);
    if (!mapped) throw error;
    res.status(getHTTPStatusCodeFromError(mapped)).setHeader("Cache-Control", "no-store");
    res.type("text/plain; charset=utf-8").send(mapped.message);
    return;
  }
  res.status(200);
  res.setHeader("Content-Type", download.mimeType === "text/plain" ? "text/plain; charset=utf-8" : download.mimeType);
  res.setHeader("Content-Length", String(download.size));
  // Files are always saved, never shown by the browser; the thumbnail is the page's own <img>.
  res.setHeader("Content-Disposition", contentDisposition(part === "file" ? "attachment" : "inline", download.fileName));
  res.setHeader("X-Content-Type-Options", "nosniff");
  // no-store everywhere: a shared link's copy must not outlive its unsharing in any cache, and
  // no-transform keeps compression from dropping Content-Length.
  res.setHeader("Cache-Control", "private, no-store, no-transform");
  // Should a browser ever render one: no script, no plugin, no same-origin access.
  res.setHeader("Content-Security-Policy", "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'");
  res.setHeader("Cross-Origin-Resource-Policy", "same-origin");
  try {
    await pipeline(download.body, res);
  } catch {
    // The client went away mid-download: nothing to answer.
    download.body.destroy();
  }
}

/** RFC 6266: an ASCII fallback name and the exact one in UTF-8. */
export function contentDisposition(kind: "attachment" | "inline", fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
