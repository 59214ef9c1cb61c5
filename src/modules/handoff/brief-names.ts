// Reading people's names, titles and company names out of intro prose, headers and
// signatures. Pure, no I/O.

const HONORIFIC = /^(?:dr|dra|mr|mrs|ms|prof|sr|sra|herr|frau)\.?\s+/i;

/** "Reyes, Jamal" → "Jamal Reyes"; quotes, honorifics and "(Acme)" suffixes removed. */
export function cleanDisplayName(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let s = raw.replace(/^["'\s]+|["'\s]+$/g, "").replace(/\s*[([].*?[)\]]\s*/g, " ").trim();
  if (s.includes("@")) return null;
  const comma = /^([^,]+),\s*([^,]+)$/.exec(s);
  if (comma && !/\s/.test(comma[1].trim())) s = `${comma[2].trim()} ${comma[1].trim()}`;
  s = s.replace(HONORIFIC, "").replace(/\s+/g, " ").trim();
  return s || null;
}

/** "jamal.reyes@x" → "Jamal Reyes"; null when the local part is not name-shaped ("jromero"). */
export function guessNameFromEmail(email: string): string | null {
  const local = email.split("@")[0] ?? "";
  const parts = local.split(/[._-]+/).filter((p) => /^[a-z]{2,}$/i.test(p));
  if (parts.length < 2 || parts.length > 3) return null;
  return parts.map((p) => p[0].toUpperCase() + p.slice(1).toLowerCase()).join(" ");
}

export const TITLE_WORDS =
  /\b(vp|svp|evp|avp|vice president|president|director|directora|directeur|diretor|diretora|head|chief|ceo|cto|cio|ciso|cfo|coo|cmo|cro|manager|managing|gerente|lead|leader|principal|partner|founder|co-founder|owner|officer|engineer|architect|administrator|analyst|supervisor|coordinator|specialist|consultant|superintendent|controller|treasurer|counsel|leiter|leiterin|gesch[äa]ftsf[üu]hrer(?:in)?|responsable|jefe|jefa|coordinador|coordinadora|executive|executivo|representative|advisor|physician|nurse|dean|provost|registrar|secretary|commissioner)\b/i;

const NAME_TOKEN = String.raw`\p{Lu}[\p{Ll}'’\-]+(?:-\p{Lu}[\p{Ll}'’]+)?`;
const PERSON_NAME = new RegExp(String.raw`(?:(?:Dr|Dra|Mr|Mrs|Ms|Prof)\.?\s+)?(${NAME_TOKEN}(?:\s+(?:de\s+la\s+|de\s+|del\s+|van\s+|von\s+|da\s+|dos\s+)?${NAME_TOKEN}){1,2})`, "gu");

/** The introduction verbs after which the introduced person's name stands, in several languages. */
const INTRO_BEFORE_NAME =
  /(?:\bmeet|\bintroduce(?: you)?(?: to)?|\bintroducing|\bconnect you(?: two)?(?: with)?|\bput you in touch with|\bpresentar(?:te|os|le|les)?(?: a)?|\bte presento a|\bos presento a|\bconocer a|\bvorstellen:?|\bbekannt machen mit|\bapresentar(?: a| o)?|\bconhecer(?: a| o)?|\bpr[ée]senter)\s+(?:you to\s+)?$/i;

export interface NameMention { name: string; index: number; isIntroduced: boolean }

/** Capitalised two- or three-word names in the text, flagged when an intro verb precedes them. */
export function findNameMentions(text: string): NameMention[] {
  const out: NameMention[] = [];
  for (const m of text.matchAll(PERSON_NAME)) {
    const before = text.slice(Math.max(0, m.index - 40), m.index);
    out.push({ name: m[1], index: m.index, isIntroduced: INTRO_BEFORE_NAME.test(before) });
  }
  return out;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * A title written next to the person's name: "Walt Brennan, plant manager at Atlas",
 * "Dana is VP of Logistics Operations at Harborline", "Elena Navarro (CIO)".
 * Returns the title and the phrase it came from.
 */
export function findTitleInText(text: string, fullName: string, domain: string | null = null): { title: string; quote: string; company: string | null } | null {
  const first = fullName.split(/\s+/)[0];
  const names = [fullName, first].filter((n, i, a) => n && a.indexOf(n) === i).map(escapeRe);
  const flat = text.replace(/\s+/g, " ");
  for (const name of names) {
    const patterns = [
      new RegExp(String.raw`(?:Dr\.?\s+)?${name}(?:\s+\(cc'?d\))?,\s+(?:the\s+|our\s+|their\s+)?([^,.;()]{2,80}?)(?:\s+(?:at|en|bei|na|no|chez)\s+([^,.;()]{2,80}))?(?=[,.;(]|\s+\(|$)`, "u"),
      new RegExp(String.raw`\b${name}\s+(?:is|es|ist|é|est)\s+(?:the\s+|our\s+|their\s+|el\s+|la\s+|der\s+|die\s+|o\s+|a\s+)?([^,.;()]{2,80}?)(?:\s+(?:at|en|bei|na|no|chez)\s+([^,.;()]{2,80}))?(?=[,.;(]|$)`, "u"),
      new RegExp(String.raw`${name}\s+\(([^)]{2,60})\)`, "u"),
    ];
    for (const re of patterns) {
      const m = re.exec(flat);
      if (!m) continue;
      let title = m[1].trim();
      let company = m[2] ? leadingCapitalRun(m[2]) : null;
      // "COO of Pellham Dental Group": the tail is the company when it spells the buyer's domain.
      const tail = /^(.*?)\s+(?:of|de|da|do|del|von|der)\s+(\p{Lu}.*)$/u.exec(title);
      if (tail && domain && scoreDomainMatchAnyTail(tail[2], domain) >= 0.6) { title = tail[1]; company = tail[2]; }
      if (!TITLE_WORDS.test(title) || title.split(/\s+/).length > 8) continue;
      if (/\b(?:my|our) (?:counterpart|colleague)\b/i.test(title)) continue;
      return { title, quote: m[0].trim(), company };
    }
  }
  return null;
}

/** In a signature, the line after the person's name line that reads as a title. */
export function findTitleInSignature(signature: string, fullName: string): { title: string; quote: string; company: string | null } | null {
  const lines = signature.split("\n").map((l) => l.trim()).filter(Boolean);
  const lower = fullName.toLowerCase();
  for (let i = 0; i < lines.length; i++) {
    const parts = lines[i].split(/\s*[|•·]\s*/);
    if (parts[0].toLowerCase() !== lower) continue;
    // "Raj Patel | Alliance Director" keeps the title on the name line.
    const sameLine = parts.slice(1).find((p) => TITLE_WORDS.test(p));
    const next = lines[i + 1]?.split(/\s*[|•·]\s*/)[0];
    const title = sameLine ?? (next && TITLE_WORDS.test(next) ? next : null);
    if (!title) continue;
    const companyLine = sameLine ? lines[i + 1] : lines[i + 2];
    const company = companyLine ? leadingCapitalRun(companyLine.split(/\s*[|•·]\s*/)[0]) : null;
    const t = title.split(/,\s+(?=[\p{Lu}][\p{Ll}]+\s+[\p{Lu}][\p{Ll}]+(?:\s|$))/u);
    return { title: t[0].trim(), quote: title, company };
  }
  return null;
}

// "and"/"y"/"und" are left out: "Frutas del Segura y Tramaly" names two companies.
const CONNECTORS = new Set(["of", "de", "del", "la", "&", "do", "da", "dos", "for"]);

/** Runs of capitalised words ("Grupo Hospitalario Levante", "Arcadia Systems Integration"). */
export function listCapitalRuns(text: string): string[] {
  const runs: string[] = [];
  for (const line of text.split(/\n|[|•·]|[.;:!?,]\s/)) {
    const words = line.split(/[\s,()"“”]+/).filter(Boolean);
    let cur: string[] = [];
    const flush = () => {
      while (cur.length && CONNECTORS.has(cur[cur.length - 1].toLowerCase())) cur.pop();
      if (cur.length) runs.push(cur.join(" "));
      cur = [];
    };
    for (const w of words) {
      const possessive = /^(.+?)(?:'s|’s)$/.exec(w);
      const word = possessive ? possessive[1] : w;
      const isCap = /^[\p{Lu}][\p{L}\p{N}&.'’-]*$/u.test(word) || /^[\p{Lu}\p{N}&]{2,}$/u.test(word);
      if (isCap) cur.push(/^(co|inc|corp|ltd)\.$/i.test(word) ? word : word.replace(/[.'’]+$/, ""));
      else if (cur.length && CONNECTORS.has(word.toLowerCase())) cur.push(word);
      else flush();
      if (possessive) flush();
    }
    flush();
  }
  return runs;
}

export function leadingCapitalRun(text: string): string | null {
  const run = listCapitalRuns(text.trim())[0];
  return run && text.trim().startsWith(run.split(" ")[0]) ? run : null;
}

/**
 * How well a capitalised phrase spells a domain label, 0..1: "Calloway Federal Credit
 * Union" ↔ "callowayfcu" (words in full or by initial), "Grupo Hospitalario Levante" ↔
 * "ghlevante". At least one word must be spelled in full.
 */
export function scoreDomainMatch(phrase: string, domain: string): number {
  const label = domain.split(".")[0].toLowerCase().replace(/[^a-z0-9]/g, "");
  const words = phrase.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
    .split(/[\s-]+/).map((w) => w.replace(/[^a-z0-9]/g, "")).filter(Boolean);
  if (!label || !words.length || CONNECTORS.has(words[0])) return 0;
  let i = 0;
  let fullWords = 0;
  for (const w of words) {
    if (i >= label.length) break;
    // "Frutas del Segura" ↔ "frutasdelsegura", but "Bank of Utah" ↔ "bankutah" too.
    if (CONNECTORS.has(w)) { if (label.startsWith(w, i)) i += w.length; continue; }
    if (w.length >= 3 && label.startsWith(w, i)) { i += w.length; fullWords++; continue; }
    if (label[i] === w[0]) { i += 1; continue; }
    break;
  }
  if (!fullWords) return 0;
  return i / label.length;
}

/** Fallback company name from a domain: "kestreloutdoor.com" → "Kestreloutdoor". */
export function guessCompanyFromDomain(domain: string): string {
  const label = domain.split(".")[0];
  return label.split(/[-_]/).map((p) => p[0]?.toUpperCase() + p.slice(1)).join(" ");
}

/** The best match of any tail of the phrase: "Rede Bem Viver Farmácias" ↔ "bemviverfarma". */
export function scoreDomainMatchAnyTail(phrase: string, domain: string): number {
  const words = phrase.split(/\s+/);
  return Math.max(0, ...words.map((_, i) => scoreDomainMatch(words.slice(i).join(" "), domain)));
}

/** Lower case without accents, for comparing names with addresses ("Patrícia" ↔ "patricia"). */
export function foldName(s: string): string {
  return s.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
}
