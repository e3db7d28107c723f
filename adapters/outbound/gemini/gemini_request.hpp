#pragma once

#include <string>

#include "domain/chat_request.hpp"
#include "domain/error.hpp"

namespace llmgw::adapters {

// A domain chat request as a Gemini `generateContent` body:
// - system and developer messages become `systemInstruction`; user turns
//   role "user", assistant turns role "model", consecutive turns of one role
//   merged;
// - assistant tool calls become `functionCall` parts and `tool` messages
//   `functionResponse` parts (named after the call they answer; a result that
//   is not a JSON object is wrapped as {"result": ...});
// - `image_url` parts become `inlineData` (data: URLs) or `fileData` (URLs);
// - temperature, top_p, max_tokens, stop, n, seed and `response_format`
//   (json_object / json_schema) go into `generationConfig`; tools into
//   `functionDeclarations`, `tool_choice` into `toolConfig`.
// Fails with invalid_request for what Gemini cannot express.
domain::Result<std::string> write_gemini_request(const domain::ChatRequest& request);

}  // namespace llmgw::adapters
