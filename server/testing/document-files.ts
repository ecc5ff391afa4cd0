import sharp from "sharp";
import { crc32 } from "node:zlib";

/** Files of each kind an upload may be, made in memory (tests only). */

/** A one-page PDF as a writer would make it (only its bytes' signature matters here). */
export const PDF = Buffer.from(
  "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
);

export function image(format: "png" | "jpeg" | "webp" | "gif", width = 640, height = 480): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 30, g: 120, b: 200 } } })
    .toFormat(format)
    .toBuffer();
}

/** An ELF executable's first bytes: what a renamed Linux binary starts with. */
export const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(4200, 0)]);

/** A Windows executable (MZ header pointing at a PE header). */
export const EXE = (() => {
  const bytes = Buffer.alloc(4200, 0);
  bytes.write("MZ", 0, "latin1");
  bytes.writeUInt32LE(0x80, 0x3c);
  bytes.write("PE\0\0", 0x80, "latin1");
  return bytes;
})();

/** A zip archive holding one stored file. */
export const ZIP = (() => {
  const name = Buffer.from("a.txt");
  const data = Buffer.from("halo");
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(10, 4);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(10, 4);
  central.writeUInt16LE(10, 6);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(name.length, 28);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + name.length, 12);
  end.writeUInt32LE(local.length + name.length + data.length, 16);
  return Buffer.concat([local, name, data, central, name, end]);
})();

export const SVG = Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>\n');

export const TEXT = Buffer.from("Catatan rapat\n\tButir pertama — selesai.\r\nEmoji 🚀 dan aksara: ꦲꦏ꧀ꦱꦫ\n");

/**
 * A decompression bomb: a small PNG whose header claims 100,000 × 100,000 pixels (the CRC fixed,
 * so it is a well-formed file). Decoding it would need 30 GB of memory.
 */
export async function pixelBomb(): Promise<Buffer> {
  const png = Buffer.from(await image("png", 16, 16));
  // IHDR is the first chunk: length (8..11), type (12..15), width (16..19), height (20..23), CRC after its 13 bytes.
  png.writeUInt32BE(100_000, 16);
  png.writeUInt32BE(100_000, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
  return png;
}
