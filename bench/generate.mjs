// Deterministic synthetic deal folders for the benchmarks: deal.json, intro.eml and call transcripts
// (Zoom VTT, SRT, Otter txt, Deepgram JSON, Meet-style txt) with realistic three-sided sales-call talk.
// Same seed → byte-identical files. No corpus text is reused; everything is composed from the pools below.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** mulberry32: small, fast, seedable. */
export function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (xs) => xs[Math.floor(next() * xs.length)],
    chance: (p) => next() < p,
  };
}

export function hashSeed(str) {
  let h = 2166136261;
  for (let i = 0; i < str.length; i++) h = Math.imul(h ^ str.charCodeAt(i), 16777619);
  return h >>> 0;
}

export const FORMATS = ["vtt", "srt", "otter", "deepgram", "meet"];
export const EXT = { vtt: "vtt", srt: "srt", otter: "txt", deepgram: "json", meet: "txt" };

const FIRST = ["Avery", "Jordan", "Morgan", "Priya", "Daniel", "Keiko", "Tomás", "Hannah", "Oliver", "Amara", "Lucas", "Sofia",
  "Ethan", "Mei", "Rafael", "Grace", "Nikhil", "Elena", "Marcus", "Yara", "Felix", "Ingrid", "Samuel", "Leah", "Victor", "Nadia"];
const LAST = ["Whitfield", "Okafor", "Lindqvist", "Ramanathan", "Castellano", "Brandt", "Takeda", "Moreau", "Haddad", "Kowalski",
  "Delgado", "Ferreira", "Sorensen", "Iyer", "Mbeki", "Hartley", "Novak", "Quinlan", "Achterberg", "Valdez", "Petrova", "Ashworth"];
const OURS = [["Quillstone Analytics", "quillstone.io"], ["Tessellate Data", "tessellate.dev"], ["Brightwave Security", "brightwave.io"]];
const PARTNERS = [["Meridian Cloud Partners", "meridiancp.com"], ["Northgate Integration", "northgate-int.com"], ["Copperline Systems", "copperline.net"]];
const BUYERS = [["Halvorsen Logistics", "halvorsenlog.com"], ["Pinecrest Health", "pinecresthealth.org"], ["Granite Mutual Insurance", "granitemutual.com"],
  ["Redfern Manufacturing", "redfernmfg.com"], ["Bluehaven Retail", "bluehavenretail.com"], ["Orchard Valley Bank", "orchardvalleybank.com"]];
const TITLES = {
  ours: ["Account Executive", "Solutions Engineer"],
  partner: ["Partner Manager", "Alliance Director"],
  buyer: ["VP Operations", "Director of IT", "Security Architect", "Procurement Lead"],
};
const ZONES = ["America/Chicago", "America/New_York", "Europe/London", "America/Denver"];

// Sentence pools. {x} slots are filled from SLOTS with the same PRNG.
const SLOTS = {
  doc: ["the security questionnaire", "the reference architecture", "a revised quote", "the SOC 2 report", "the pilot success criteria",
    "the data processing addendum", "the integration runbook", "a sample dashboard", "the migration plan", "the pricing breakdown"],
  day: ["by Friday", "by Thursday", "tomorrow", "end of week", "next Tuesday", "by Monday", "in two weeks", "by Wednesday"],
  sys: ["Snowflake", "the SAP instance", "Salesforce", "the data warehouse", "ServiceNow", "the on-prem Oracle cluster", "Okta", "the billing system"],
  team: ["the Dallas team", "the platform team", "finance", "the security group", "the night shift", "the analytics team", "procurement"],
  num: ["twelve", "forty", "three hundred", "two thousand", "fifteen", "eighty", "six"],
  pct: ["ten percent", "twenty percent", "about a third", "fifteen percent", "half"],
  exec: ["our CFO", "our CISO", "the VP of Finance", "our general counsel", "the COO", "our head of procurement"],
  rival: ["a competitor", "another vendor", "the incumbent", "a cheaper tool"],
  q: ["Q3", "next quarter", "the end of the fiscal year", "the summer", "January"],
};

