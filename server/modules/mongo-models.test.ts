import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { isId, type IdPrefix } from "../platform/ids.ts";
import { mongoConnection } from "../platform/db/mongo.ts";
import { connectTestMongo, type TestMongo } from "../testing/mongo.ts";
import { mongoModels, syncMongoIndexes } from "./mongo-models.ts";
import { MAX_REPLY_DEPTH } from "./reply/reply.model.ts";

const {
  Reply,
  Reaction,
  Wallet,
  Transaction,
  PaymentOrder,
  ChatSession,
  ChatMessage,
  Document: DocumentModel,
  Report,
  UserWarning,
  DeviceBan,
} = mongoModels;

let db: TestMongo;
beforeAll(async () => {
  db = await connectTestMongo();
});
afterAll(async () => {
  await db?.drop();
});

/** A valid document of each model, with its collection and id prefix. */
const fixtures = {
  Reply: {
    collection: "replies",
    prefix: "rpl",
    data: { threadId: "123", userId: 456, username: "johndoe", content: "Great post!" },
  },
  Reaction: { collection: "reactions", prefix: "rct", data: { threadId: "123", userId: 456, type: "like" } },
  Wallet: { collection: "wallets", prefix: "wal", data: { userId: 456, balance: 150_000, tokenBalance: 10_000 } },
  Transaction: {
    collection: "transactions",
    prefix: "txn",
    data: {
      userId: 456,
      walletId: "wal_01HN5ZYAQT8XKQVFPQM2XJWK9T",
      type: "token_purchase",
      amount: -50_000,
      tokenAmount: 10_500,
      description: "Pembelian paket Starter",
      idempotencyKey: "package:fixture",
    },
  },
  WalletState: {
    collection: "wallet_states",
    prefix: "wst",
    data: {
      walletId: "wal_01HN5ZYAQT8XKQVFPQM2XJWK9T",
      userId: 456,
      version: 1,
      changeKey: "reserve:fixture",
      balance: 0,
      tokenBalance: 10_000,
      reservations: [{ reservationId: "fixture", tokens: 500 }],
    },
  },
  PaymentOrder: {
    collection: "payment_orders",
    prefix: "pay",
    data: {
      orderId: "ORDER-fixture",
      userId: 456,
      kind: "topup",
      grossAmount: 100_000,
      gateway: "sandbox",
      expiresAt: new Date(Date.now() + 3_600_000),
    },
  },
  ChatSession: {
    collection: "chat_sessions",
    prefix: "cht",
    data: { userId: 456, title: "Diskusi JWT", serviceType: "builtin" },
  },
  ChatMessage: {
    collection: "chat_messages",
    prefix: "msg",
    data: {
      sessionId: "cht_01HN5ZYAQT8XKQVFPQM2XJWK9T",
      userId: 456,
      role: "assistant",
      content: "JWT adalah ...",
      tokensUsed: 30,
      inputTokens: 10,
      outputTokens: 20,
      citations: [{ threadId: "123", title: "Belajar JWT", url: "/threads/123" }],
    },
  },
  Document: {
    collection: "documents",
    prefix: "doc",
    data: {
      userId: 456,
      title: "Resume.pdf",
      fileName: "resume.pdf",
      mimeType: "application/pdf",
      size: 125_000,
      storageKey: "documents/abc123",
      sha256: "a".repeat(64),
    },
  },
  Report: {
    collection: "reports",
    prefix: "rpt",
    data: { reporterId: 456, targetType: "thread", targetId: "123", reason: "spam", details: "Promotional content", openKey: "456:thread:123" },
  },
  UserWarning: {
    collection: "user_warnings",
    prefix: "wrn",
    data: { userId: 789, adminId: 1, reason: "Spam berulang", severity: "warning" },
  },
  DeviceBan: {
    collection: "device_bans",
    prefix: "ban",
    data: { fingerprint: "abc123def456", reason: "Multiple spam accounts", bannedBy: 1 },
  },
} satisfies Record<keyof typeof mongoModels, { collection: string; prefix: IdPrefix; data: object }>;

const names = Object.keys(mongoModels) as (keyof typeof mongoModels)[];

/**
 * An index's key (its order matters, so kept as a list of entries) and the options that change
 * its behaviour, so that an option the server ignores (FerretDB drops `sparse`) shows up too.
 */
function describeIndex(key: object, options: IndexOptions) {
  return JSON.stringify({
    key: Object.entries(key),
    unique: options.unique === true,
    sparse: options.sparse === true,
    partialFilterExpression: options.partialFilterExpression ?? null,
    expireAfterSeconds: options.expireAfterSeconds ?? null,
  });
}
interface IndexOptions {
  unique?: unknown;
  sparse?: unknown;
  partialFilterExpression?: unknown;
  expireAfterSeconds?: unknown;
}

