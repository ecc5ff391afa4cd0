import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anonymousCaller, createForumTestDatabase, forumFixtures } from "../../testing/forum.ts";
import { contentTextOf } from "./content-text.ts";
import { HIGHLIGHT_END, HIGHLIGHT_START } from "../../../shared/search-marks.ts";

let db: Awaited<ReturnType<typeof createForumTestDatabase>>;

async function thread(categoryId: number, authorId: number, title: string, text: string, isDeleted = false) {
  const contentJson = { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] };
  return db.prisma.thread.create({
    data: { title, slug: "s", summary: "", contentJson, contentText: contentTextOf(contentJson), categoryId, authorId, isDeleted },
  });
}

let ids: Record<string, number>;

beforeAll(async () => {
  db = await createForumTestDatabase();
  const fixtures = forumFixtures(db.prisma);
  const author = await fixtures.user({ username: "peneliti" });
  const web = await fixtures.category({ slug: "web" });
  const data = await fixtures.category({ slug: "data" });
  ids = {
    deploy: (await thread(web.id, author.id, "Deploy Remix ke VPS", "Panduan deployment memakai PM2 dan Nginx.")).id,
    database: (await thread(data.id, author.id, "Mengoptimalkan database PostgreSQL", "Indeks membuat pencarian lebih cepat saat data bertambah.")).id,
    running: (await thread(web.id, author.id, "Running tests in CI", "The runner deploys previews for every branch.")).id,
    deleted: (await thread(web.id, author.id, "Deploy yang dihapus", "deploy", true)).id,
  };
});
afterAll(async () => {
  await db?.close();
});

const search = (input: { query: string; categorySlug?: string; limit?: number; cursor?: string }) =>
  anonymousCaller(db.prisma).thread.search(input);

describe("thread.search", () => {
  it("ranks title matches first and highlights the words, leaving out deleted threads", async () => {
    const page = await search({ query: "deploy" });
    expect(page.items.map((hit) => hit.id)).toEqual([ids.deploy, ids.running]);
    expect(page.items[0]!.titleHighlight).toBe(`${HIGHLIGHT_START}Deploy${HIGHLIGHT_END} Remix ke VPS`);
    expect(page.items[0]!.rank).toBeGreaterThan(page.items[1]!.rank);
  });

  it("finds Indonesian and English word forms by their stems", async () => {
    // "optimal" matches "Mengoptimalkan" (Indonesian stemmer), "tests" matches "test", "running" matches "run".
    expect((await search({ query: "optimal" })).items.map((hit) => hit.id)).toEqual([ids.database]);
    expect((await search({ query: "test" })).items.map((hit) => hit.id)).toEqual([ids.running]);
    expect((await search({ query: "pencarian" })).items[0]).toMatchObject({
      id: ids.database,
      snippet: expect.stringContaining(`${HIGHLIGHT_START}pencarian${HIGHLIGHT_END}`),
    });
  });

  it("filters by category and pages through ranked results", async () => {
    expect((await search({ query: "deploy", categorySlug: "data" })).items).toEqual([]);
    const first = await search({ query: "deploy", limit: 1 });
    expect(first.items.map((hit) => hit.id)).toEqual([ids.deploy]);
    const second = await search({ query: "deploy", limit: 1, cursor: first.nextCursor! });
    expect(second.items.map((hit) => hit.id)).toEqual([ids.running]);
    expect(second.nextCursor).toBeNull();
  });

  it("treats operators and markup in the query as words, and refuses malformed input", async () => {
    for (const query of ["<script>alert(1)</script>", "deploy & | ! ( :*", '"unclosed quote', "-- ; DROP TABLE threads"]) {
      await expect(search({ query })).resolves.toBeDefined();
    }
    for (const bad of [{ query: "a" }, { query: "x".repeat(201) }, { query: "deploy", cursor: "bogus" }, { query: "deploy", limit: 0 }]) {
      await expect(search(bad)).rejects.toMatchObject({ code: "BAD_REQUEST" });
    }
  });
});
