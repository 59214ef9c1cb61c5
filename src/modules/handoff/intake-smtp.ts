// SMTP intake listener: partners (or our people) send or forward intros to e.g. intros@<host>;
// each accepted message goes through intakeIntro. Non-RFC 5322 data and oversized messages are
// refused with an SMTP error the sender sees.
import type { AddressInfo } from "node:net";
import type { SMTPServerDataStream } from "smtp-server";
import type { Actor, Deps } from "../../shared/deps.ts";
import { isAppError } from "../../shared/errors.ts";
import { intakeIntro, type IntakeResult } from "./intake-intro.ts";
import { checkRfc5322, MAX_INTRO_BYTES } from "./rfc5322.ts";

export interface IntakeServerOptions {
  deps: Deps;
  port: number;
  host?: string;
  /** Accept mail to any address at this domain (e.g. "intros.example.com"); unset: any recipient. */
  domain?: string | null;
  maxBytes?: number;
  actor?: Actor;
  log?: (msg: string, data?: Record<string, unknown>) => void;
  /** Called after each intake (tests, metrics). */
  onIntake?: (result: IntakeResult) => void;
}

export interface IntakeServer { port: number; host: string; close(): Promise<void> }

const smtpError = (code: number, message: string) => Object.assign(new Error(message), { responseCode: code });

export async function startIntakeServer(opts: IntakeServerOptions): Promise<IntakeServer> {
  const { deps, host = "127.0.0.1", maxBytes = MAX_INTRO_BYTES, log = () => {} } = opts;
  const actor: Actor = opts.actor ?? { id: "smtp-intake", kind: "system" };
  const domain = opts.domain?.toLowerCase().replace(/^@/, "") ?? null;
  const { SMTPServer } = await import("smtp-server"); // only when the intake listener is switched on
  const server = new SMTPServer({
    name: domain ?? "baton-intake", banner: "Baton intro intake", size: maxBytes, authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"], logger: false,
    onRcptTo(address, _session, cb) {
      const at = address.address.lastIndexOf("@");
      const rcptDomain = at >= 0 ? address.address.slice(at + 1).toLowerCase() : "";
      if (domain && rcptDomain !== domain) return cb(smtpError(550, `5.1.1 ${address.address}: this server only takes intros for @${domain}`));
      cb();
    },
    onData(stream: SMTPServerDataStream, _session, cb) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("error", (e) => cb(e));
      stream.on("end", () => {
        if (stream.sizeExceeded) return cb(smtpError(552, `5.3.4 Message too big: the limit is ${maxBytes} bytes`));
        const raw = Buffer.concat(chunks);
        const problem = checkRfc5322(raw);
        if (problem) return cb(smtpError(550, `5.6.0 Not an RFC 5322 message: ${problem}`));
        intakeIntro(deps, actor, { content: raw, receivedAt: deps.clock.now() }).then((result) => {
          log("intro taken in", { status: result.status, dealId: result.dealId });
          opts.onIntake?.(result);
          cb(null, result.status === "created" ? `Intro taken in: deal ${result.dealId} (${result.matched})` : `Already taken in: deal ${result.dealId}`);
        }, (e: unknown) => {
          log("intro intake failed", { error: String(e) });
          // Bad content will stay bad: refuse it; anything else the sender may retry.
          if (isAppError(e) && e.code === "INVALID_INPUT") cb(smtpError(550, `5.6.0 ${e.message}`));
          else cb(smtpError(451, "4.3.0 Could not take the intro in right now; try again later"));
        });
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, host, () => { server.off("error", reject); resolve(); });
  });
  server.on("error", (e) => log("smtp intake error", { error: String(e) }));
  const addr = (server as unknown as { server: { address(): AddressInfo } }).server.address();
  return {
    port: addr.port, host,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
