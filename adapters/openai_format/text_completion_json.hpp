#pragma once

#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include "adapters/openai_format/chat_response_json.hpp"
#include "domain/error.hpp"
#include "domain/stream_chunk.hpp"
#include "domain/text_completion.hpp"

namespace llmgw::adapters {

// The legacy `POST /completions` API (`text_completion` objects), which the
// gateway passes to OpenAI-compatible upstreams almost untouched.

domain::Result<domain::TextCompletionRequest> parse_text_completion_request(const boost::json::object& body);
std::string write_upstream_text_completion_request(const domain::TextCompletionRequest& request,
                                                   std::string_view upstream_model, bool stream);

domain::Result<domain::TextCompletionResponse> parse_text_completion_response(const boost::json::object& body);
std::string write_text_completion_response(const domain::TextCompletionResponse& response,
                                           const AnswerIdentity& identity);

// One streamed `text_completion` chunk: a piece of text, or the finish.
std::string write_text_completion_chunk(const AnswerIdentity& identity, const domain::StreamChunk& chunk,
                                        bool usage_field);
std::string write_text_completion_usage_chunk(const AnswerIdentity& identity, const domain::Usage& usage);

}  // namespace llmgw::adapters
