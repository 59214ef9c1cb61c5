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

/** The mailer configured by BATON_SMTP_URL, or a CONFLICT explaining how to configure one. */
export function mailerFromEnv(env: Record<string, string | undefined> = process.env): Mailer {
  const url = env.BATON_SMTP_URL;
  if (!url) throw new AppError("CONFLICT", "No outgoing mail server: set BATON_SMTP_URL (e.g. smtp://user:pass@mail.example.com:587)");
  return createSmtpMailer(url);
}
