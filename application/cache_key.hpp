#pragma once

#include <string_view>

#include "domain/chat_request.hpp"
#include "domain/embedding.hpp"
#include "domain/ports/response_cache.hpp"

namespace llmgw::application {

// The exact-match cache key of a request: the SHA-256 of a canonical form of
// everything that can change the answer, within `scope` (the name of the
// callers who may share it, e.g. "team:search").
//
// For chat: the model, every message with every content part, sampling
// parameters, n, stop, tools, tool_choice and every pass-through field. Left
// out are the fields that change only the delivery or the bookkeeping:
// `stream`, `stream_options` and `user`, so that a streamed and a
// non-streamed request share an entry. JSON given as such (pass-through
// fields, tool schemas, opaque parts) counts by its value: key order,
// whitespace and the spelling of numbers (1, 1.0, 1e0) do not matter. Every
// piece is length-prefixed, so two different requests never share a form.
domain::CacheKey cache_key(const domain::ChatRequest& request, std::string_view scope);

// For embeddings: the model, the inputs, dimensions and pass-through fields
// (not the encoding, which only changes how the same vectors are written).
domain::CacheKey cache_key(const domain::EmbeddingRequest& request, std::string_view scope);

}  // namespace llmgw::application
