// Recap rules without I/O: the edit rule, approvals, audiences, the follow-up in four languages, the huddle ICS.
import { describe, expect, it } from "vitest";
import { approvalState, buildRecapDraft, linesFor, reviseLine, reviseLines, type RecapLine } from "./recap.ts";
import { buildFollowUp } from "./templates.ts";
import { huddleIcs, nextSlot } from "./huddle.ts";

const line = (over: Partial<RecapLine> = {}): RecapLine => ({
  id: "l1", section: "commitments", text: "Ben Okoro: Send the reference architecture for the ERP connector (by Thursday 7 May)",
  basis: "Ben Okoro: Send the reference architecture for the ERP connector (by Thursday 7 May)",
  evidence: [{ conversationId: "c1", seq: 4, speaker: "Ben Okoro", quote: "I'll send you the reference architecture for the ERP connector by Thursday." }],
  internal: false, support: "grounded", side: "ours", ...over,
});

describe("reviseLine", () => {
  it.each([
    ["rewording", "Ben will send the ERP connector reference architecture by Thursday 7 May", "grounded"],
    ["quote's key words kept", "Reference architecture for the ERP connector: Ben, Thursday", "grounded"],
    ["a different day", "Ben Okoro: Send the reference architecture for the ERP connector (by Friday 8 May)", "unsupported"],
    ["a different claim", "Ben Okoro: Offer a 20% discount on year one", "unsupported"],
    ["another subject entirely", "We agreed the contract terms", "unsupported"],
  ])("%s → %s", (_name, text, support) => {
    const out = reviseLine(line(), { text });
    expect(out.support).toBe(support);
    expect(out.evidence.length > 0).toBe(support === "grounded");
  });

  it("re-grounds a line edited back to the same meaning", () => {
    const off = reviseLine(line(), { text: "Something else entirely" });
    const back = reviseLine(off, { text: "Ben Okoro: Send the reference architecture for the ERP connector (by Thursday 7 May)" });
    expect(back).toMatchObject({ support: "grounded", evidence: line().evidence });
  });

  it("new lines are unsupported and get fresh ids", () => {
    const out = reviseLines([line()], [{ id: "l1", text: line().text }, { text: "Extra note", internal: true }]);
    expect(out.map((l) => [l.id, l.support, l.internal])).toEqual([["l1", "grounded", false], ["l2", "unsupported", true]]);
  });
});

describe("approvals and audiences", () => {
  it("needs ours and partner on the current version", () => {
    const a = [{ side: "ours" as const, by: "u1", version: 1, at: "", onBehalf: false, note: null }, { side: "partner" as const, by: "u1", version: 1, at: "", onBehalf: true, note: "call" }];
    expect(approvalState(a, 1).isAgreed).toBe(true);
    expect(approvalState(a, 2).isAgreed).toBe(false);
    expect(approvalState(a.slice(0, 1), 1).isAgreed).toBe(false);
  });
  it("drops internal lines for partner and buyer", () => {
    const ls = [line(), line({ id: "l2", internal: true })];
    expect(linesFor(ls, "internal")).toHaveLength(2);
    expect(linesFor(ls, "partner").map((l) => l.id)).toEqual(["l1"]);
    expect(linesFor(ls, "buyer").map((l) => l.id)).toEqual(["l1"]);
  });
});

describe("draft and follow-up", () => {
  const call = { id: "c1", title: "Descubrimiento", startedAt: "2026-05-05T08:00:00Z", timezone: "Europe/Madrid", language: "es" };
  const utterances = [
    { seq: 0, speakerName: "Ana", side: "ours" as const, text: "Les enviaré la arquitectura de referencia del conector ERP antes del jueves.", isInternal: false },
    { seq: 1, speakerName: "Luis", side: "buyer" as const, text: "El precio tiene que caber en el presupuesto.", isInternal: false },
  ];
  const items = [{ id: "i1", kind: "commitment", seq: 0, speaker: "Ana", quote: utterances[0].text, isInternal: false,
    data: { owner: "Ana", side: "ours", due: "2026-05-07", text: "Enviar la arquitectura de referencia del conector ERP" } }];

  it("drafts in the call's language with evidence on every line", () => {
    const d = buildRecapDraft({ call, items, utterances });
    expect(d.language).toBe("es");
    expect(d.lines.map((l) => l.text)).toEqual(["Integración", "Precio y presupuesto", "Ana: Enviar la arquitectura de referencia del conector ERP (antes del jueves, 7 de mayo)"]);
    expect(d.lines.every((l) => l.evidence.length > 0)).toBe(true);
  });

  it.each([
    ["en", "Recap: Descubrimiento", "Next steps"], ["es", "Resumen: Descubrimiento", "Próximos pasos"],
    ["de", "Zusammenfassung: Descubrimiento", "Nächste Schritte"], ["pt", "Resumo: Descubrimiento", "Próximos passos"],
  ] as const)("%s template", (language, subject, heading) => {
    const d = buildRecapDraft({ call, items, utterances });
    const f = buildFollowUp({ language, title: call.title, startedAt: call.startedAt, timezone: call.timezone, buyerNames: ["Luis"], senderNames: ["Ana"], lines: d.lines });
    expect(f.subject.startsWith(subject)).toBe(true);
    expect(f.text).toContain(heading);
    expect(f.html).toContain(`<h3>${heading}</h3>`);
    expect(f.text).toContain("Luis");
  });
});

describe("huddle", () => {
  it("finds the next local slot and writes a weekly 15-minute event", () => {
    const start = nextSlot(new Date("2026-03-27T12:00:00Z"), { weekday: "MO", time: "09:00", timeZone: "Europe/Oslo" });
    expect(start.toISOString()).toBe("2026-03-30T07:00:00.000Z"); // after the switch to summer time
    const ics = huddleIcs({ uid: "x@baton", title: "Huddle", description: "d", start, weekday: "MO", organizer: null, attendees: [{ name: "Ada", email: "ada@tidewell.io" }] });
    expect(ics).toContain("RRULE:FREQ=WEEKLY;BYDAY=MO");
    expect(ics).toContain("DURATION:PT15M");
    expect(ics).toContain("DTSTART:20260330T070000Z");
    expect(ics.replace(/\r?\n[ \t]/g, "")).toMatch(/ATTENDEE;.*mailto:ada@tidewell.io/); // unfolded (RFC 5545 §3.1)
  });
});
