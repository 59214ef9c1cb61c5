import type { Command } from "commander";
import { listDealSpeakers, listProposedPeople } from "../../modules/conversations/index.ts";
import { getDeal } from "../../modules/deals/index.ts";
import { findPersonIdOrEmail, mapSpeaker, MapSpeakerSchema, recordConsent, RecordConsentSchema } from "../../modules/ingest/index.ts";
import { cliActor } from "../../shared/deps.ts";
import { invalidInput } from "../../shared/errors.ts";
import { openConfiguredDb } from "../context.ts";

export function registerSpeakers(program: Command) {
  const speakers = program.command("speakers").description("Who spoke in a deal's conversations: list, map a label to a person, record consent");

  speakers.command("list").description("Every speaker of a deal's conversations, unresolved first, then proposed people")
    .requiredOption("--deal <slug>", "deal id or slug").option("--json", "JSON output")
    .action(async (opts: { deal: string; json?: boolean }) => {
      const { database, deps } = await openConfiguredDb();
      try {
        const deal = await getDeal(deps, opts.deal);
        const rows = await listDealSpeakers(deps, deal.id);
        const proposed = await listProposedPeople(deps, deal.id);
        if (opts.json) { process.stdout.write(`${JSON.stringify({ speakers: rows, proposedPeople: proposed }, null, 2)}\n`); return; }
        for (const s of rows) {
          const who = s.personId ? `${s.name} (${s.side ?? "?"}, ${s.method})` : "UNRESOLVED";
          process.stdout.write(`${s.personId ? "  " : "! "}${s.conversationId}  ${s.conversationTitle}  "${s.label}" → ${who}  consent: ${s.consent}\n`);
        }
        for (const p of proposed) process.stdout.write(`? proposed person "${p.name}" (${p.status}) — "${p.label}" in ${p.conversationId} ${p.conversationTitle}${p.evidence ? `: “${p.evidence.quote}”` : ""}\n`);
        const open = rows.filter((s) => !s.personId).length;
        process.stdout.write(`${rows.length} speaker(s), ${open} unresolved${open ? `; map one with: baton speakers map --conversation <id> "<label>" <person email or id>` : ""}\n`);
      } finally {
        await database.close();
      }
    });

  speakers.command("map").description("Map a speaker label to a person of the deal, on every utterance, then re-extract")
    .requiredOption("--conversation <id>", "conversation id").argument("<label>", "speaker label as in the transcript").argument("<person>", "person e-mail or id")
    .action(async (label: string, person: string, opts: { conversation: string }) => {
      const { database, deps } = await openConfiguredDb();
      try {
        const personId = await findPersonIdOrEmail(deps, person);
        if (!personId) throw invalidInput(`No person ${person} in the workspace`, [{ field: "person", message: "an e-mail address or person id" }]);
        const r = await mapSpeaker(deps, cliActor, MapSpeakerSchema.parse({ conversationId: opts.conversation, label, personId }));
        process.stdout.write(`"${r.label}" → ${r.name} (${r.side ?? "no side"}): ${r.utterances} utterance(s) updated${r.extraction ? `; re-extracted ${r.extraction.items} new item(s)` : "; extraction waits for consent"}\n`);
      } finally {
        await database.close();
      }
    });

  speakers.command("consent").description("Record a speaker's recording consent (releases a conversation held for consent)")
    .requiredOption("--conversation <id>", "conversation id").argument("<label>", "speaker label").argument("<status>", "granted|declined|unknown")
    .option("--note <note>", "how consent was given")
    .action(async (label: string, status: string, opts: { conversation: string; note?: string }) => {
      const { database, deps } = await openConfiguredDb();
      try {
        const input = RecordConsentSchema.safeParse({ conversationId: opts.conversation, label, status, note: opts.note });
        if (!input.success) throw invalidInput("Invalid consent", input.error.issues.map((i) => ({ field: i.path.join("."), message: i.message })));
        const r = await recordConsent(deps, cliActor, input.data);
        process.stdout.write(`"${r.label}": ${r.status}${r.heldForConsent ? `; still held, waiting for ${r.pendingConsent.map((l) => `"${l}"`).join(", ")}` : "; conversation processed"}\n`);
      } finally {
        await database.close();
      }
    });
}
