import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { ParsedEmailMeta } from "../conversations/conversation.ts";
import { parseConversation } from "../conversations/parsers/index.ts";
import { briefToGoldShape, extractBrief } from "./brief.ts";

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../test/fixtures/intros");

async function briefOf(file: string, workspaceDomains: string[], timezone = "Europe/Madrid") {
  const parsed = await parseConversation({ content: fs.readFileSync(path.join(FIXTURES, file)), filename: file });
  return extractBrief({ email: parsed.email!, orgs: [], people: [], timezone, workspaceDomains });
}

function meta(over: Partial<ParsedEmailMeta>): ParsedEmailMeta {
  return {
    subject: null, date: "2026-03-02T09:00:00-06:00", messageId: null, inReplyTo: null, references: [],
    from: null, to: [], cc: [], bodyText: "", quotedText: null, forwarded: null, ...over,
  };
}

describe("extractBrief on intro emails of several styles", () => {
  it("uses the partner's inner message when one of ours forwarded it", async () => {
    const b = await briefOf("forwarded-by-vendor.eml", ["brightkite.io"], "America/Chicago");
    expect(b.introducedOn).toBe("2026-05-13");
    expect(b.introducedBy).toEqual({ name: "Greta Lindholm", email: "greta@northpeakpartners.com" });
    const g = briefToGoldShape(b);
    expect(g.buyer_contact).toEqual({ name: "Victor Hale", email: "vhale@pellhamdental.com", title: "COO" });
    expect(g.buyer_company).toBe("Pellham Dental Group");
    expect(g.partner_company).toBe("Northpeak Partners");
    expect(g.problem).toMatch(/nobody can tell/);
    expect(g.why_now).toMatch(/September/);
    expect(g.expected_next_step).toMatch(/set up a demo/);
    expect(g.requested_by).toBe("2026-05-22"); // "next week" → that week's Friday
  });

  it("reads an HTML-only, quoted-printable intro with encoded headers", async () => {
    const g = briefToGoldShape(await briefOf("html-only-qp.eml", ["fluxgrid.io"]));
    expect(g.buyer_contact).toEqual({ name: "Søren Dahl", email: "soren.dahl@nordvikferries.no", title: "Head of Fleet Maintenance" });
    expect(g.partner_contact.name).toBe("Hélène Marchand");
    expect(g.buyer_company).toBe("Nordvik Ferries");
    expect(g.partner_company).toBe("Brisant Consulting");
    expect(g.problem).toMatch(/on paper/);
    expect(g.why_now).toMatch(/audit/);
    expect(g.urgency).toBe("high");
    expect(g.requested_by).toBe("2026-10-22");
    expect(g.expected_next_step).toBe("Could you and Søren Dahl find 30 minutes by Thursday?");
  });

  it("handles a Spanish intro", async () => {
    const b = await briefOf("spanish.eml", ["tramaly.com"]);
    const g = briefToGoldShape(b);
    expect(b.language).toBe("es");
    expect(g.buyer_contact).toEqual({ name: "Jorge Ibáñez", email: "jibanez@frutasdelsegura.es", title: "director de operaciones" });
    expect(g.buyer_company).toBe("Frutas del Segura");
    expect(g.problem).toMatch(/hojas de\s+cálculo/);
    expect(g.why_now).toMatch(/entra en vigor/);
    expect(g.expected_next_step).toMatch(/Podríais/);
    expect(g.requested_by).toBe("2026-06-12");
    expect(g.urgency).toBe("high");
  });

  it("handles a German intro with an ordinal date inside a sentence", async () => {
    const b = await briefOf("german.eml", ["ordana.io"], "Europe/Berlin");
    const g = briefToGoldShape(b);
    expect(b.language).toBe("de");
    expect(g.buyer_contact).toEqual({ name: "Katrin Vogel", email: "katrin.vogel@stadtwerke-aarfeld.de", title: "Leiterin Netzbetrieb" });
    expect(g.buyer_company).toBe("Stadtwerke Aarfeld");
    expect(g.partner_company).toBe("Kernwerk IT");
    expect(g.why_now).toMatch(/1\. Januar/);
    expect(g.requested_by).toBe("2026-09-04");
    expect(g.urgency).toBe("high");
  });

  it("finds a buyer who is not on the thread (Portuguese)", async () => {
    const b = await briefOf("portuguese-buyer-not-cc.eml", ["vetorial.io"], "America/Sao_Paulo");
    const g = briefToGoldShape(b);
    expect(b.language).toBe("pt");
    expect(g.buyer_contact).toEqual({ name: "Patrícia Gomes", email: "patricia.gomes@bemviverfarma.com.br", title: "diretora de logística" });
    expect(g.problem).toMatch(/planilhas/);
    expect(g.why_now).toMatch(/vence/);
    expect(g.requested_by).toBe("2026-11-26");
    expect(g.urgency).toBe("medium");
  });

  it("rates an exploratory intro low and leaves requested_by null", async () => {
    const g = briefToGoldShape(await briefOf("low-urgency.eml", ["quillmetrics.com"], "America/New_York"));
    expect(g.buyer_contact.name).toBe("Hal Marsh");
    expect(g.urgency).toBe("low");
    expect(g.requested_by).toBeNull();
    expect(g.problem).toMatch(/by hand/);
  });
});

