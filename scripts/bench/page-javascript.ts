// Benchmark: the JavaScript a page makes Chromium load, gzipped (issue 15: the topic page at most
// 90 KB). Counted as the browser sees it, not from the HTML: every script response of the page's
// load (the entry, its modulepreloads, chunks imported at start-up), until the network is idle.
// Each body is gzipped here (level 6, what the compression middleware sends), so the figure
// does not depend on the server's compression or caching.
//   npm run build && tsx scripts/bench/page-javascript.ts      (services must be up)
// measurePageJavaScript() is what `npm run bench` prints; run alone, this file measures the
// topic page of a fresh seeded database, for a visitor and for the signed-in demo member.
import { gzipSync } from "node:zlib";
import { chromium } from "playwright";
import { signInDemoMember, withBenchDatabases, withBenchServer } from "./bench-server.ts";

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export interface PageJavaScript {
  url: string;
  /** Script files the page loaded, with their gzipped size in bytes, largest first. */
  files: Array<{ path: string; gzipped: number; raw: number }>;
  gzipped: number;
  raw: number;
}

/** Loads `url` in Chromium (with `cookie`, a Cookie header, if given) and sums its scripts. */
export async function measurePageJavaScript(url: string, options: { cookie?: string } = {}): Promise<PageJavaScript> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    const context = await browser.newContext({
      // A phone, as Lighthouse measures: the page's own code decides what loads, not the viewport.
      viewport: { width: 360, height: 740 },
      // No service worker: its precache would count every asset of the site, not the page's.
      serviceWorkers: "block",
      extraHTTPHeaders: options.cookie ? { cookie: options.cookie } : {},
    });
    const page = await context.newPage();
    const bodies = new Map<string, Promise<Buffer>>();
    page.on("response", (response) => {
      if (response.request().resourceType() !== "script" || bodies.has(response.url())) return;
      bodies.set(response.url(), response.body());
    });
    const response = await page.goto(url, { waitUntil: "networkidle" });
    if (!response?.ok()) throw new Error(`${url} answered ${response?.status()}`);
    if (new URL(page.url()).pathname !== new URL(url).pathname) throw new Error(`${url} ended at ${page.url()}`);
    const files = await Promise.all(
      [...bodies].map(async ([scriptUrl, body]) => {
        const bytes = await body;
        return { path: new URL(scriptUrl).pathname, raw: bytes.length, gzipped: gzipSync(bytes, { level: 6 }).length };
      }),
    );
    files.sort((a, b) => b.gzipped - a.gzipped);
    return {
      url,
      files,
      gzipped: files.reduce((sum, file) => sum + file.gzipped, 0),
      raw: files.reduce((sum, file) => sum + file.raw, 0),
    };
  } finally {
    await browser.close();
  }
}

export const kilobytes = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** One line per measured page, and with `detail` its files. */
export function printPageJavaScript(label: string, result: PageJavaScript, detail = false) {
  console.log(`  JavaScript ${label.padEnd(10)} ${kilobytes(result.gzipped)} gzipped (${kilobytes(result.raw)} raw) in ${result.files.length} files  (goal: <= 90 KB; NodeBB: 283 KB)`);
  if (!detail) return;
  for (const file of result.files) console.log(`    ${kilobytes(file.gzipped).padStart(9)}  ${file.path}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const port = Number(process.env.BENCH_PORT ?? 3903);
  await withBenchDatabases(async (databases) => {
    const thread = await databases.prisma.thread.findFirstOrThrow({ orderBy: { id: "asc" } });
    await withBenchServer(databases, { port, extraEnv: { CAPTCHA_ENABLED: "false" } }, async ({ base }) => {
      const url = `${base}/t/${thread.id}/${thread.slug}`;
      console.log(`topic page ${url}`);
      printPageJavaScript("visitor", await measurePageJavaScript(url), true);
      printPageJavaScript("member", await measurePageJavaScript(url, { cookie: await signInDemoMember(base) }), true);
    });
  });
}
