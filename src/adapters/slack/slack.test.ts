// The Slack adapter against a local server that speaks Slack's HTTP API: webhook answers, chat.postMessage
// platform errors, the 429 Retry-After retry, and messages naming the host or channel but never the secret.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeSlack, validateSlackPayload, type FakeSlack } from "../../../test/fake-slack-server.ts";
import { createSlackApi, postSlackWebhook, type SlackMessage } from "./slack.ts";

const HOOK = "/services/T0001/B0001/s3cr3tHookPath";
const TOKEN = "xoxb-1111-2222-secretToken";
const message: SlackMessage = { text: "Hello", blocks: [{ type: "section", text: { type: "mrkdwn", text: "*Hello* world" } }] };
let slack: FakeSlack;
let limited: FakeSlack;

beforeAll(async () => {
  slack = await startFakeSlack({ webhooks: [HOOK], bots: { [TOKEN]: ["C0DEALS"] }, channels: ["C0DEALS", "C0OTHER"] });
  limited = await startFakeSlack({ bots: { [TOKEN]: ["C0DEALS"] }, rateLimitFirst: 1, retryAfterSec: 1 });
});
afterAll(async () => { await slack?.close(); await limited?.close(); });

describe("incoming webhook", () => {
  it("posts the JSON message and accepts Slack's 200 ok", async () => {
    await postSlackWebhook(slack.webhookUrl(HOOK), message);
    const p = slack.posts.at(-1)!;
    expect(p).toMatchObject({ kind: "webhook", outcome: "ok", text: "Hello" });
    expect(p.blocks).toEqual(message.blocks);
  });

  it("fails with Slack's answer and the host, never the secret path", async () => {
    const wrong = slack.webhookUrl("/services/T0001/B0001/revoked");
    const err = await postSlackWebhook(wrong, message).then(() => new Error("posted"), (e: Error) => e);
    expect(err).toMatchObject({ code: "UPSTREAM_FAILED" });
    expect(err.message).toMatch(/answered 404: no_service \(host 127\.0\.0\.1:\d+\)/);
    expect(err.message).not.toContain("revoked");
    await expect(postSlackWebhook(slack.webhookUrl(HOOK), { text: "", blocks: [] })).rejects.toThrow(/answered 400: no_text/);
    await expect(postSlackWebhook(slack.webhookUrl(HOOK), { text: "x", blocks: [{ kind: "nope" }] })).rejects.toThrow(/answered 400: invalid_blocks/);
    await expect(postSlackWebhook("http://127.0.0.1:9/services/x", message, { timeoutMs: 2000 })).rejects.toThrow(/Slack webhook unreachable \(host 127\.0\.0\.1:9\)/);
  });
});

describe("chat.postMessage through @slack/web-api", () => {
  it("posts with the bot token to the channel and returns the message ts", async () => {
    const api = createSlackApi({ token: TOKEN, slackApiUrl: slack.apiUrl, retries: 0 });
    const r = await api.postMessage("C0DEALS", message);
    expect(r).toMatchObject({ channel: "C0DEALS", ts: expect.stringMatching(/^\d+\.\d+$/) });
    const p = slack.posts.at(-1)!;
    expect(p).toMatchObject({ kind: "api", token: TOKEN, channel: "C0DEALS", text: "Hello", outcome: "ok" });
    expect(p.blocks).toEqual(message.blocks);
  });

  it("turns {ok:false,error} into UPSTREAM_FAILED naming the channel, without the token", async () => {
    const good = createSlackApi({ token: TOKEN, slackApiUrl: slack.apiUrl, retries: 0 });
    const bad = createSlackApi({ token: "xoxb-0000-wrong", slackApiUrl: slack.apiUrl, retries: 0 });
    const e1 = await bad.postMessage("C0DEALS", message).then(() => new Error("posted"), (e: Error) => e);
    expect(e1).toMatchObject({ code: "UPSTREAM_FAILED", message: expect.stringMatching(/chat\.postMessage to Slack channel C0DEALS .*: Slack answered invalid_auth/) });
    expect(e1.message).not.toContain("wrong");
    await expect(good.postMessage("C0NOPE", message)).rejects.toThrow(/C0NOPE .*channel_not_found/);
    await expect(good.postMessage("C0OTHER", message)).rejects.toThrow(/C0OTHER .*not_in_channel/);
    await expect(good.postMessage("C0DEALS", { text: "x", blocks: Array.from({ length: 51 }, () => ({ type: "divider" })) })).rejects.toThrow(/invalid_blocks/);
  });

  it("waits out a 429 with Retry-After and then posts once", async () => {
    const api = createSlackApi({ token: TOKEN, slackApiUrl: limited.apiUrl, retries: 2, minRetryMs: 10 });
    const r = await api.postMessage("C0DEALS", message);
    expect(r.channel).toBe("C0DEALS");
    expect(limited.posts.map((p) => p.outcome)).toEqual(["rate_limited", "ok"]);
  });

  it("reports an unreachable API after its retries", async () => {
    const api = createSlackApi({ token: TOKEN, slackApiUrl: "http://127.0.0.1:9/api/", retries: 1, minRetryMs: 10, timeoutMs: 2000 });
    await expect(api.postMessage("C0DEALS", message)).rejects.toThrow(/Slack channel C0DEALS \(127\.0\.0\.1:9\).*failed/);
  });
});

describe("the fake's payload checks (Slack's documented limits)", () => {
  it("rejects what Slack rejects", () => {
    expect(validateSlackPayload({ text: "hi" })).toBeNull();
    expect(validateSlackPayload({})).toBe("no_text");
    expect(validateSlackPayload({ text: "x", blocks: [{ type: "section", text: { type: "mrkdwn", text: "a".repeat(3001) } }] })).toBe("invalid_blocks");
    expect(validateSlackPayload({ text: "x", blocks: [{ type: "header", text: { type: "plain_text", text: "a".repeat(151) } }] })).toBe("invalid_blocks");
    expect(validateSlackPayload({ text: "x", blocks: [{ text: "no type" }] })).toBe("invalid_blocks");
  });
});
