// baton invite <email> --partner <org name or id> [--name N] [--by <staff email>]: invites a person of a partner
// organisation; emails the accept link when outgoing mail is configured, else prints it to pass on.
import type { Command } from "commander";
import { optionalMailerFromEnv, type Mailer } from "../../adapters/email/smtp.ts";
import { createInvitation, CreateInvitationSchema, findUserByEmail } from "../../modules/auth/index.ts";
import { findOrg, findOrgByName, getWorkspace } from "../../modules/directory/index.ts";
import { cliActor, type Deps } from "../../shared/deps.ts";
import { loadConfig } from "../../shared/config.ts";
import { invalidInput } from "../../shared/errors.ts";
import { openConfiguredDb } from "../context.ts";

interface Opts { partner: string; name?: string; by?: string }
interface Io {
  open?: () => Promise<{ database: { close(): Promise<void> }; deps: Deps }>;
  write?: (s: string) => void;
  /** Outgoing mail; default BATON_SMTP_URL (or the stored SMTP URL), null when none. */
  mailer?: Mailer | null;
  publicUrl?: string;
}


export function registerInvite(program: Command, io: Io = {}) {
  const open = io.open ?? openConfiguredDb;
  const write = io.write ?? ((s: string) => { process.stdout.write(s); });
  program.command("invite").description("Invite a person of a partner organisation (prints the accept link when no mail server is configured)")
    .argument("<email>", "the invitee's email")
    .requiredOption("--partner <nameOrId>", "the partner organisation (name or id)")
    .option("--name <name>", "the invitee's name")
    .option("--by <email>", "the staff user the invitation comes from (named on the invitation page and in the email)")
    .action(async (email: string, opts: Opts) => {
      const parsed = CreateInvitationSchema.safeParse({ email, name: opts.name, partnerOrgId: opts.partner });
      if (!parsed.success) {
        throw invalidInput("Invalid invitation", parsed.error.issues.map((i) => ({ field: i.path[0] === "partnerOrgId" ? "--partner" : String(i.path[0] ?? "email"), message: i.message })));
      }
      const { database, deps } = await open();
      try {
        const ws = await getWorkspace(deps);
        const org = (await findOrg(deps, opts.partner)) ?? (await findOrgByName(deps, ws.id, opts.partner));
        if (!org) throw invalidInput(`No organisation "${opts.partner}"`, [{ field: "--partner", message: "no such organisation (name or id)" }]);
        let inviter = { id: null as string | null, email: "baton@localhost", name: ws.name };
        if (opts.by) {
          const user = await findUserByEmail(deps, opts.by);
          if (!user || user.role === "partner") throw invalidInput(`No staff user ${opts.by}`, [{ field: "--by", message: "not a staff user" }]);
          inviter = { id: user.id, email: user.email, name: user.name };
        }
        const publicUrl = io.publicUrl ?? loadConfig().BATON_PUBLIC_URL ?? `http://localhost:${loadConfig().PORT}`;
        const inv = await createInvitation(deps, cliActor, ws.id, { ...parsed.data, partnerOrgId: org.id }, {
          publicUrl, mailer: io.mailer === undefined ? optionalMailerFromEnv() : io.mailer, inviter,
        });
        const who = inv.name ? `${inv.name} <${inv.email}>` : inv.email;
        write(`Invited ${who} to ${inv.partnerName} (expires ${inv.expiresAt.slice(0, 10)}).\n`);
        write(inv.emailed ? `Emailed the accept link to ${inv.email}.\n` : `${inv.emailError ?? "Not emailed"}.\nAccept link: ${inv.acceptUrl}\n`);
      } finally {
        await database.close();
      }
    });
}
