import { createHash } from "node:crypto";
import { Transform, type TransformCallback } from "node:stream";
import { fileTypeFromBuffer } from "file-type";
import { ALLOWED_TYPES, type DocumentType } from "../../../shared/documents.ts";
import { InvalidError, TooLargeError, UnsupportedTypeError } from "../../platform/errors.ts";
import * as m from "../../../shared/paraglide/messages/_index.js";

// The allowed types live in shared/: the upload page names them too.
export { ALLOWED_TYPES, IMAGE_TYPES, type DocumentType } from "../../../shared/documents.ts";


/** Bytes file-type reads to recognise a format (its own sample size); text is checked to the end. */
const SNIFF_BYTES = 4100;

/**
 * Plain text: valid UTF-8 with no control characters but tab, line feed and carriage return (a
 * NUL says binary), and not markup that a browser would run as SVG or HTML if it ever rendered it.
 */
// eslint-disable-next-line no-control-regex -- exactly the characters refused
const CONTROL = /[\u0000-\u0008\v\f\u000e-\u001f\u007f]/;
const STARTS_AS_MARKUP = /^\s*</;
const ACTIVE_ELEMENT = /<(?:svg|html|script)[\s>/]/i;

export interface Inspected {
  type: DocumentType;
  size: number;
  sha256: string;
}

/**
 * A pass-through that decides an upload's type from its bytes while they stream by (the client's
 * file name and Content-Type are never asked), counts them and hashes them. It fails the stream
 * (and so the write behind it) at the first byte past `limit` with `overLimit`, at a type that is
 * not allowed with UnsupportedTypeError, and on an empty body; `result()` is known once it ended.
 */
export class UploadInspector extends Transform {
  private size = 0;
  private readonly hash = createHash("sha256");
  private head: Buffer[] = [];
  private headBytes = 0;
  private type: DocumentType | undefined;
  private text: TextDecoder | undefined;
  private textStart = "";

  constructor(
    private readonly limit: number,
    private readonly overLimit: () => Error,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > this.limit) return done(this.overLimit());
    this.hash.update(chunk);
    if (this.type === undefined) {
      this.head.push(chunk);
      this.headBytes += chunk.length;
      if (this.headBytes < SNIFF_BYTES) return done();
      this.decide().then(() => done(), done);
      return;
    }
    try {
      if (this.text) this.checkText(chunk, false);
      done(null, chunk);
    } catch (error) {
      done(error as Error);
    }
  }

  override _flush(done: TransformCallback): void {
    const finish = async () => {
      if (this.size === 0) throw new InvalidError(m.error_document_empty());
      if (this.type === undefined) await this.decide();
      if (this.text) this.checkText(Buffer.alloc(0), true);
    };
    finish().then(() => done(), done);
  }

  /** Decides the type from the first bytes and lets them through. */
  private async decide(): Promise<void> {
    const head = Buffer.concat(this.head);
    this.head = [];
    const detected = await fileTypeFromBuffer(head);
    if (detected) {
      if (!(ALLOWED_TYPES as readonly string[]).includes(detected.mime)) throw new UnsupportedTypeError(m.error_document_unsupportedType());
      this.type = detected.mime as DocumentType;
    } else {
      // Nothing file-type knows: only text is left, checked to the last byte.
      this.type = "text/plain";
      this.text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
      this.checkText(head, false);
    }
    this.push(head);
  }

  private checkText(chunk: Buffer, last: boolean): void {
    let decoded: string;
    try {
      decoded = this.text!.decode(chunk, { stream: !last });
    } catch {
      throw new UnsupportedTypeError(m.error_document_unsupportedType());
    }
    if (CONTROL.test(decoded)) throw new UnsupportedTypeError(m.error_document_unsupportedType());
    if (this.textStart.length < SNIFF_BYTES) {
      this.textStart += decoded.slice(0, SNIFF_BYTES - this.textStart.length);
      if (STARTS_AS_MARKUP.test(this.textStart) && ACTIVE_ELEMENT.test(this.textStart)) throw new UnsupportedTypeError(m.error_document_unsupportedType());
    }
  }

  /** The decided type, size and digest, once the stream has ended without an error. */
  result(): Inspected {
    if (this.type === undefined || !this.writableFinished) throw new Error("the upload has not been inspected to its end");
    return { type: this.type, size: this.size, sha256: this.hash.digest("hex") };
  }
}

/** The refusal of an upload over DOCUMENT_MAX_BYTES. */
export function tooLargeError(maxBytes: number): TooLargeError {
  return new TooLargeError(m.error_document_tooLarge({ size: formatMegabytes(maxBytes) }));
}

export function formatMegabytes(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  return `${Number.isInteger(mib) ? mib : mib.toFixed(1)} MB`;
}