describe("extractBrief with orgs and people known", () => {
  const email = meta({
    from: { name: "Ana Ruiz", address: "ana@channelco.com" },
    to: [{ name: "Tom Byrne", address: "tom@vendor.io" }],
    cc: [{ name: "Byrne, Kate", address: "kate.byrne@buyerco.com" }],
    bodyText: [
      "Tom, Kate,", "",
      "Kate, Tom is my counterpart at Vendor. Tom, Kate runs claims at BuyerCo.", "",
      "Her adjusters re-key every claim from email into two different systems, and nobody can see the backlog.", "",
      "Their contract with the current provider expires on June 30.", "",
      "Could you two set up a call by Wednesday?", "",
      "Thanks,", "Ana",
    ].join("\n"),
  });
  const b = extractBrief({
    email,
    orgs: [
      { name: "BuyerCo Insurance", side: "buyer", domains: ["buyerco.com"] },
      { name: "ChannelCo", side: "partner", domains: ["channelco.com"] },
      { name: "Vendor", side: "ours", domains: ["vendor.io"] },
    ],
    people: [{ name: "Kate Byrne", emails: ["kate.byrne@buyerco.com"], title: "Head of Claims", side: "buyer" }],
    timezone: "America/Chicago",
    workspaceDomains: ["vendor.io"],
  });

  it("takes names, titles and companies from the lists", () => {
    const g = briefToGoldShape(b);
    expect(g.buyer_contact).toEqual({ name: "Kate Byrne", email: "kate.byrne@buyerco.com", title: "Head of Claims" });
    expect(g.buyer_company).toBe("BuyerCo Insurance");
    expect(g.partner_contact).toEqual({ name: "Ana Ruiz", email: "ana@channelco.com" });
    expect(g.partner_company).toBe("ChannelCo");
  });

  it("picks one sentence per field, with evidence", () => {
    expect(b.problem.value).toMatch(/^Her adjusters re-key/);
    expect(b.problem.evidence?.source).toBe("body");
    expect(b.whyNow.value).toMatch(/expires on June 30/);
    expect(b.expectedNextStep.value).toBe("Could you two set up a call by Wednesday?");
    expect(b.requestedBy.value).toBe("2026-03-04");
    expect(b.urgency.value).toBe("high");
    expect(b.introducedOn).toBe("2026-03-02");
  });

  it("rejects an unknown time zone", () => {
    expect(() => extractBrief({ email, orgs: [], people: [], timezone: "Mars/Olympus", workspaceDomains: [] })).toThrow(/time zone/);
  });
});
