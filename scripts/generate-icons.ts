// Makes the installable app's PNG icons and store screenshots (public/icons, public/screenshots) from SVG
// with sharp. Run once when the logo changes (`npx tsx scripts/generate-icons.ts`) and commit the PNGs:
// they are small, change rarely, and the build then needs no image step.
import { mkdir } from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";

const root = path.resolve(import.meta.dirname, "..");
const BRAND = "#4f46e5";
// The letter is text, drawn with this machine's fonts: the PNGs are made once and committed, so every device sees the same.
const glyph = (x: number, y: number, size: number) =>
  `<text x="${x}" y="${y}" font-family="DejaVu Serif, Georgia, serif" font-size="${size}" font-weight="700" text-anchor="middle" fill="#ffffff">ℵ</text>`;

/** Rounded like the favicon (purpose "any"). */
const anyIcon = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512"><rect width="512" height="512" rx="112" fill="${BRAND}"/>${glyph(256, 368, 320)}</svg>`;
/** Full bleed, the letter inside the maskable safe zone (a centred circle of 40% radius). */
const maskableIcon = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512"><rect width="512" height="512" fill="${BRAND}"/>${glyph(256, 340, 220)}</svg>`;

/** A plain picture of the forum's layout: the install dialog shows it, nobody reads it closely. */
function screenshot(width: number, height: number): string {
  const pad = Math.round(width * 0.05);
  const rows = Array.from({ length: 6 }, (_, index) => {
    const y = 180 + index * Math.round((height - 240) / 6);
    return `<rect x="${pad}" y="${y}" width="${width - 2 * pad}" height="${Math.round((height - 240) / 7)}" rx="16" fill="#ffffff" stroke="#e2e8f0"/>
      <rect x="${pad + 24}" y="${y + 24}" width="${Math.round((width - 2 * pad) * 0.6)}" height="20" rx="6" fill="#334155"/>
      <rect x="${pad + 24}" y="${y + 60}" width="${Math.round((width - 2 * pad) * 0.35)}" height="14" rx="6" fill="#94a3b8"/>`;
  }).join("");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#f8fafc"/>
    <rect width="100%" height="120" fill="#ffffff" stroke="#e2e8f0"/><rect x="${pad}" y="28" width="64" height="64" rx="14" fill="${BRAND}"/>${glyph(pad + 32, 80, 44)}
    <text x="${pad + 84}" y="72" font-family="DejaVu Sans, sans-serif" font-size="30" font-weight="700" fill="#0f172a">Alephdraad</text>${rows}</svg>`;
}

async function png(svg: string, file: string, size?: number) {
  const image = sharp(Buffer.from(svg));
  await (size ? image.resize(size, size) : image).png({ compressionLevel: 9, palette: true }).toFile(path.join(root, "public", file));
}

await mkdir(path.join(root, "public/icons"), { recursive: true });
await mkdir(path.join(root, "public/screenshots"), { recursive: true });
await png(anyIcon, "icons/icon-192.png", 192);
await png(anyIcon, "icons/icon-512.png", 512);
await png(maskableIcon, "icons/maskable-512.png", 512);
// iOS ignores the manifest's icons and rounds the corners itself.
await png(maskableIcon, "icons/apple-touch-icon.png", 180);
await png(screenshot(412, 915), "screenshots/narrow.png");
await png(screenshot(1280, 800), "screenshots/wide.png");
