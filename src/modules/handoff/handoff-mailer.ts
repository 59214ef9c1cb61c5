// What escalations need from outbound mail; the SMTP implementation is the shared email adapter.
export { createSmtpMailer } from "../../adapters/email/smtp.ts";

export interface OutgoingMail { from: string; to: string[]; cc: string[]; subject: string; text: string }
export interface Mailer { send(mail: OutgoingMail): Promise<{ accepted: string[] }> }
