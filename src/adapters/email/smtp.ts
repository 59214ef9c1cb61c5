// Outbound mail over SMTP through nodemailer, from a URL such as smtp://user:pass@mail.example.com:587
// (BATON_SMTP_URL). One adapter for every sender (escalations, recaps, invitations); tests pass a loopback server's URL.
import { AppError } from "../../shared/errors.ts";

export interface Mail {
  from: string; to: string[]; cc: string[]; subject: string; text: string; html?: string;
  /** An invitation: sent as a text/calendar alternative (method REQUEST). */
  ics?: string;
}
export interface Mailer { send(mail: Mail): Promise<{ messageId: string; accepted: string[] }> }

export function createSmtpMailer(url: string): Mailer {
  return {
    async send(mail) {
      const { default: nodemailer } = await import("nodemailer"); // loaded when mail is sent, not at start-up
      const transport = nodemailer.createTransport(url);
      try {
        const info = await transport.sendMail({
          from: mail.from, to: mail.to, cc: mail.cc.length ? mail.cc : undefined, subject: mail.subject, text: mail.text, html: mail.html,
          icalEvent: mail.ics ? { method: "REQUEST", filename: "invite.ics", content: mail.ics } : undefined,
        });
        const accepted = ((info.accepted ?? []) as Array<string | { address: string }>).map((a) => (typeof a === "string" ? a : a.address));
        return { messageId: info.messageId, accepted };
      } catch (e) {
        throw new AppError("UPSTREAM_FAILED", `SMTP delivery failed: ${(e as Error).message}`, { cause: e });
      } finally {
        transport.close();
      }
    },
  };
}

const noMailServer = () => new AppError("CONFLICT", "No outgoing mail server: set BATON_SMTP_URL (e.g. smtp://user:pass@mail.example.com:587) or store smtp_url in the workspace secrets");

let smtpUrlFallback: (() => Promise<string | null>) | null = null;
/**
 * Where a stored SMTP URL comes from when BATON_SMTP_URL is absent (the server registers the workspace's sealed
 * `smtp_url` secret at start; null clears it). The adapter never reads the database itself.
 */
export function setSmtpUrlFallback(fn: (() => Promise<string | null>) | null): void {
  smtpUrlFallback = fn;
}

/**
 * The mailer configured by BATON_SMTP_URL; else, when a fallback is registered, one that reads the stored URL
 * at send time; else a CONFLICT explaining how to configure one (thrown at send time with a fallback).
 */
export function mailerFromEnv(env: Record<string, string | undefined> = process.env): Mailer {
  const url = env.BATON_SMTP_URL;
  if (url) return createSmtpMailer(url);
  const fallback = smtpUrlFallback;
  if (!fallback) throw noMailServer();
  return {
    async send(mail) {
      const stored = await fallback();
      if (!stored) throw noMailServer();
      return createSmtpMailer(stored).send(mail);
    },
  };
}

/** mailerFromEnv(), or null when no mail server is configured (the caller then shows a link instead of mailing it). */
export function optionalMailerFromEnv(env: Record<string, string | undefined> = process.env): Mailer | null {
  try {
    return mailerFromEnv(env);
  } catch {
    return null;
  }
}
