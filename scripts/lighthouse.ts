// Benchmark: Lighthouse scores of the production server's pages, mobile settings (Lighthouse's
// default form factor and simulated throttling), against Debian's Chromium.
//   npm run lighthouse       (services must be up: npm run services)
// CHROMIUM_PATH picks the browser (default /usr/bin/chromium); LIGHTHOUSE_RUNS=n runs every page
// n times and reports the median run. Prints the four scores, total blocking time and LCP per page,
// and the audits that cost points. Pages kept out of search engines on purpose (robots.txt or
// noindex, decision 0018) must fail Lighthouse's is-crawlable audit, and their SEO score is the
// category without that one audit (marked "*"). Scores are a benchmark, not a test: the exit code is 0 whatever
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
  /** Kept out of search engines on purpose (robots.txt or noindex): checked, and not scored on it. */
  notIndexed?: true;
}

interface Run {
  scores: Record<(typeof CATEGORIES)[number], number>;
  totalBlockingTime: number;
  largestContentfulPaint: number;
  failing: Partial<Record<(typeof CATEGORIES)[number], string[]>>;
}

/** A category's score (0..100) without one audit, weighted as Lighthouse weighs it. */
function scoreWithout(category: { auditRefs: Array<{ id: string; weight: number }> }, audits: Record<string, { score: number | null }>, left: string): number {
  let weighted = 0;
  let weights = 0;
  for (const ref of category.auditRefs) {
    const score = audits[ref.id]?.score;
    if (ref.id === left || ref.weight === 0 || score === null || score === undefined) continue;
    weighted += ref.weight * score;
    weights += ref.weight;
  }
  return weights === 0 ? 100 : Math.round((weighted / weights) * 100);
}

async function audit(port: number, url: string, cookie: string | undefined, notIndexed: boolean): Promise<Run> {
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
  if (notIndexed && lhr.audits["is-crawlable"]?.score !== 0) throw new Error(`${url} should be kept out of search engines, and Lighthouse finds it crawlable`);
  for (const id of CATEGORIES) {
    const category = lhr.categories[id]!;
    scores[id] = id === "seo" && notIndexed ? scoreWithout(category, lhr.audits, "is-crawlable") : Math.round((category.score ?? 0) * 100);
    if (scores[id] >= GOOD[id]) continue;
    // What costs points: a weighted audit below full marks, or an insight Lighthouse itself fails.
    const ids = category.auditRefs.filter((ref) => {
      const result = lhr.audits[ref.id];
      if (!result || result.score === null) return false;
      if (notIndexed && ref.id === "is-crawlable") return false;
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
    ...CATEGORIES.map((id) => `${run.scores[id]}${id === "seo" && page.notIndexed ? "*" : ""}`),
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
  if (rows.some(({ page }) => page.notIndexed)) {
    console.log("* kept out of search engines on purpose (is-crawlable fails, as checked): SEO without that audit");
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
      { name: "sign-in", path: "/masuk", notIndexed: true },
      { name: "offline", path: "/luring", notIndexed: true },
      { name: "notifications", path: "/notifikasi", cookie, notIndexed: true },
      { name: "documents", path: "/dokumen", cookie, notIndexed: true },
    ];

    const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM_PATH, chromeFlags: ["--headless=new", "--no-sandbox"] });
    const rows: Array<{ page: Page; run: Run }> = [];
    try {
      for (const page of pages) {
        const runs: Run[] = [];
        for (let index = 0; index < RUNS; index += 1) runs.push(await audit(chrome.port, base + page.path, page.cookie, page.notIndexed === true));
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
