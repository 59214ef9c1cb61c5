// Language model adapter: picks an optional model from the environment (OpenAI-compatible, Anthropic, Ollama).
// No model configured means the rule engine runs alone.
// The provider packages are imported only when a model is configured: they cost ~0.1 s at every CLI start otherwise.
import type { LanguageModel } from "ai";
import { z } from "zod";
import { invalidInput } from "../../shared/errors.ts";

export const NlpModelConfigSchema = z.object({
  BATON_LLM_PROVIDER: z.enum(["openai-compatible", "anthropic", "ollama"]).optional(),
  BATON_LLM_URL: z.string().url().optional(),
  BATON_LLM_API_KEY: z.string().min(1).optional(),
  BATON_LLM_MODEL: z.string().min(1).optional(),
});
export type NlpModelConfig = z.infer<typeof NlpModelConfigSchema>;

/** A configured model and a name for logs and extraction runs. */
export interface NlpModel { name: string; model: LanguageModel }

const OLLAMA_URL = "http://127.0.0.1:11434/v1";

export function loadNlpModelConfig(env: Record<string, string | undefined> = process.env): NlpModelConfig {
  const parsed = NlpModelConfigSchema.safeParse(env);
  if (!parsed.success) {
    throw invalidInput("Invalid language model configuration", parsed.error.issues.map((i) => ({ field: i.path.join("."), path: `env ${i.path.join(".")}`, message: i.message })));
  }
  return parsed.data;
}

/** The model the config names, or null when none is configured. Rejects with INVALID_INPUT on a half-filled config. */
export async function createNlpModel(cfg: NlpModelConfig): Promise<NlpModel | null> {
  const provider = cfg.BATON_LLM_PROVIDER;
  if (!provider) {
    if (cfg.BATON_LLM_URL || cfg.BATON_LLM_MODEL) throw missing("BATON_LLM_PROVIDER", "set it to openai-compatible, anthropic or ollama");
    return null;
  }
  const modelId = cfg.BATON_LLM_MODEL;
  if (!modelId) throw missing("BATON_LLM_MODEL", `the model to ask (${provider})`);
  switch (provider) {
    case "anthropic": {
      if (!cfg.BATON_LLM_API_KEY) throw missing("BATON_LLM_API_KEY", "Anthropic needs an API key");
      const { createAnthropic } = await import("@ai-sdk/anthropic");
      const p = createAnthropic({ apiKey: cfg.BATON_LLM_API_KEY, ...(cfg.BATON_LLM_URL ? { baseURL: cfg.BATON_LLM_URL } : {}) });
      return { name: `anthropic:${modelId}`, model: p(modelId) };
    }
    case "ollama":
    case "openai-compatible": {
      const baseURL = cfg.BATON_LLM_URL ?? (provider === "ollama" ? OLLAMA_URL : undefined);
      if (!baseURL) throw missing("BATON_LLM_URL", "the server's OpenAI-compatible base URL, e.g. http://host:8000/v1");
      const { createOpenAICompatible } = await import("@ai-sdk/openai-compatible");
      const p = createOpenAICompatible({ name: provider, baseURL, ...(cfg.BATON_LLM_API_KEY ? { apiKey: cfg.BATON_LLM_API_KEY } : {}), supportsStructuredOutputs: true });
      return { name: `${provider}:${modelId}`, model: p.chatModel(modelId) };
    }
  }
}

const missing = (field: string, message: string) => invalidInput("Incomplete language model configuration", [{ field, path: `env ${field}`, message }]);