describe("syncMongoIndexes", () => {
  it("creates every collection under the name of seeds/001", async () => {
    const collections = await mongoConnection().db!.listCollections().toArray();
    expect(collections.map((c) => c.name).sort()).toEqual(names.map((n) => fixtures[n].collection).sort());
    for (const name of names) expect(mongoModels[name].collection.collectionName).toBe(fixtures[name].collection);
  });

  it.each(names)("builds every index %s declares, and no other", async (name) => {
    const model = mongoModels[name];
    const declared = model.schema.indexes().map(([key, options]) => describeIndex(key, options));
    const built = (await model.collection.listIndexes().toArray())
      .filter((index) => index.name !== "_id_")
      .map((index) => describeIndex(index.key, index));
    expect(built.sort()).toEqual(declared.sort());
  });

  it("includes the indexes of seeds/001", async () => {
    const seedIndexes: [string, object, boolean][] = [
      ["replies", { threadId: 1, createdAt: -1 }, false],
      ["replies", { userId: 1 }, false],
      ["replies", { parentReplyId: 1 }, false],
      ["reactions", { threadId: 1, type: 1 }, false],
      ["reactions", { threadId: 1, userId: 1 }, true],
      ["chat_sessions", { userId: 1, createdAt: -1 }, false],
      ["chat_messages", { sessionId: 1, createdAt: 1 }, false],
      ["wallets", { userId: 1 }, true],
      ["transactions", { userId: 1, createdAt: -1 }, false],
    ];
    for (const [collection, key, unique] of seedIndexes) {
      const built = await mongoConnection().db!.collection(collection).listIndexes().toArray();
      expect(built.map((index) => describeIndex(index.key, index))).toContain(describeIndex(key, { unique }));
    }
  });

  it("can run again on an existing database", async () => {
    await expect(syncMongoIndexes()).resolves.toBeUndefined();
  });
});

describe("documents", () => {
  it.each(names)("%s gets a prefixed ULID id and round-trips", async (name) => {
    const { prefix, data } = fixtures[name];
    const model = mongoModels[name] as unknown as typeof Reply;
    const created = await model.create(data);
    expect(isId(prefix, created._id)).toBe(true);
    const stored = await mongoConnection().db!.collection<{ _id: string }>(fixtures[name].collection).findOne({
      _id: created._id,
    });
    expect(stored).toMatchObject({ ...data, createdAt: expect.any(Date) });
    expect(stored).not.toHaveProperty("__v");
  });

  it("keeps updatedAt only where seeds/001 has it", async () => {
    const withUpdatedAt = names.filter((name) => "updatedAt" in mongoModels[name].schema.paths);
    expect(withUpdatedAt.sort()).toEqual(["ChatSession", "PaymentOrder", "Reply", "Wallet"]);
  });

  it("fills the defaults a new document needs", async () => {
    const reply = new Reply(fixtures.Reply.data);
    expect(reply.toObject()).toMatchObject({ depth: 0, parentReplyId: null, isDeleted: false, isHidden: false });
    const wallet = new Wallet({ userId: 1 });
    expect(wallet.toObject()).toMatchObject({ balance: 0, tokenBalance: 0, reservedTokens: 0, version: 0 });
    const order = new PaymentOrder(fixtures.PaymentOrder.data);
    expect(order.toObject()).toMatchObject({
      status: "pending",
      currency: "IDR",
      creditedAt: null,
      notificationCount: 0,
    });
    const transaction = new Transaction(fixtures.Transaction.data);
    expect(transaction.toObject()).toMatchObject({ status: "pending", balanceAfter: null, reference: null });
  });
});

describe("unique indexes", () => {
  const duplicateKey = expect.objectContaining({ code: 11000 });

  it("allow one reaction per user per thread", async () => {
    await Reaction.create({ threadId: "900", userId: 1, type: "like" });
    await expect(Reaction.create({ threadId: "900", userId: 1, type: "fire" })).rejects.toEqual(duplicateKey);
    await expect(Reaction.create({ threadId: "900", userId: 2, type: "fire" })).resolves.toBeDefined();
    await expect(Reaction.create({ threadId: "901", userId: 1, type: "fire" })).resolves.toBeDefined();
  });

  it("allow one wallet per user", async () => {
    await Wallet.create({ userId: 900 });
    await expect(Wallet.create({ userId: 900 })).rejects.toEqual(duplicateKey);
  });

  it("apply a transaction idempotency key once", async () => {
    const entry = { ...fixtures.Transaction.data, idempotencyKey: "topup:ORDER-900" };
    await Transaction.create(entry);
    await expect(Transaction.create({ ...entry, userId: 901 })).rejects.toEqual(duplicateKey);
  });

  it("allow one payment order per gateway order id", async () => {
    await PaymentOrder.create({ ...fixtures.PaymentOrder.data, orderId: "ORDER-900" });
    await expect(PaymentOrder.create({ ...fixtures.PaymentOrder.data, orderId: "ORDER-900" })).rejects.toEqual(
      duplicateKey,
    );
  });

  it("let a device be banned again", async () => {
    await DeviceBan.create({ ...fixtures.DeviceBan.data, fingerprint: "again", expiresAt: new Date(0) });
    await expect(DeviceBan.create({ ...fixtures.DeviceBan.data, fingerprint: "again" })).resolves.toBeDefined();
  });
});