const SMALLTALK = [
  "Can everyone hear me okay?", "Sorry, I was on mute there.", "Let me share my screen real quick.", "Yeah, that makes sense.",
  "Okay, great.", "Right, right.", "Good question.", "Thanks, that's helpful.", "Let me pull that up.", "Mm-hm, go ahead.",
  "Sorry, you cut out for a second there.", "Can you see my screen now?", "Totally fair.", "I think that's exactly the point.",
  "Let's come back to that in a minute.", "Sure, happy to walk through it.", "That's a great segue, actually.", "Okay, moving on.",
];
// Discussion: most of a call. Signals: commitments, objections, decisions, stakeholders, risks (a few % of cues).
const OURS_TALK = [
  "So the way it works is we connect to {sys} and pull the events every few minutes.",
  "Most customers your size start with about {num} users in the first phase.",
  "The connector for {sys} is native, so there's no custom code on your side.",
  "We can host it in your region, so residency shouldn't be a blocker.",
  "On pricing, the platform fee covers unlimited viewers and you pay per connected source.",
  "We support single sign-on through Okta and Azure AD out of the box.",
  "What does your current process look like for month-end reporting?",
  "How many people are involved in pulling that report together today?",
  "Who else would need to weigh in before a pilot could start?",
  "This view here shows the exceptions by region, and you can drill into any one of them.",
  "The alerts go to Slack or Teams, whichever your people actually read.",
  "Every number on this page links back to the source record, so audit can trace it.",
  "We refresh the models nightly, and the event stream is near real time.",
  "The admin console lets you scope access by business unit.",
  "In the last release we added row-level permissions, which came up a lot in healthcare.",
  "If you scroll down you'll see the trend for the last ninety days.",
];
const OURS_SIGNAL = [
  "I'll send you {doc} {day}.",
  "We'll get you {doc} {day}, and I'll copy the partner team.",
  "Let me loop in our solutions engineer on the data model questions.",
  "Our team will have {doc} to you {day}.",
  "Our roadmap has role-based dashboards landing in {q}.",
];
const PARTNER_TALK = [
  "We've implemented this at three other accounts in the region, so we know the pitfalls.",
  "Our services team can handle the integration with {sys} as part of the package.",
  "From our side the implementation would take about {num} days of effort.",
  "We already have a master services agreement in place, which should speed up procurement.",
  "When we did this for another customer, the hard part was the data mapping.",
  "We've been supporting their {sys} environment for about five years now.",
  "Our consultants already know their network layout, which saves a lot of discovery.",
  "Usually we run the first workshop on site and the rest remotely.",
];
const PARTNER_SIGNAL = [
  "I'll set up the working session with {team} {day}.",
  "I can share a case study from a similar customer after the call.",
  "I'll send over the statement of work {day}.",
  "We can cover the first month of support while the pilot runs.",
];
const BUYER_TALK = [
  "Right now {team} spends about {num} hours a week on this manually.",
  "We lost {pct} of our visibility when the old system was retired.",
  "That would really help us with the audit next quarter.",
  "We tried building it in-house last year and it never got finished.",
  "Most of our data lives in {sys}, with some spreadsheets on the side.",
  "The reports go to the leadership team every Monday morning.",
  "We have about {num} sites, and each one does it a little differently.",
  "Half the time the numbers don't match between the two systems.",
  "Can you show me how the exceptions get assigned to someone?",
  "How long does a typical rollout take for a company our size?",
  "What happens if the connection to {sys} drops overnight?",
  "Okay, and who maintains the mappings once it's live?",
];
const BUYER_SIGNAL = [
  "Honestly, the pricing is higher than what we budgeted for this year.",
  "Our main concern is security, we'd need to see how data is encrypted at rest.",
  "We're worried about the integration effort with {sys}, our team is stretched thin.",
  "The timeline is tight, we need something live before {q}.",
  "We're also looking at {rival}, so we'll need to compare.",
  "{exec} has to sign off on anything over fifty thousand.",
  "There's a budget freeze until {q}, so timing matters.",
  "I'll check with {exec} and get back to you {day}.",
  "Let's run the pilot with {team} first.",
  "We agreed to start with the reporting use case and add alerts later.",
  "Our legal team will want to review the data processing terms.",
  "Can you send {doc}?",
  "I can get you access to a sandbox {day}.",
  "Our headcount is flat, so we can't take on a big project.",
];
/** Share of non-small-talk cues that carry a signal (commitment, objection, decision, risk...). */
const SIGNAL_RATE = 0.05;
const ACCEPT = ["Sure, will do.", "Yes, absolutely, I'll take care of that.", "Happy to, I'll get that over to you.", "Of course, consider it done."];

