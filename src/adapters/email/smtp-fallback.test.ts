// mailerFromEnv: BATON_SMTP_URL first; without it, a registered fallback (the stored smtp_url) read at send time.
import { afterEach, describe, expect, it } from "vitest";
import { mailerFromEnv, setSmtpUrlFallback } from "./smtp.ts";

const mail = { from: "a@x.test", to: ["b@x.test"], cc: [], subject: "s", text: "t" };
afterEach(() => setSmtpUrlFallback(null));

describe("mailerFromEnv fallback", () => {
  it("without BATON_SMTP_URL and without a fallback: a CONFLICT naming both ways to configure mail", () => {
    expect(() => mailerFromEnv({})).toThrow(/BATON_SMTP_URL.*smtp_url/);
  });
  it("with a fallback that has no URL: the same CONFLICT, at send time", async () => {
    setSmtpUrlFallback(async () => null);
    await expect(mailerFromEnv({}).send(mail)).rejects.toMatchObject({ code: "CONFLICT" });
  });
  it("with a stored URL: sends through it (a closed port here, so the SMTP attempt itself fails)", async () => {
    const asked: string[] = [];
    setSmtpUrlFallback(async () => { asked.push("stored"); return "smtp://127.0.0.1:1"; });
    await expect(mailerFromEnv({}).send(mail)).rejects.toMatchObject({ code: "UPSTREAM_FAILED" });
    expect(asked).toEqual(["stored"]);
  });
  it("BATON_SMTP_URL wins over the stored URL", async () => {
    const asked: string[] = [];
    setSmtpUrlFallback(async () => { asked.push("stored"); return "smtp://127.0.0.1:1"; });
    await expect(mailerFromEnv({ BATON_SMTP_URL: "smtp://127.0.0.1:2" }).send(mail)).rejects.toMatchObject({ code: "UPSTREAM_FAILED" });
    expect(asked).toEqual([]);
  });
});
