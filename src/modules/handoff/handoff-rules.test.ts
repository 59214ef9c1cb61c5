import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseConversation } from "../conversations/parsers/index.ts";
import { extractBrief } from "./brief.ts";
import { draftFirstFollowUp, replySubject } from "./first-follow-up.ts";
import { pickOwners } from "./owner-rules.ts";
import { checkRfc5322 } from "./rfc5322.ts";
import { applyBriefEdit, toStoredBrief } from "./stored-brief.ts";
import { computeClock, resolveTargetMs } from "./ttfa.ts";

const INTROS = join(import.meta.dirname, "../../../test/fixtures/intros");
async function storedBrief(file: string, domains: string[]) {
  const parsed = await parseConversation({ content: readFileSync(join(INTROS, file)), filename: file });
  return { brief: toStoredBrief(extractBrief({ email: parsed.email!, orgs: [], people: [], timezone: "Europe/Madrid", workspaceDomains: domains })), subject: parsed.email!.subject };
}

describe("first follow-up draft", () => {
  it("writes to a Spanish intro in Spanish, quoting the partner", async () => {
    const { brief, subject } = await storedBrief("spanish.eml", ["tramaly.com"]);
    const d = draftFirstFollowUp({ brief, subject, owner: { name: "Marc Vidal", email: null }, ourCompany: "Tramaly" });
    expect(d.language).toBe("es");
    expect(d.to[0].email).toBe("jibanez@frutasdelsegura.es");
    expect(d.cc[0].email).toBe("lparedes@solvia-consultores.es");
    expect(d.subject).toBe("Re: Presentación: Frutas del Segura y Tramaly");
    expect(d.text).toMatch(/^Hola Jorge:/);
    expect(d.text).toMatch(/En palabras de Lucía:\n> Frutas del Segura gestiona la trazabilidad/);
    expect(d.text).toMatch(/antes del viernes, 12 de junio/);
  });

  it("uses the German and Portuguese templates", async () => {
    const de = await storedBrief("german.eml", []);
    if (de.brief.language === "de") expect(draftFirstFollowUp({ ...de, owner: null, ourCompany: "Us" }).text).toMatch(/In den Worten von|Als nächsten Schritt/);
    const pt = await storedBrief("portuguese-buyer-not-cc.eml", []);
    if (pt.brief.language === "pt") expect(draftFirstFollowUp({ ...pt, owner: null, ourCompany: "Us" }).text).toMatch(/Como próximo passo/);
    expect([de.brief.language, pt.brief.language]).toEqual(["de", "pt"]);
  });

  it("keeps a human edit instead of the quote and marks the field", async () => {
    const { brief, subject } = await storedBrief("forwarded-by-vendor.eml", ["brightkite.io"]);
    const edited = applyBriefEdit(brief, { field: "problem", value: "18% no-shows", by: "usr_1", at: new Date("2026-05-14T00:00:00Z") });
    expect(edited.fields.problem).toMatchObject({ value: "18% no-shows", editedBy: "usr_1", extractedValue: brief.fields.problem.value });
    const again = applyBriefEdit(edited, { field: "problem", value: "20% no-shows", by: "usr_2", at: new Date() });
    expect(again.fields.problem.extractedValue).toBe(brief.fields.problem.value);
    const d = draftFirstFollowUp({ brief: edited, subject, owner: null, ourCompany: "Brightkite" });
    expect(d.text).toMatch(/- 18% no-shows/);
    expect(d.text).not.toMatch(/nobody can tell/);
  });

  it("strips reply and forward prefixes from the subject", () => {
    expect(replySubject("Fwd: RE: Intro")).toBe("Re: Intro");
    expect(replySubject(null)).toBeNull();
  });
});

describe("owner rules", () => {
  const candidates = [{ id: "a", name: "Ava" }, { id: "b", name: "Ben" }, { id: "c", name: "Cy" }];
  it.each([
    [{ partnerUsualOwnerId: null, lastRoundRobinOwnerId: null }, { ownerId: "a", backupId: "b", rule: "round_robin" }],
    [{ partnerUsualOwnerId: null, lastRoundRobinOwnerId: "c" }, { ownerId: "a", backupId: "b", rule: "round_robin" }],
    [{ partnerUsualOwnerId: null, lastRoundRobinOwnerId: "a" }, { ownerId: "b", backupId: "c", rule: "round_robin" }],
    [{ partnerUsualOwnerId: "c", lastRoundRobinOwnerId: "a" }, { ownerId: "c", backupId: "a", rule: "partner_usual" }],
    [{ partnerUsualOwnerId: "c", lastRoundRobinOwnerId: null, manual: { ownerId: "b", backupId: null } }, { ownerId: "b", backupId: null, rule: "manual" }],
  ])("%o → %o", (input, expected) => {
    expect(pickOwners({ candidates, ...input })).toEqual(expected);
  });
  it("has no owner without candidates", () => {
    expect(pickOwners({ candidates: [], partnerUsualOwnerId: null, lastRoundRobinOwnerId: null })).toEqual({ ownerId: null, backupId: null, rule: "none" });
  });
});

describe("time-to-first-action clock", () => {
  const calendar = { timezone: "Europe/Madrid", holidays: ["2026-03-30"], workday: { start: "09:00", end: "17:00" } };
  const clockAt = (now: string, firstAction: { at: Date; kind: "reply_sent" } | null = null) =>
    computeClock({ receivedAt: new Date("2026-03-27T15:00:00Z"), now: new Date(now), targetMs: 8 * 3600_000, firstAction, calendar });
  it("skips the weekend (with the CET→CEST change) and a holiday", () => {
    // Fri 27 Mar 16:00 CET; Sunday 29 Mar moves to CEST; Monday 30 Mar is a holiday.
    expect(clockAt("2026-03-30T12:00:00Z")).toMatchObject({ elapsedMs: 3600_000, status: "on_track", dueAt: "2026-03-31T14:00:00.000Z" });
    expect(clockAt("2026-03-31T12:00:00Z")).toMatchObject({ elapsedMs: 6 * 3600_000, status: "at_risk" });
    expect(clockAt("2026-03-31T14:00:00Z")).toMatchObject({ status: "breached" });
    expect(clockAt("2026-04-02T14:00:00Z", { at: new Date("2026-03-31T08:00:00Z"), kind: "reply_sent" })).toMatchObject({ isRunning: false, elapsedMs: 2 * 3600_000, status: "on_track" });
  });
  it("reads the target from workspace settings", () => {
    expect(resolveTargetMs({ handoff: { targetBusinessHours: 4 } }, {})).toBe(4 * 3600_000);
    expect(resolveTargetMs({}, { workday: { start: "08:00", end: "18:00" } })).toBe(10 * 3600_000);
    expect(resolveTargetMs({ handoff: { targetBusinessHours: "x" } }, {})).toBe(8 * 3600_000);
  });
});

describe("RFC 5322 check", () => {
  it.each([
    ["From: a@b.c\r\nDate: Mon, 1 Jun 2026 10:00:00 +0000\r\n\r\nhi", null],
    ["From: a@b.c\r\nSubject: x\r\n folded\r\nDate: x\r\n\r\nhi", null],
    ["just text\n\nmore", 'header line 1 is not "Name: value"'],
    ["Subject: x\nDate: y\n\nbody", "no From header"],
    ["From: a@b.c\n\nbody", "no Date header"],
  ])("%j → %s", (raw, expected) => { expect(checkRfc5322(Buffer.from(raw))).toBe(expected); });
});
