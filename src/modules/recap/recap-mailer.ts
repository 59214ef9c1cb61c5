// Recaps and invitations go out through the shared email adapter (HTML and calendar parts).
export { createSmtpMailer as createRichMailer, mailerFromEnv, type Mail as RichMail, type Mailer as RichMailer } from "../../adapters/email/smtp.ts";
