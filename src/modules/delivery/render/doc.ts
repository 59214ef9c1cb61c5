// The shape every artefact is rendered into before it becomes an email or a Slack message: a title, an intro,
// sections of plain-text lines, small print and one link. Pure: no I/O. Channel renderers escape; these are plain strings.
export type DeliveryAudience = "ours" | "partner" | "buyer";

export interface DocSection { title: string; lines: string[]; note?: string }
export interface DeliveryDoc {
  /** Email subject and Slack header. */
  title: string;
  intro?: string;
  sections: DocSection[];
  /** Small print: when, for whom, which version. */
  context?: string;
  link?: { label: string; url: string };
  /** Closing lines of an email (greeting, names); left out on Slack. */
  closing?: string[];
}

export interface EmailRendering { subject: string; text: string; html: string }
export interface Rendering { doc: DeliveryDoc; email: EmailRendering; slack: { text: string; blocks: Array<Record<string, unknown>> } }

export const AUDIENCE_LABEL: Record<DeliveryAudience, string> = { ours: "our side", partner: "the partner", buyer: "the buyer" };

/** Every string in a value (for the leak check: the words that would go out, before any escaping). */
export function stringsOf(v: unknown, out: string[] = []): string[] {
  if (typeof v === "string") out.push(v);
  else if (Array.isArray(v)) for (const x of v) stringsOf(x, out);
  else if (v && typeof v === "object") for (const x of Object.values(v)) stringsOf(x, out);
  return out;
}

export const absoluteUrl = (base: string | undefined, path: string) => (base ? `${base.replace(/\/+$/, "")}${path}` : path);
