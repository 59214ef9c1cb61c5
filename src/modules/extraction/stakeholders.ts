// Stakeholders: named people who matter to the deal but are not in this conversation. Role from what is
// said around the name ("has to sign off", "our CFO"), else from their title. Pure.
import { makeEvidence, type ExtractionContext } from "./extraction-context.ts";
import type { Stakeholder, StakeholderRole } from "./extraction.types.ts";
import { findPersonMentions } from "./people.ts";

const ROLE_CUES: Array<[StakeholderRole, RegExp]> = [
  ["economic_buyer", /\b(?:cfo|financ\w*|controller|budget|numbers|roi|anything over|signs anything|capital|edp|director financiero|cofinanciación|goes to (?:him|her))\b/],
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

export function extractStakeholders(ctx: ExtractionContext): Stakeholder[] {
  const out: Stakeholder[] = [];
  const seen = new Set<string>();
  const present = new Set(ctx.presentIds);
  if (ctx.input.email) {
    const addrs = [ctx.input.email.from, ...ctx.input.email.to, ...ctx.input.email.cc].filter((a) => a != null).map((a) => a.address.toLowerCase());
    for (const p of ctx.people.roster) if (p.emails.some((e) => addrs.includes(e.toLowerCase()))) present.add(p.id);
  }
  for (let i = 0; i < ctx.utterances.length; i++) {
    for (const s of ctx.sentences[i]) {
      for (const m of findPersonMentions(ctx.people, s.text)) {
        const p = m.person;
        if (present.has(p.id) || seen.has(p.id)) continue;
        seen.add(p.id);
        const ctxText = ctx.sentences[i].map((x) => x.lower).join(" ");
        const cue = ROLE_CUES.find(([, re]) => re.test(s.lower)) ?? ROLE_CUES.find(([, re]) => re.test(ctxText));
        out.push({
          localId: "",
          name: p.name,
          personId: p.id,
          title: p.title,
          org: p.side,
          role: cue ? cue[0] : roleFromTitle(p.title),
          evidence: makeEvidence(ctx, i, s.start, s.end),
        });
      }
    }
  }
  return out.map((x, k) => ({ ...x, localId: `s${k + 1}` }));
}