describe("validation", () => {
  async function errorPaths(document: { validate(): Promise<void> }): Promise<string[]> {
    const error = await document.validate().then(
      () => undefined,
      (e: { errors?: Record<string, unknown> }) => e,
    );
    return Object.keys(error?.errors ?? {});
  }

  it(`refuses a reply deeper than ${MAX_REPLY_DEPTH}`, async () => {
    const reply = (depth: number) => new Reply({ ...fixtures.Reply.data, parentReplyId: "rpl_x", depth });
    expect(await errorPaths(reply(MAX_REPLY_DEPTH))).toEqual([]);
    expect(await errorPaths(reply(MAX_REPLY_DEPTH + 1))).toEqual(["depth"]);
    expect(await errorPaths(reply(-1))).toEqual(["depth"]);
    expect(await errorPaths(reply(1.5))).toEqual(["depth"]);
    await expect(Reply.create({ ...fixtures.Reply.data, depth: 4 })).rejects.toThrow(/depth/);
  });

  it("refuses negative balances", async () => {
    expect(await errorPaths(new Wallet({ userId: 1, balance: -1 }))).toEqual(["balance"]);
    expect(await errorPaths(new Wallet({ userId: 1, tokenBalance: -1 }))).toEqual(["tokenBalance"]);
    const entry = { ...fixtures.Transaction.data, balanceAfter: -1, tokenBalanceAfter: -1 };
    expect((await errorPaths(new Transaction(entry))).sort()).toEqual(["balanceAfter", "tokenBalanceAfter"]);
  });

  it("refuses fractional money and token amounts", async () => {
    expect(await errorPaths(new Wallet({ userId: 1, balance: 10.5 }))).toEqual(["balance"]);
    expect(await errorPaths(new Wallet({ userId: 1, tokenBalance: 0.1 }))).toEqual(["tokenBalance"]);
    const entry = { ...fixtures.Transaction.data, amount: 100.25, tokenAmount: -0.5 };
    expect((await errorPaths(new Transaction(entry))).sort()).toEqual(["amount", "tokenAmount"]);
    const order = { ...fixtures.PaymentOrder.data, grossAmount: 50_000.5, tokenAmount: 1.5 };
    expect((await errorPaths(new PaymentOrder(order))).sort()).toEqual(["grossAmount", "tokenAmount"]);
    expect(await errorPaths(new ChatMessage({ ...fixtures.ChatMessage.data, tokensUsed: 2.5 }))).toEqual([
      "tokensUsed",
    ]);
    await expect(Transaction.create({ ...fixtures.Transaction.data, amount: 0.5 })).rejects.toThrow(/integer/);
  });

  it("refuses values outside the enums", async () => {
    expect(await errorPaths(new Reaction({ threadId: "1", userId: 1, type: "angry" }))).toEqual(["type"]);
    expect(await errorPaths(new Transaction({ ...fixtures.Transaction.data, type: "gift" }))).toEqual(["type"]);
    expect(await errorPaths(new PaymentOrder({ ...fixtures.PaymentOrder.data, status: "paid" }))).toEqual(["status"]);
    expect(await errorPaths(new ChatSession({ ...fixtures.ChatSession.data, serviceType: "x" }))).toEqual([
      "serviceType",
    ]);
    expect(await errorPaths(new Report({ ...fixtures.Report.data, targetType: "category" }))).toEqual(["targetType"]);
    expect(await errorPaths(new UserWarning({ ...fixtures.UserWarning.data, severity: "ban" }))).toEqual([
      "severity",
    ]);
    expect(await errorPaths(new DocumentModel({ ...fixtures.Document.data, sha256: "nope" }))).toEqual(["sha256"]);
  });

  it("requires a transaction idempotency key", async () => {
    const { idempotencyKey: _, ...entry } = fixtures.Transaction.data;
    expect(await errorPaths(new Transaction(entry))).toEqual(["idempotencyKey"]);
  });
});

describe("registration", () => {
  it("survives a model module being evaluated again, as the Remix dev server does", async () => {
    vi.resetModules();
    const again = await import("./reply/reply.model.ts");
    expect(again.ReplyModel).not.toBe(Reply);
    expect(again.ReplyModel.modelName).toBe("Reply");
    await expect(again.ReplyModel.countDocuments()).resolves.toBeGreaterThan(0);
  });
});
