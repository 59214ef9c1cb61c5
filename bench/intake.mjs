#!/usr/bin/env node
// Intake speed: an intro email (RFC 5322 bytes) to a stored brief (handoff, deal, people, owners, clock, escalation
// jobs) through intakeIntro, into one open in-memory PGlite. Median of 20 different generated emails, after one
// warm-up intake on an email not counted. Target ≤ 100 ms.
//   node bench/intake.mjs [--runs=20] [--json]
// Runs the TypeScript sources directly (Node ≥ 23.6 strips types).
import { performance } from "node:perf_hooks";
import { createDb } from "../src/db/client.ts";
import { createWorkspace, insertOrg, insertPerson } from "../src/modules/directory/index.ts";
import { intakeIntro } from "../src/modules/handoff/index.ts";
import { cliActor } from "../src/shared/deps.ts";
import { systemClock } from "../src/shared/clock.ts";
import { randomIds } from "../src/shared/ids.ts";

const TARGET_MS = 100;
const RUNS = Number((process.argv.find((a) => a.startsWith("--runs=")) ?? "--runs=20").slice(7));
const asJson = process.argv.includes("--json");

const FIRST = ["Paula", "Marco", "Irene", "Kenji", "Sofia", "Liam", "Amara", "Jonas", "Priya", "Diego", "Hana", "Oskar", "Lena", "Tariq", "Mei", "Rafael", "Nora", "Emeka", "Ines", "Viktor", "Chloe"];
const LAST = ["Grant", "Rossi", "Novak", "Sato", "Alvarez", "Byrne", "Okafor", "Berg", "Nair", "Costa", "Kim", "Lund", "Weber", "Haddad", "Lin", "Moreau", "Quinn", "Eze", "Ortega", "Petrov", "Dubois"];
const COMPANIES = ["Lakeside Orthodontics", "Harbor Freight Lines", "Copperleaf Dental", "Summit Physio", "Bluewater Logistics", "Maple Street Clinics", "Northgate Legal", "Riverbend Vets",
  "Alder Property Group", "Crescent Pharmacy", "Keystone Roofing", "Pinecrest Schools", "Redwood Insurance", "Silverline Movers", "Tidewater Foods", "Granite Accounting", "Oakridge Hotels", "Meadow Dental", "Ironbridge Works", "Sunrise Pediatrics", "Westfield Optics"];
const PARTNERS = [["Orbis Advisory", "orbisadvisory.com", "Tomas Reyes"], ["Northpeak Consulting", "northpeak.co", "Irene Walsh"], ["Fieldstone Partners", "fieldstone.io", "Ravi Mehta"]];
const PROBLEMS = [
  "loses around 40 appointments a month to no-shows because reminders go out from three different systems",
  "spends two days every month reconciling invoices by hand across four spreadsheets",
  "cannot see which drivers are late until customers call to complain",
  "has 30% of new hires leave in the first 90 days and no idea why",
  "keeps double-booking rooms because the front desk and the website use different calendars",
];
const URGENCY = ["Their busy season starts in August, so they want this fixed soon.", "They have a board review on 15 June.", "No hard deadline, but the pain is growing every month.", "Their current contract renews at the end of next quarter."];

const slug = (s) => s.toLowerCase().replace(/[^a-z0-9]+/g, "");
function email(i) {
  const [partner, domain, introducer] = PARTNERS[i % PARTNERS.length];
  const first = FIRST[i % FIRST.length], last = LAST[(i * 7) % LAST.length], company = COMPANIES[i % COMPANIES.length];
  const buyerDomain = `${slug(company)}.example`;
  const day = 1 + (i % 27);
  return Buffer.from([
    `From: ${introducer} <${slug(introducer.split(" ")[0])}@${domain}>`,
    "To: intros@brightkite.io",
    `Cc: ${first} ${last} <${slug(first)}.${slug(last)}@${buyerDomain}>`,
    `Date: Tue, ${String(day).padStart(2, "0")} May 2026 08:30:00 -0500`,
    `Subject: Introduction: ${company}`,
    `Message-ID: <bench-${i}-${Date.now()}@${domain}>`,
    "MIME-Version: 1.0",
    'Content-Type: text/plain; charset="UTF-8"',
    "",
    "Hello Brightkite team,",
    "",
    `I'd like to introduce ${first} ${last}, operations manager at ${company}.`,
    "",
    `${company.split(" ")[0]} ${PROBLEMS[i % PROBLEMS.length]}.`,
    "",
    URGENCY[i % URGENCY.length],
    "",
    `Could someone set up a call with ${first} next week?`,
    "",
    "Best regards,",
    introducer,
    `Partner | ${partner}`,
    "",
  ].join("\r\n"));
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };

const database = await createDb({ memory: true });
try {
  const deps = { db: database.db, clock: systemClock, ids: randomIds };
  const ws = await createWorkspace(deps, { name: "Brightkite", domains: ["brightkite.io"], timezone: "America/Chicago" });
  const ours = await insertOrg(deps, ws.id, { name: "Brightkite", side: "ours", domains: ["brightkite.io"] });
  for (const [name, mail] of [["Ava Brooks", "ava@brightkite.io"], ["Noah Kim", "noah@brightkite.io"]]) {
    await insertPerson(deps, ws.id, { name, emails: [mail], phones: [], title: null, orgId: ours.id });
  }
  for (const [name, domain] of PARTNERS) await insertOrg(deps, ws.id, { name, side: "partner", domains: [domain] });

  await intakeIntro(deps, cliActor, { content: email(RUNS + 1) }); // warm-up: JIT, prepared plans; not counted
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const content = email(i);
    const t0 = performance.now();
    const r = await intakeIntro(deps, cliActor, { content });
    times.push(performance.now() - t0);
    if (r.status !== "created") throw new Error(`email ${i} was not stored as a new brief (${r.status})`);
  }
  const briefs = await database.db.selectFrom("handoffs").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow();
  const value = Math.round(median(times) * 10) / 10;
  const result = {
    name: "intake: intro email → stored brief (PGlite in memory)", value, unit: "ms", target: TARGET_MS, pass: value <= TARGET_MS,
    details: { runs: RUNS, min: Math.round(Math.min(...times) * 10) / 10, max: Math.round(Math.max(...times) * 10) / 10, stored: Number(briefs.n) },
  };
  if (asJson) console.log(JSON.stringify(result));
  else console.log(`intake median ${value} ms over ${RUNS} emails (min ${result.details.min}, max ${result.details.max}; target ≤ ${TARGET_MS} ms: ${result.pass ? "pass" : "MISS"})`);
} finally {
  await database.close();
}
