// A delivery document as a Slack Block Kit message (header, sections, context, actions) with a text fallback;
// user text is mrkdwn-escaped and every Block Kit limit is respected (50 blocks, 3000 characters per section
// text, 150 per header), cutting with "…". Pure.
import { escapeMrkdwn, SLACK_LIMITS, truncate, type SlackBlock, type SlackMessage } from "../../../adapters/slack/slack.ts";
import type { DeliveryDoc } from "./doc.ts";

const isHttp = (u: string) => /^https?:\/\//.test(u);

/** Section texts within 3000 characters; the list cut at a line boundary, with "…and N more". */
function sectionText(title: string, lines: string[], note?: string): string {
  const head = `*${escapeMrkdwn(title)}*`;
  const tail = note ? `\n_${escapeMrkdwn(note)}_` : "";
  const out: string[] = [];
  let used = head.length + tail.length;
  for (let i = 0; i < lines.length; i++) {
    const line = `\n• ${escapeMrkdwn(truncate(lines[i].replace(/\s+/g, " ").trim(), 600))}`;
    const more = `\n…and ${lines.length - i} more`;
    if (used + line.length + (i < lines.length - 1 ? more.length + 20 : 0) > SLACK_LIMITS.sectionText) {
      out.push(more);
      break;
    }
    out.push(line);
    used += line.length;
  }
  return truncate(`${head}${out.join("")}${tail}`, SLACK_LIMITS.sectionText);
}

export function renderDocSlack(doc: DeliveryDoc): SlackMessage {
  const blocks: SlackBlock[] = [{ type: "header", text: { type: "plain_text", text: truncate(doc.title, SLACK_LIMITS.headerText), emoji: false } }];
  if (doc.intro) blocks.push({ type: "section", text: { type: "mrkdwn", text: truncate(escapeMrkdwn(doc.intro), SLACK_LIMITS.sectionText) } });
  const tail: SlackBlock[] = [];
  if (doc.context) tail.push({ type: "context", elements: [{ type: "mrkdwn", text: truncate(escapeMrkdwn(doc.context), SLACK_LIMITS.sectionText) }] });
  if (doc.link && isHttp(doc.link.url)) {
    tail.push({ type: "actions", elements: [{ type: "button", text: { type: "plain_text", text: truncate(doc.link.label, SLACK_LIMITS.buttonText) }, url: doc.link.url }] });
  }
  const sections = doc.sections.filter((s) => s.lines.length || s.note);
  const room = SLACK_LIMITS.blocks - blocks.length - tail.length;
  const shown = sections.length > room ? sections.slice(0, room - 1) : sections;
  for (const s of shown) blocks.push({ type: "section", text: { type: "mrkdwn", text: sectionText(s.title, s.lines, s.note) } });
  if (shown.length < sections.length) {
    blocks.push({ type: "section", text: { type: "mrkdwn", text: `…and ${sections.length - shown.length} more sections` } });
  }
  if (!sections.length) blocks.push({ type: "section", text: { type: "mrkdwn", text: "Nothing to report." } });
  blocks.push(...tail);
  const fallback = [doc.title, doc.intro].filter(Boolean).join(": ");
  return { text: truncate(fallback, 3000), blocks };
}

/** Any Block Kit message brought within the limits (used on renderings built elsewhere, e.g. the walk's). */
export function clampSlackMessage(m: SlackMessage): SlackMessage {
  const fix = (b: SlackBlock): SlackBlock => {
    const t = b.text as { type?: string; text?: string } | undefined;
    if (!t?.text) return b;
    return { ...b, text: { ...t, text: truncate(t.text, b.type === "header" ? SLACK_LIMITS.headerText : SLACK_LIMITS.sectionText) } };
  };
  const blocks = m.blocks.map(fix);
  return { text: truncate(m.text, 3000), blocks: blocks.length > SLACK_LIMITS.blocks ? [...blocks.slice(0, SLACK_LIMITS.blocks - 1), { type: "section", text: { type: "mrkdwn", text: `…and ${blocks.length - SLACK_LIMITS.blocks + 1} more blocks` } }] : blocks };
}
