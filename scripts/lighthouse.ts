// Benchmark: Lighthouse scores of the production server's pages, mobile settings (Lighthouse's
// default form factor and simulated throttling), against Debian's Chromium.
//   npm run lighthouse       (services must be up: npm run services)
// CHROMIUM_PATH picks the browser (default /usr/bin/chromium); LIGHTHOUSE_RUNS=n runs every page
// n times and reports the median run. Prints the four scores, total blocking time and LCP per page,
// and the audits that cost points. Scores are a benchmark, not a test: the exit code is 0 whatever
// they are (a failure to run at all still fails).
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import { signInDemoMember, withBenchDatabases, withBenchServer } from "./bench/bench-server.ts";

const PORT = Number(process.env.LIGHTHOUSE_PORT ?? 3902);
const RUNS = Math.max(1, Number(process.env.LIGHTHOUSE_RUNS ?? 1));
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"] as const;
/** Below these a category's failing audits are listed (performance varies by a point run to run). */
const GOOD: Record<(typeof CATEGORIES)[number], number> = { performance: 99, accessibility: 100, "best-practices": 100, seo: 100 };

interface Page {
  name: string;
  path: string;
  /** The signed-in member's Cookie header, for the pages only a member sees. */
  cookie?: string;
}

interface Run {
  scores: Record<(typeof CATEGORIES)[number], number>;
  totalBlockingTime: number;
  largestContentfulPaint: number;
  failing: Partial<Record<(typeof CATEGORIES)[number], string[]>>;
}

async function audit(port: number, url: string, cookie: string | undefined): Promise<Run> {
  const result = await lighthouse(
    url,
    { port, output: "json", logLevel: "error", onlyCategories: [...CATEGORIES], ...(cookie ? { extraHeaders: { cookie } } : {}) },
  );
  if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
  const { lhr } = result;
  if (lhr.runtimeError) throw new Error(`Lighthouse could not load ${url}: ${lhr.runtimeError.message}`);
  // A member page that sent the browser to the sign-in form would score the wrong page.
  if (new URL(lhr.finalDisplayedUrl).pathname !== new URL(url).pathname) throw new Error(`${url} ended at ${lhr.finalDisplayedUrl}`);
  const scores = {} as Run["scores"];
  const failing: Run["failing"] = {};
  for (const id of CATEGORIES) {
    const category = lhr.categories[id]!;
    scores[id] = Math.round((category.score ?? 0) * 100);
    if (scores[id] >= GOOD[id]) continue;
    // What costs points: a weighted audit below full marks, or an insight Lighthouse itself fails.
    const ids = category.auditRefs.filter((ref) => {
      const result = lhr.audits[ref.id];
      if (!result || result.score === null) return false;
      return ref.weight > 0 ? result.score < 1 : result.scoreDisplayMode === "metricSavings" && result.score < 0.9;
    });
    failing[id] = [...new Set(ids.map((ref) => ref.id))];
  }
  return {
    scores,
    totalBlockingTime: Math.round(lhr.audits["total-blocking-time"]?.numericValue ?? NaN),
    largestContentfulPaint: Math.round(lhr.audits["largest-contentful-paint"]?.numericValue ?? NaN),
    failing,
  };
}

/** The run with the median performance score (its other figures come with it, so they agree). */
function median(runs: Run[]): Run {
  return [...runs].sort((a, b) => a.scores.performance - b.scores.performance)[Math.floor(runs.length / 2)]!;
}

function printTable(rows: Array<{ page: Page; run: Run }>) {
  const header = ["page", "perf", "a11y", "best", "seo", "TBT ms", "LCP ms"];
  const lines = rows.map(({ page, run }) => [
    `${page.name} ${page.path}`,
    ...CATEGORIES.map((id) => String(run.scores[id])),
    String(run.totalBlockingTime),
    String(run.largestContentfulPaint),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column]!.length)));
  const format = (cells: string[]) => cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join("  ");
  console.log(format(header));
  for (const [index, line] of lines.entries()) {
    console.log(format(line));
    for (const [id, ids] of Object.entries(rows[index]!.run.failing)) console.log(`    ${id}: ${ids.length ? ids.join(", ") : "(no single audit)"}`);
  }
}

await withBenchDatabases(async (databases) => {
  const { prisma } = databases;
  const category = await prisma.category.findFirstOrThrow({ orderBy: { orderIndex: "asc" } });
  const thread = await prisma.thread.findFirstOrThrow({ orderBy: { id: "asc" } });

  // The captcha is a proof of work for people at the sign-in form; the script signs in through the API.
  await withBenchServer(databases, { port: PORT, extraEnv: { CAPTCHA_ENABLED: "false" } }, async ({ base }) => {
    const cookie = await signInDemoMember(base);
    const pages: Page[] = [
      { name: "home", path: "/" },
      { name: "category", path: `/c/${category.slug}` },
      { name: "thread", path: `/t/${thread.id}/${thread.slug}` },
      { name: "profile", path: "/u/demo" },
      { name: "sign-in", path: "/masuk" },
      { name: "offline", path: "/luring" },
      { name: "notifications", path: "/notifikasi", cookie },
      { name: "documents", path: "/dokumen", cookie },
    ];

    const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM_PATH, chromeFlags: ["--headless=new", "--no-sandbox"] });
    const rows: Array<{ page: Page; run: Run }> = [];
    try {
      for (const page of pages) {
        const runs: Run[] = [];
        for (let index = 0; index < RUNS; index += 1) runs.push(await audit(chrome.port, base + page.path, page.cookie));
        rows.push({ page, run: median(runs) });
        console.error(`measured ${page.path}`);
      }
    } finally {
      chrome.kill();
    }
    console.log(`Lighthouse ${RUNS === 1 ? "(one run per page)" : `(median of ${RUNS} runs per page)`}, mobile, ${base}`);
    printTable(rows);
  });
});
