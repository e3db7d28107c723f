#pragma once

#include <string>

#include "domain/chat_request.hpp"
#include "domain/request_context.hpp"

namespace llmgw::domain {

// The exact-match cache key of a request: a canonical text of everything that
// can change the answer (model, messages, sampling parameters, tools and every
// pass-through field), scoped to the caller's team. Fields that only change
// the delivery (`stream`, `stream_options`) are left out, so a streamed and a
// non-streamed request share an entry. Every piece is length-prefixed, so two
// different requests never produce the same text.
std::string cache_key(const ChatRequest& request, const Attribution& caller);

}  // namespace llmgw::domain
