import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSmtpServer } from "../testing/smtp.ts";
import { parseEnv } from "./env.ts";
import { createLogger } from "./logger.ts";
import { createMailer } from "./mailer.ts";

const logger = createLogger({ level: "silent" });
let smtp: Awaited<ReturnType<typeof startTestSmtpServer>>;

beforeAll(async () => {
  smtp = await startTestSmtpServer();
});
afterAll(async () => {
  await smtp?.close();
});

const message = { to: "rina@example.test", subject: "Halo dari tes", text: "Buka https://alephdraad.example/x?token=abc" };

describe("mailer", () => {
  it("sends through SMTP when SMTP_URL is set, from MAIL_FROM, and keeps no dev mailbox", async () => {
    const mailer = createMailer(parseEnv({ NODE_ENV: "development", SMTP_URL: smtp.url, MAIL_FROM: "Tes <tes@alephdraad.local>" }), logger);
    await mailer.send(message);
    const mail = await smtp.waitForMail("rina@example.test", /Halo dari tes/);
    expect(mail.from).toBe("tes@alephdraad.local");
    expect(mail.text.trim()).toBe(message.text);
    expect(mailer.devMailbox()).toBeNull();
  });

  it("without SMTP and with DEV_MAILBOX=true keeps mail in the dev mailbox, newest first", async () => {
    const mailer = createMailer(parseEnv({ NODE_ENV: "test", DEV_MAILBOX: "true" }), logger);
    await mailer.send(message);
    await mailer.send({ ...message, subject: "Kedua" });
    expect(mailer.devMailbox()?.map((mail) => mail.subject)).toEqual(["Kedua", "Halo dari tes"]);
  });

  it("has no dev mailbox unless DEV_MAILBOX turns it on, in every NODE_ENV", async () => {
    for (const NODE_ENV of ["development", "test", "production"]) {
      const mailer = createMailer(parseEnv({ NODE_ENV, APP_URL: "https://forum.example" }), logger);
      await mailer.send(message);
      expect(mailer.devMailbox()).toBeNull();
    }
    const enabled = createMailer(parseEnv({ NODE_ENV: "production", APP_URL: "https://forum.example", DEV_MAILBOX: "true" }), logger);
    await enabled.send(message);
    expect(enabled.devMailbox()).toHaveLength(1);
  });
});
