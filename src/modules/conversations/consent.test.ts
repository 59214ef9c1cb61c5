import { describe, expect, it } from "vitest";
import type { ParsedConversation } from "./conversation.ts";
import { DECLINED_MARKER, detectConsent, redactDeclined } from "./consent.ts";

let seq = 0;
const u = (speakerLabel: string, text: string) => ({ seq: seq++, speakerLabel, startMs: seq * 1000, endMs: seq * 1000 + 500, text, line: seq });

describe("detectConsent", () => {
  it("grants the announcer and those who agree, declines the one who refuses", () => {
    const r = detectConsent([
      u("Ana", "Before we start, is everyone ok with recording this call?"),
      u("Ben", "Yes, that's fine."),
      u("Cleo", "I'd prefer not to be recorded, if that's alright."),
      u("Dev", "Let's move to the agenda."),
    ]);
    expect(r.notice?.quote).toMatch(/ok with recording/);
    expect(r.bySpeaker.Ana.status).toBe("granted");
    expect(r.bySpeaker.Ben).toMatchObject({ status: "granted", evidence: { quote: "Yes, that's fine." } });
    expect(r.bySpeaker.Cleo).toMatchObject({ status: "declined" });
    expect(r.bySpeaker.Dev.status).toBe("unknown");
  });

  it.each([
    ["This call is being recorded for note-taking.", "notice"],
    ["okay i think we're recording hi everyone", "notice"],
    ["Please don't record me.", "declined"],
    ["Prefiero que no se grabe esta parte.", "declined"],
    ["Bitte nicht aufzeichnen.", "declined"],
    ["Prefiro não ser gravado.", "declined"],
    ["¿Os importa que grabemos la reunión?", "notice"],
    ["Die Besprechung wird aufgezeichnet.", "notice"],
    ["A reunião está sendo gravada.", "notice"],
    ["We recorded a demo video last week.", "none"],
  ])("%s → %s", (text, kind) => {
    const r = detectConsent([u("X", text)]);
    if (kind === "declined") expect(r.bySpeaker.X.status).toBe("declined");
    else if (kind === "notice") expect(r.notice).not.toBeNull();
    else { expect(r.notice).toBeNull(); expect(r.bySpeaker.X.status).toBe("unknown"); }
  });
});

describe("redactDeclined", () => {
  it("removes a declined speaker's words everywhere in the returned object", () => {
    const secret = "Our budget is 2.4 million";
    const parsed: ParsedConversation = {
      format: "email",
      utterances: [{ ...u("Cleo", secret), seq: 0 }, { ...u("Ana", "Thanks Cleo."), seq: 1 }],
      email: {
        subject: "Budget", date: null, messageId: null, inReplyTo: null, references: [],
        from: { name: "Cleo", address: "cleo@buyer.example" }, to: [], cc: [],
        bodyText: secret, quotedText: `> ${secret}`, signature: "Cleo", forwarded: null,
      },
      warnings: [],
    };
    const out = redactDeclined(parsed, ["Cleo"]);
    expect(JSON.stringify(out)).not.toContain(secret);
    expect(out.utterances[0].text).toBe(DECLINED_MARKER);
    expect(out.utterances[1].text).toBe("Thanks Cleo.");
    expect(parsed.utterances[0].text).toBe(secret); // input untouched
  });

  it("scrubs a declined transcript speaker's words quoted inside another field", () => {
    const parsed: ParsedConversation = { format: "srt", utterances: [{ ...u("Cleo", "secret words"), seq: 0 }], warnings: [{ line: 1, message: "odd cue: secret words" }] };
    expect(JSON.stringify(redactDeclined(parsed, new Set(["Cleo"])))).not.toContain("secret words");
  });
});
