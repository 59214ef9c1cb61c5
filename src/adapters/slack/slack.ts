// Outbound Slack: an incoming webhook (POST JSON, Slack answers 200 "ok") and chat.postMessage through
// @slack/web-api (a bot token and a channel id). Both raise AppError UPSTREAM_FAILED naming the webhook's
// host or the channel, never the secret URL path or the token. Tests point them at test/fake-slack-server.ts.
import { AppError } from "../../shared/errors.ts";

export type SlackBlock = Record<string, unknown>;
export interface SlackMessage { text: string; blocks: SlackBlock[] }

/** Slack's documented Block Kit limits. */
export const SLACK_LIMITS = { blocks: 50, sectionText: 3000, headerText: 150, contextElements: 10, buttonText: 75 } as const;

/** Escapes &, < and > for Slack mrkdwn (the only characters Slack asks to escape). */
export const escapeMrkdwn = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** Cuts text to `max` characters, ending with "…" when it had to cut. */
export function truncate(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** The host of a URL for error messages (the path of a webhook URL is its secret). */
export function hostOf(url: string): string {
  try { return new URL(url).host; } catch { return "an invalid URL"; }
}

/** POSTs to an incoming webhook; Slack answers 200 "ok", anything else is a failure. */
export async function postSlackWebhook(url: string, message: SlackMessage, opts: { timeoutMs?: number } = {}): Promise<void> {
  const host = hostOf(url);
  let res: Response;
  try {
    res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(message), signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000), redirect: "error" });
  } catch (e) {
    throw new AppError("UPSTREAM_FAILED", `Slack webhook unreachable (host ${host}): ${(e as Error).message}`, { cause: e });
  }
  const body = (await res.text().catch(() => "")).trim();
  if (!res.ok || body !== "ok") throw new AppError("UPSTREAM_FAILED", `Slack webhook answered ${res.status}: ${body.slice(0, 200) || "(empty)"} (host ${host})`);
}

export interface SlackApiOptions {
  token: string;
  /** Base URL of the Web API; https://slack.com/api/ by default (tests: a local fake). */
  slackApiUrl?: string;
  /** Per-request timeout. */
  timeoutMs?: number;
  /** Retries after network errors, 5xx and 429 (the client waits Retry-After before retrying a 429). */
  retries?: number;
  /** First retry delay for non-429 failures (doubles each time). */
  minRetryMs?: number;
}

export interface SlackApi { postMessage(channel: string, message: SlackMessage): Promise<{ channel: string; ts: string }> }

/** chat.postMessage through the official client: platform errors ({ok:false,error}) and exhausted retries become UPSTREAM_FAILED. */
export function createSlackApi(opts: SlackApiOptions): SlackApi {
  return {
    async postMessage(channel, message) {
      const { WebClient, LogLevel, ErrorCode } = await import("@slack/web-api"); // loaded on first post, not at start-up
      const client = new WebClient(opts.token, {
        slackApiUrl: opts.slackApiUrl ?? "https://slack.com/api/",
        timeout: opts.timeoutMs ?? 10_000,
        retryConfig: { retries: opts.retries ?? 3, factor: 2, minTimeout: opts.minRetryMs ?? 1000, maxTimeout: 30_000, randomize: false },
        rejectRateLimitedCalls: false,
        logLevel: LogLevel.ERROR,
        allowAbsoluteUrls: false,
      });
      const where = `Slack channel ${channel} (${hostOf(opts.slackApiUrl ?? "https://slack.com/api/")})`;
      try {
        const r = await client.chat.postMessage({ channel, text: message.text, blocks: message.blocks as never, unfurl_links: false, unfurl_media: false });
        return { channel: String(r.channel ?? channel), ts: String(r.ts ?? "") };
      } catch (e) {
        const err = e as { code?: string; data?: { error?: string }; statusCode?: number; original?: Error; message: string };
        const reason = err.code === ErrorCode.PlatformError ? `Slack answered ${err.data?.error ?? "an error"}`
          : err.code === ErrorCode.HTTPError ? `Slack answered HTTP ${err.statusCode}`
          : err.code === ErrorCode.RequestError ? `Slack unreachable: ${err.original?.message ?? err.message}`
          : err.code === ErrorCode.RateLimitedError ? "Slack rate limit"
          : err.message;
        throw new AppError("UPSTREAM_FAILED", `chat.postMessage to ${where} failed: ${reason}`, { cause: e });
      }
    },
  };
}
