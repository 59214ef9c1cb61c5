// The recap of a call for one audience: ours sees every line (internal ones marked), the partner and the buyer
// only the agreed version's shared lines (the recap module's audience filter). Pure.
import { RECAP_SECTIONS, type FollowUp, type RecapLine, type RecapSection } from "../../recap/index.ts";
import { absoluteUrl, type DeliveryAudience, type DeliveryDoc, type Rendering } from "./doc.ts";
import { renderDocEmail } from "./email.ts";
import { renderDocSlack } from "./slack.ts";

const SECTION: Record<RecapSection, string> = {
  discussed: "What we discussed", decisions: "Decisions", commitments: "Next steps", questions: "Open questions", objections: "Concerns raised",
};

export interface RecapRenderInput {
  audience: DeliveryAudience;
  dealName: string;
  recap: { id: string; version: number; isAgreed: boolean; lines: RecapLine[]; conversation: { id: string; title: string; startedAt: string } };
  /** The buyer's follow-up email in the call's language (buyer audience, email channel). */
  followUp?: Pick<FollowUp, "subject" | "text" | "html"> | null;
  baseUrl?: string;
}

export function recapDoc(input: RecapRenderInput): DeliveryDoc {
  const { recap, audience } = input;
  // Defence in depth: the lines given are already the audience's, but internal lines never pass here for others.
  const lines = audience === "ours" ? recap.lines : recap.lines.filter((l) => !l.internal);
  const day = recap.conversation.startedAt.slice(0, 10);
  const title = `Recap: ${recap.conversation.title} (${day})${audience === "ours" ? "" : ` — ${input.dealName}`}`;
  const intro = audience === "ours"
    ? `The recap of "${recap.conversation.title}" on ${input.dealName}${recap.isAgreed ? ", agreed by both selling sides" : " (not agreed yet)"}. Lines marked [internal] stay on our side.`
    : audience === "partner"
      ? `The recap of "${recap.conversation.title}" as both sides agreed it.`
      : `Thank you for your time. Here is our joint recap of "${recap.conversation.title}" — please tell us if anything is missing or wrong.`;
  return {
    title, intro,
    sections: RECAP_SECTIONS.map((s) => ({
      title: SECTION[s],
      lines: lines.filter((l) => l.section === s).map((l) => `${audience === "ours" && l.internal ? "[internal] " : ""}${l.text}`),
    })),
    context: `Version ${recap.version}${recap.isAgreed ? " · agreed by both selling sides" : " · draft"}`,
    link: audience === "buyer" ? undefined : { label: "Open the recap in Baton", url: absoluteUrl(input.baseUrl, `/conversations/${encodeURIComponent(recap.conversation.id)}`) },
  };
}

export function renderRecap(input: RecapRenderInput): Rendering {
  const doc = recapDoc(input);
  const email = input.audience === "buyer" && input.followUp ? { subject: input.followUp.subject, text: input.followUp.text, html: input.followUp.html } : renderDocEmail(doc);
  return { doc, email, slack: renderDocSlack(doc) };
}
