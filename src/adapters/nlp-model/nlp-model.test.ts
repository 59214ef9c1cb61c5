import { describe, expect, it } from "vitest";
import { createNlpModel, loadNlpModelConfig } from "./index.ts";

describe("nlp model config", () => {
  it("no provider means no model (rules only)", () => {
    expect(createNlpModel(loadNlpModelConfig({}))).toBeNull();
  });
  it("builds each provider from the environment", () => {
    expect(createNlpModel(loadNlpModelConfig({ BATON_LLM_PROVIDER: "ollama", BATON_LLM_MODEL: "llama3.1" }))?.name).toBe("ollama:llama3.1");
    expect(createNlpModel(loadNlpModelConfig({ BATON_LLM_PROVIDER: "openai-compatible", BATON_LLM_URL: "http://127.0.0.1:9/v1", BATON_LLM_MODEL: "m" }))?.name).toBe("openai-compatible:m");
    expect(createNlpModel(loadNlpModelConfig({ BATON_LLM_PROVIDER: "anthropic", BATON_LLM_API_KEY: "k", BATON_LLM_MODEL: "claude-x" }))?.name).toBe("anthropic:claude-x");
  });
  it("a half-filled config is an error, not a silent fallback", () => {
    expect(() => createNlpModel(loadNlpModelConfig({ BATON_LLM_PROVIDER: "openai-compatible", BATON_LLM_MODEL: "m" }))).toThrow(/BATON_LLM_URL|Incomplete/);
    expect(() => createNlpModel(loadNlpModelConfig({ BATON_LLM_PROVIDER: "anthropic", BATON_LLM_MODEL: "m" }))).toThrow(/Incomplete/);
    expect(() => createNlpModel(loadNlpModelConfig({ BATON_LLM_URL: "http://x/v1" }))).toThrow(/Incomplete/);
    expect(() => loadNlpModelConfig({ BATON_LLM_PROVIDER: "gpt" })).toThrow(/Invalid/);
  });
});
