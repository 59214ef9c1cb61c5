// Outbound mail for escalations: SMTP through nodemailer, from a URL such as
// smtp://user:pass@mail.example.com:587 (BATON_SMTP_URL). Tests pass a loopback server's URL.
import { AppError } from "../../shared/errors.ts";

export interface OutgoingMail { from: string; to: string[]; cc: string[]; subject: string; text: string }
export interface Mailer { send(mail: OutgoingMail): Promise<{ accepted: string[] }> }

export function createSmtpMailer(url: string): Mailer {
  return {
    async send(mail) {
      const { default: nodemailer } = await import("nodemailer"); // loaded when mail is sent, not at start-up
      const transport = nodemailer.createTransport(url);
      try {
        const info = await transport.sendMail({ from: mail.from, to: mail.to, cc: mail.cc.length ? mail.cc : undefined, subject: mail.subject, text: mail.text });
        return { accepted: ((info.accepted ?? []) as Array<string | { address: string }>).map((a) => (typeof a === "string" ? a : a.address)) };
      } catch (e) {
        throw new AppError("UPSTREAM_FAILED", `SMTP delivery failed: ${(e as Error).message}`, { cause: e });
      } finally {
        transport.close();
      }
    },
  };
}
