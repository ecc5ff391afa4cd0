import nodemailer, { type Transporter } from "nodemailer";
import type { Env } from "./env.ts";
import type { Logger } from "./logger.ts";

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** A mail kept by the dev mailbox (no SMTP configured). */
export interface DevMail extends MailMessage {
  id: string;
  from: string;
  sentAt: Date;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
  /** Recent mail when the dev mailbox is on (newest first), else null. */
  devMailbox(): DevMail[] | null;
}

const DEV_MAILBOX_SIZE = 100;

/**
 * Mail through nodemailer: over SMTP when SMTP_URL is set; otherwise nodemailer's JSON
 * transport builds the message, which goes to the log and, with DEV_MAILBOX=true (never
 * implied by NODE_ENV), to an in-memory mailbox shown at /dev/mailbox.
 */
export function createMailer(env: Env, logger: Logger): Mailer {
  const smtp = Boolean(env.SMTP_URL);
  const transport: Transporter = env.SMTP_URL
    ? nodemailer.createTransport(env.SMTP_URL)
    : nodemailer.createTransport({ jsonTransport: true });
  // Only when turned on: a forgotten NODE_ENV must not publish everyone's reset links.
  const mailboxOn = !smtp && env.DEV_MAILBOX;
  const mailbox: DevMail[] = [];

  return {
    async send(message) {
      const info = await transport.sendMail({ from: env.MAIL_FROM, ...message });
      if (smtp) {
        logger.info({ to: message.to, subject: message.subject, messageId: info.messageId }, "mail sent");
        return;
      }
      // Without SMTP the log is where a developer reads the mail, links included.
      logger.info({ to: message.to, subject: message.subject, text: message.text }, "mail (no SMTP configured)");
      if (mailboxOn) {
        mailbox.unshift({ ...message, id: info.messageId, from: env.MAIL_FROM, sentAt: new Date() });
        mailbox.length = Math.min(mailbox.length, DEV_MAILBOX_SIZE);
      }
    },
    devMailbox: () => (mailboxOn ? [...mailbox] : null),
  };
}