function fill(r, tpl) {
  return tpl.replace(/\{(\w+)\}/g, (_, k) => r.pick(SLOTS[k]));
}

/** One deal's orgs and people (2 ours, 2 partner, 3 buyer). */
export function makeDealSpec(seed, id) {
  const r = prng(seed);
  const [oursName, oursDomain] = r.pick(OURS);
  const [partnerName, partnerDomain] = r.pick(PARTNERS);
  const [buyerName, buyerDomain] = r.pick(BUYERS);
  const used = new Set();
  const person = (side, domain, title) => {
    let name;
    do name = `${r.pick(FIRST)} ${r.pick(LAST)}`; while (used.has(name));
    used.add(name);
    const [f, l] = name.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").split(" ");
    return { name, email: `${f}.${l}@${domain}`, title, side };
  };
  const people = [
    person("ours", oursDomain, TITLES.ours[0]), person("ours", oursDomain, TITLES.ours[1]),
    person("partner", partnerDomain, TITLES.partner[0]), person("partner", partnerDomain, TITLES.partner[1]),
    person("buyer", buyerDomain, TITLES.buyer[0]), person("buyer", buyerDomain, TITLES.buyer[1]), person("buyer", buyerDomain, TITLES.buyer[2]),
  ];
  return {
    id, timezone: r.pick(ZONES),
    orgs: { ours: { name: oursName, domain: oursDomain }, partner: { name: partnerName, domain: partnerDomain }, buyer: { name: buyerName, domain: buyerDomain } },
    people,
  };
}

/** ~cuesPerHour cues per hour of call, speakers weighted by side, text from the pools. */
export function makeCues(seed, people, minutes = 60, cuesPerHour = 900) {
  const r = prng(seed);
  const target = Math.round((cuesPerHour * minutes) / 60);
  const totalMs = minutes * 60_000;
  const meanStep = totalMs / target;
  const cues = [];
  let t = 1000 + r.int(0, 800);
  let prev = null;
  let pendingRequest = false;
  for (let i = 0; i < target; i++) {
    let who;
    do who = r.chance(0.35) ? r.pick(people.filter((p) => p.side === "buyer")) : r.pick(people); while (who === prev && r.chance(0.8));
    let text;
    if (pendingRequest && who.side !== "buyer") { text = r.pick(ACCEPT); pendingRequest = false; }
    else if (r.chance(0.3)) text = r.pick(SMALLTALK);
    else {
      const signal = r.chance(SIGNAL_RATE);
      const pool = who.side === "ours" ? (signal ? OURS_SIGNAL : OURS_TALK) : who.side === "partner" ? (signal ? PARTNER_SIGNAL : PARTNER_TALK) : (signal ? BUYER_SIGNAL : BUYER_TALK);
      text = fill(r, r.pick(pool));
      if (r.chance(0.25)) text += ` ${r.pick(SMALLTALK)}`;
      pendingRequest = text.startsWith("Can you send");
    }
    const dur = Math.max(900, Math.round(meanStep * (0.55 + r.next() * 0.35)));
    cues.push({ speaker: who, startMs: t, endMs: t + dur, text });
    t += Math.round(meanStep * (0.85 + r.next() * 0.3));
    prev = who;
  }
  return cues;
}

const pad = (n, w = 2) => String(n).padStart(w, "0");
function clock(ms, sep = ".", hourPad = 2) {
  const h = Math.floor(ms / 3_600_000), m = Math.floor(ms / 60_000) % 60, s = Math.floor(ms / 1000) % 60;
  return `${pad(h, hourPad)}:${pad(m)}:${pad(s)}${sep === null ? "" : `${sep}${pad(ms % 1000, 3)}`}`;
}

