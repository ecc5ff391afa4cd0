// Benchmark: a 50-reply topic page served by the production server, the figure NodeBB is
// compared on (about 57 requests/s, p99 over a second, 290 KB of gzipped JavaScript on these
// 2-core machines; the goal is ten times the speed at a third of the weight).
//   npm run bench            (services must be up: npm run services)
// Prints requests/s, latency percentiles, server memory, and the gzipped JavaScript the page loads.
import { gzipSync } from "node:zlib";
import autocannon from "autocannon";
import { ReplyModel } from "../../server/modules/reply/reply.model.ts";
import { withBenchDatabases, withBenchServer } from "./bench-server.ts";

const DURATION_SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const PORT = Number(process.env.BENCH_PORT ?? 3901);

await withBenchDatabases(async (databases) => {
  const { prisma } = databases;
  // The topic under test: a seeded thread grown to 50 replies, some nested.
  const thread = await prisma.thread.findFirstOrThrow({ orderBy: { id: "asc" } });
  const existing = await ReplyModel.countDocuments({ threadId: String(thread.id) });
  const parents: string[] = [];
  for (let index = existing; index < 50; index += 1) {
    // 17 top-level replies with two answers each: all 50 fit on the first page of the tree.
    const parent = index % 3 === 0 ? undefined : parents.at(-1);
    const [reply] = await ReplyModel.create([
      {
        threadId: String(thread.id),
        userId: thread.authorId,
        username: "bench",
        content: `Balasan nomor ${index + 1}: pengalaman saya dengan deploy di VPS cukup mirip, terutama soal cache dan reverse proxy.`,
        parentReplyId: parent ?? null,
        depth: parent ? 1 : 0,
      },
    ]);
    if (!parent) parents.push(reply!._id);
  }
  await prisma.thread.update({ where: { id: thread.id }, data: { replyCount: 50 } });

  await withBenchServer(databases, { port: PORT }, async ({ base, metric }) => {
    const path = `/t/${thread.id}/${thread.slug}`;
    const html = await (await fetch(base + path)).text();
    if (!html.includes(`Balasan nomor 50`)) throw new Error("the topic page does not show its 50 replies");

    // JavaScript the page makes the browser load: the entry script and every modulepreload.
    const scripts = new Set([...html.matchAll(/(?:src|href)="(\/build\/[^"]+\.js)"/g)].map((match) => match[1]!));
    let raw = 0;
    let gzipped = 0;
    for (const script of scripts) {
      const body = Buffer.from(await (await fetch(base + script)).arrayBuffer());
      raw += body.length;
      gzipped += gzipSync(body, { level: 9 }).length;
    }

    await autocannon({ url: base + path, connections: CONNECTIONS, duration: 3 }); // warm-up
    const result = await autocannon({ url: base + path, connections: CONNECTIONS, duration: DURATION_SECONDS });
    const rss = await metric("process_resident_memory_bytes");

    const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
    console.log(`topic page ${path} (50 replies), ${CONNECTIONS} connections, ${DURATION_SECONDS}s`);
    console.log(`  requests/s     ${result.requests.average.toFixed(0)}  (NodeBB: ~57, goal: 570)`);
    console.log(`  latency p50    ${result.latency.p50} ms`);
    console.log(`  latency p99    ${result.latency.p99} ms`);
    console.log(`  errors         ${result.errors + result.non2xx}`);
    console.log(`  server RSS     ${(rss / 1_048_576).toFixed(1)} MB after the run`);
    console.log(`  JavaScript     ${kb(gzipped)} gzipped (${kb(raw)} raw) in ${scripts.size} files  (NodeBB: 290 KB, goal: < 97 KB)`);
  });
});
