import { describe, expect, it } from "vitest";
import { createNlpModel, loadNlpModelConfig } from "./index.ts";

describe("nlp model config", () => {
  it("no provider means no model (rules only)", async () => {
    expect(await createNlpModel(loadNlpModelConfig({}))).toBeNull();
  });
  it("builds each provider from the environment", async () => {
    expect((await createNlpModel(loadNlpModelConfig({ BATON_LLM_PROVIDER: "ollama", BATON_LLM_MODEL: "llama3.1" })))?.name).toBe("ollama:llama3.1");
    expect((await createNlpModel(loadNlpModelConfig({ BATON_LLM_PROVIDER: "openai-compatible", BATON_LLM_URL: "http://127.0.0.1:9/v1", BATON_LLM_MODEL: "m" })))?.name).toBe("openai-compatible:m");
    expect((await createNlpModel(loadNlpModelConfig({ BATON_LLM_PROVIDER: "anthropic", BATON_LLM_API_KEY: "k", BATON_LLM_MODEL: "claude-x" })))?.name).toBe("anthropic:claude-x");
  });
  it("a half-filled config is an error, not a silent fallback", async () => {
    await expect(createNlpModel(loadNlpModelConfig({ BATON_LLM_PROVIDER: "openai-compatible", BATON_LLM_MODEL: "m" }))).rejects.toThrow(/BATON_LLM_URL|Incomplete/);
    await expect(createNlpModel(loadNlpModelConfig({ BATON_LLM_PROVIDER: "anthropic", BATON_LLM_MODEL: "m" }))).rejects.toThrow(/Incomplete/);
    await expect(createNlpModel(loadNlpModelConfig({ BATON_LLM_URL: "http://x/v1" }))).rejects.toThrow(/Incomplete/);
    expect(() => loadNlpModelConfig({ BATON_LLM_PROVIDER: "gpt" })).toThrow(/Invalid/);
  });
});
