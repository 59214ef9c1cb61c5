// Stakeholders: named people who matter to the deal but are not in this conversation. Role from what is
// said around the name ("has to sign off", "our CFO"), else from their title. Pure.
import { makeEvidence, type ExtractionContext } from "./extraction-context.ts";
import type { Stakeholder, StakeholderRole } from "./extraction.types.ts";
import { findPersonMentions } from "./people.ts";
import type { Span } from "./text-spans.ts";

const ROLE_CUES: Array<[StakeholderRole, RegExp]> = [
  ["economic_buyer", /\b(?:cfo|financ\w*|controller|(?:owns|holds|controls|sets|signs off on) the budget|budget (?:owner|holder)|(?:his|her) budget|numbers|roi|anything over|signs anything|capital|edp|director financiero|cofinanciación|goes to (?:him|her))\b/],
  ["approver", /\b(?:sign(?:s)? off|sign-off|approve\w*|final say|chairs|visto bueno|review any vendor|won't sign|has to sign|deal desk|head of information security|ciso|protección de datos|data protection)\b/],
  ["champion", /\b(?:point of contact|own this|owns this|asked me to join|talk to her|talk to him|champion|board will ask|pushing for|sponsor)\b/],
  ["technical_evaluator", /\b(?:owns the pipelines|pipelines|architect\w*|technical|engineer\w*|director of it|bring \w+, he|evaluat\w*)\b/],
  ["user", /\b(?:second[- ]shift|runs (?:\w+ )?(?:lodge|shift|maintenance|property)|jefe de urgencias|will use|use it every day|usar|managers|users?|day to day|van a usar|biggest property)\b/],
  ["blocker", /\b(?:blocker|block\w*|runs our ot network|ot network|won't allow|veto)\b/],
];

function roleFromTitle(title: string | null): StakeholderRole {
  const t = (title ?? "").toLowerCase();
  if (/\b(?:cfo|chief financial|finance|controller)\b/.test(t)) return "economic_buyer";
  if (/\b(?:ciso|security|compliance|risk|legal|protection|counsel|procurement)\b/.test(t)) return /procurement/.test(t) ? "other" : "approver";
  if (/\b(?:engineer|architect|data)\b/.test(t)) return "technical_evaluator";
  return "other";
}

// Words that say what someone is to the deal ("she runs our OT network", "our CFO"), beyond a passing mention.
const DESCRIBES = /\b(?:(?:he|she|who) (?:runs|owns|heads|leads|chairs|manages|signs|approves)|runs (?:our|the)|our (?:cfo|ceo|coo|cio|cto|ciso|vp|head|director|controller|general counsel|gc)|in charge of)\b/;

export function extractStakeholders(ctx: ExtractionContext): Stakeholder[] {
  const present = new Set(ctx.presentIds);
  if (ctx.input.email) {
    const addrs = [ctx.input.email.from, ...ctx.input.email.to, ...ctx.input.email.cc].filter((a) => a != null).map((a) => a.address.toLowerCase());
    for (const p of ctx.people.roster) if (p.emails.some((e) => addrs.includes(e.toLowerCase()))) present.add(p.id);
  }
  // Every mention of each absent person, in order; the one that says what they are to the deal is the evidence.
  const mentions = new Map<string, Array<{ i: number; s: Span }>>();
  for (let i = 0; i < ctx.utterances.length; i++) {
    for (const s of ctx.sentences[i]) {
      for (const m of findPersonMentions(ctx.people, s.text)) {
        if (present.has(m.person.id)) continue;
        const list = mentions.get(m.person.id) ?? mentions.set(m.person.id, []).get(m.person.id)!;
        if (!list.some((x) => x.i === i && x.s === s)) list.push({ i, s });
      }
    }
  }
  const out: Array<Stakeholder & { at: number }> = [];
  for (const [personId, list] of mentions) {
    const p = ctx.people.byId.get(personId)!;
    // The strongest role anyone gives them wins ("has to approve it" early, "anything over 50k goes to him" later).
    const rank = (x: { s: Span }) => { const k = ROLE_CUES.findIndex(([, re]) => re.test(x.s.lower)); return k < 0 ? (DESCRIBES.test(x.s.lower) ? ROLE_CUES.length : -1) : k; };
    const cued = list.filter((x) => rank(x) >= 0).sort((a, b) => rank(a) - rank(b))[0];
    // Vendor and partner colleagues named in passing ("I'll chase Ben") are not the deal's stakeholders.
    if (p.side !== "buyer" && !cued) continue;
    const { i, s } = cued ?? list[0];
    const turn = ctx.sentences[i].map((x) => x.lower).join(" ");
    const cue = ROLE_CUES.find(([, re]) => re.test(s.lower)) ?? ROLE_CUES.find(([, re]) => re.test(turn));
    out.push({
      localId: "", name: p.name, personId: p.id, title: p.title, org: p.side,
      role: cue ? cue[0] : roleFromTitle(p.title),
      evidence: makeEvidence(ctx, i, s.start, s.end),
      at: list[0].i,
    });
  }
  return out.sort((a, b) => a.at - b.at).map(({ at: _at, ...x }, k) => ({ ...x, localId: `s${k + 1}` }));
}