export function renderTranscript(format, cues, title = "Call") {
  switch (format) {
    case "vtt":
      return `WEBVTT\n\n${cues.map((c, i) => `${i + 1}\n${clock(c.startMs)} --> ${clock(c.endMs)}\n${c.speaker.name}: ${c.text}\n`).join("\n")}`;
    case "srt":
      return cues.map((c, i) => `${i + 1}\n${clock(c.startMs, ",")} --> ${clock(c.endMs, ",")}\n${c.speaker.name}: ${c.text}\n`).join("\n");
    case "otter":
      return cues.map((c) => `${c.speaker.name}  ${clock(c.startMs, null, 1)}\n${c.text}\n`).join("\n");
    case "meet": {
      const names = [...new Set(cues.map((c) => c.speaker.name))].sort();
      return `${title} - Transcript\n\nAttendees\n${names.join(", ")}\n\nTranscript\n\n${cues.map((c) => `[${clock(c.startMs, null)}] ${c.speaker.name}: ${c.text}`).join("\n")}\n`;
    }
    case "deepgram": {
      const idx = new Map();
      for (const c of cues) if (!idx.has(c.speaker.name)) idx.set(c.speaker.name, idx.size);
      const utterances = cues.map((c, i) => ({
        start: c.startMs / 1000, end: c.endMs / 1000, confidence: 0.9, channel: 0,
        transcript: c.text.toLowerCase().replace(/[.,?!]/g, ""), speaker: idx.get(c.speaker.name), id: `utt-${i}`,
      }));
      const last = cues[cues.length - 1];
      return `${JSON.stringify({ metadata: { request_id: "bench", duration: last.endMs / 1000, channels: 1 }, results: { utterances } }, null, 1)}\n`;
    }
    default: throw new Error(`unknown format ${format}`);
  }
}

function introEml(spec, dateIso) {
  const partner = spec.people.find((p) => p.side === "partner");
  const ours = spec.people.find((p) => p.side === "ours");
  const buyer = spec.people.find((p) => p.side === "buyer");
  const d = new Date(dateIso);
  const date = d.toUTCString().replace("GMT", "+0000");
  return [
    `From: ${partner.name} <${partner.email}>`, `To: ${ours.name} <${ours.email}>`, `Cc: ${buyer.name} <${buyer.email}>`,
    `Date: ${date}`, `Subject: Intro: ${spec.orgs.buyer.name} and ${spec.orgs.ours.name}`,
    `Message-ID: <${spec.id}.intro@${spec.orgs.partner.domain}>`, "MIME-Version: 1.0", 'Content-Type: text/plain; charset="UTF-8"', "", 
    `${ours.name.split(" ")[0]},`, "",
    `Connecting you with ${buyer.name}, ${buyer.title} at ${spec.orgs.buyer.name} (cc'd). They are replacing a manual reporting`,
    "process and want something in place before the next audit. We have worked with them for years.", "",
    `${buyer.name.split(" ")[0]}, ${ours.name.split(" ")[0]} runs the account side at ${spec.orgs.ours.name}. Could you two find time next week?`, "",
    partner.name, `${partner.title}, ${spec.orgs.partner.name}`, "",
  ].join("\r\n");
}

/**
 * Writes one deal folder. calls: [{ format, minutes }]. Returns { dir, files, callHours, cues }.
 */
export function writeDealFolder(root, id, calls, { seed = hashSeed(id), cuesPerHour = 900 } = {}) {
  const dir = join(root, id);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const spec = makeDealSpec(seed, id);
  const base = Date.UTC(2026, 2, 2, 15, 0, 0) + (seed % 20) * 86_400_000;
  const conversations = [];
  let cueCount = 0, callMinutes = 0;
  calls.forEach((c, i) => {
    const file = `${pad(i + 1, 3)}-call.${EXT[c.format]}`;
    const cues = makeCues(seed + 7919 * (i + 1), spec.people, c.minutes, cuesPerHour);
    cueCount += cues.length;
    callMinutes += c.minutes;
    const title = `Call ${i + 1} with ${spec.orgs.buyer.name}`;
    writeFileSync(join(dir, file), renderTranscript(c.format, cues, title));
    conversations.push({ file, kind: "call", start: new Date(base + (i + 1) * 2 * 86_400_000).toISOString(), title });
  });
  const deal = { ...spec, name: `${spec.orgs.buyer.name} co-sell`, conversations };
  writeFileSync(join(dir, "deal.json"), `${JSON.stringify(deal, null, 2)}\n`);
  writeFileSync(join(dir, "intro.eml"), introEml(spec, new Date(base).toISOString()));
  return { dir, spec, files: conversations.map((c) => c.file), callHours: callMinutes / 60, cues: cueCount };
}

/** Just a transcript file's bytes (for single-file imports). */
export function transcriptBytes(format, seed, people, minutes = 60, cuesPerHour = 900) {
  const cues = makeCues(seed, people, minutes, cuesPerHour);
  return { text: renderTranscript(format, cues), cues: cues.length };
}
