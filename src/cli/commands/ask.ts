import type { Command } from "commander";
import { askDeal, askWorkspace } from "../../modules/ask/index.ts";
import { openConfiguredDb } from "../context.ts";
import { createNlpModel, loadNlpModelConfig } from "../../adapters/nlp-model/index.ts";

export function registerAsk(program: Command) {
  program.command("ask").description("Answer a question from a deal's conversations (or all deals), citing the utterances")
    .argument("<question>", "the question")
    .option("--deal <idOrSlug>", "deal id or slug (omit to search every deal)")
    .option("--json", "JSON output")
    .action(async (question: string, opts: { deal?: string; json?: boolean }) => {
      const { database, deps } = await openConfiguredDb();
      try {
        const model = await createNlpModel(loadNlpModelConfig());
        const a = opts.deal ? await askDeal(deps, { dealId: opts.deal, question, model }) : await askWorkspace(deps, { question, model });
        if (opts.json) { process.stdout.write(`${JSON.stringify(a)}\n`); return; }
        process.stdout.write(`${a.answer}\n`);
        for (const e of a.evidence) process.stdout.write(`  - ${e.conversation} ${e.at} ${e.speaker ?? "?"}: “${e.quote}”\n`);
      } finally {
        await database.close();
      }
    });
}
