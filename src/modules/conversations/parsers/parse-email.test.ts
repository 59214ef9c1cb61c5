import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { AppError } from "../../../shared/errors.ts";
import { parseConversation } from "./index.ts";

const FIXTURES = new URL("../../../../test/fixtures/transcripts/", import.meta.url);
const fixture = (name: string) => readFileSync(new URL(name, FIXTURES));
const parse = async (name: string) => {
  const p = await parseConversation({ content: fixture(name), filename: name });
  if (!p.email) throw new Error("no email meta");
  return { ...p, email: p.email };
};

describe("e-mail", () => {
  it("reads headers, own words, signature and one utterance per paragraph with its .eml line", async () => {
    const p = await parse("plain.eml");
    expect(p.format).toBe("email");
    expect(p.email).toMatchObject({
      subject: "Intro: Buyer Co <> Vendor",
      date: "2026-05-05T09:15:00-05:00",
      messageId: "<intro-001@partnerco.example>",
      from: { name: "Quinn Harper", address: "quinn@partnerco.example" },
      to: [{ name: "Rosa Diaz", address: "rosa@vendor.example" }, { name: "Sam Lee", address: "sam@buyer.example" }],
      cc: [{ name: "Tariq Aziz", address: "tariq@buyer.example" }],
      quotedText: null,
      forwarded: null,
      signature: "Quinn Harper\nPartner Manager | PartnerCo\n+1 (555) 010-2000",
    });
    expect(p.utterances.map((u) => [u.seq, u.speakerLabel, u.startMs, u.text, u.line])).toEqual([
      [0, "Quinn Harper", 0, "Rosa, Sam,", 11],
      [1, "Quinn Harper", 0, "Connecting you two as promised. Sam's team needs live inventory\nnumbers before the August peak.", 13],
      [2, "Quinn Harper", 0, "Rosa, could you set up a call by Thursday?", 16],
      [3, "Quinn Harper", 0, "Thanks,\nQuinn", 18],
    ]);
    // Evidence quotes are exact substrings: every utterance is an exact slice of the body.
    for (const u of p.utterances) expect(p.email.bodyText.includes(u.text)).toBe(true);
  });

  it("splits quoted history and a '-- ' signature off a reply, keeping threading headers", async () => {
    const p = await parse("reply.eml");
    expect(p.email.inReplyTo).toBe("<intro-001@partnerco.example>");
    expect(p.email.references).toEqual(["<intro-001@partnerco.example>"]);
    expect(p.email.bodyText).toBe("Hi Rosa,\n\nThursday at 10 works. I'll bring our IT lead.");
    expect(p.email.quotedText?.startsWith("On Tue, May 5, 2026")).toBe(true);
    expect(p.email.signature).toBe("--\nSam Lee\nHead of Ops");
    expect(p.utterances.map((u) => u.text)).toEqual(["Hi Rosa,", "Thursday at 10 works. I'll bring our IT lead."]);
  });

  it("reads a Gmail forward into email.forwarded", async () => {
    const p = await parse("forward-gmail.eml");
    expect(p.email.bodyText).toBe("Rosa, see Uma's note below. Can you reach out this week?\n\nQuinn");
    expect(p.email.forwarded).toMatchObject({
      subject: "Looking for a monitoring partner",
      from: { name: "Uma Patel", address: "uma@buyer.example" },
      to: [{ name: "Quinn Harper", address: "quinn@partnerco.example" }],
      cc: [{ name: "Vik Rao", address: "vik@buyer.example" }],
      bodyText: "Hi Quinn,\n\nWe need overnight coverage before our audit in June.\n\nThanks,\nUma",
    });
    expect(p.email.forwarded?.date?.startsWith("2026-05-06T16:12:00")).toBe(true);
    expect(p.utterances.every((u) => u.speakerLabel === "Quinn Harper")).toBe(true);
  });

  it.each([
    ["forward-apple.eml", "FYI below.", "Budget is approved for Q3."],
    ["forward-outlook.eml", "Rosa - forwarding the questionnaire thread.", "Please answer the attached questionnaire by Friday."],
  ])("reads %s", async (name, own, inner) => {
    const p = await parse(name);
    expect(p.email.bodyText).toBe(own);
    expect(p.email.forwarded?.from).toEqual({ name: "Uma Patel", address: "uma@buyer.example" });
    expect(p.email.forwarded?.bodyText).toBe(inner);
  });

  it("treats -----Original Message----- in a reply as quoted history, not a forward", async () => {
    const p = await parse("original-message.eml");
    expect(p.email.bodyText).toBe("Agreed, let's hold the 20th.");
    expect(p.email.quotedText?.includes("Does the 20th work?")).toBe(true);
    expect(p.email.forwarded).toBeNull();
  });

  it("converts an HTML-only, quoted-printable message with RFC 2047 headers to text", async () => {
    const p = await parse("html-only.eml");
    expect(p.email.subject).toBe("Rückmeldung zum Angebot");
    expect(p.email.from).toEqual({ name: "Jürgen Müller", address: "juergen@kunde.example" });
    expect(p.utterances.map((u) => u.text)).toContain("wir schicken Ihnen die Unterlagen bis Freitag.");
    expect(p.utterances[0].speakerLabel).toBe("Jürgen Müller");
  });

  it("prefers the text part of a base64 multipart/alternative", async () => {
    const p = await parse("multipart-base64.eml");
    expect(p.utterances.map((u) => u.text)).toEqual(["Hi Sam,", "Pricing is attached. I will follow up on Monday."]);
    expect(p.utterances.map((u) => u.line)).toEqual([0, 0]);
  });

  it("rejects something that is not an e-mail", async () => {
    await expect(parseConversation({ content: Buffer.from([0, 1, 2, 3, 255]), filename: "x.eml" })).rejects.toBeInstanceOf(AppError);
  });
});

describe("signature rules", () => {
  it("keeps a P.S. after the sign-off as the sender's words", async () => {
    const eml = "From: Ana Diaz <ana@x.example>\nSubject: Deck\nDate: Mon, 4 May 2026 10:00:00 +0000\n\nHi Bo,\n\nHere is the plan.\n\nThanks,\nAna\n\nP.S. The deck is attached.\nLet me know what you think.\n";
    const p = await parseConversation({ content: eml, filename: "ps.eml" });
    expect(p.email?.signature ?? null).toBeNull();
    expect(p.utterances.map((u) => u.text)).toContain("P.S. The deck is attached.\nLet me know what you think.");
  });
});
