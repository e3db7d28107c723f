#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "domain/chat_request.hpp"
#include "domain/error.hpp"

namespace llmgw::adapters {

// A request of OpenAI's Responses API (POST /v1/responses) as the chat
// request it asks for, in the OpenAI dialect, so that every deployment's
// translation of a chat request serves it:
//   instructions            a system message ahead of the input
//   input                   a string (one user message) or items: messages
//                           (input_text, input_image and, from the
//                           assistant, output_text parts), function_call,
//                           function_call_output and reasoning items
//   tools, tool_choice      function tools (name, description, parameters,
//                           strict); built-in tools as they are, for a
//                           deployment on the Responses API
//   text.format             response_format (json_schema, json_object)
//   reasoning.effort        reasoning_effort
//   max_output_tokens       max_completion_tokens
//   temperature, top_p, parallel_tool_calls, user, stream
// Fields the Responses API alone has (store, include, truncation,
// metadata, previous_response_id, ...) do not go upstream; the items of the
// response a request continues come as `history`, ahead of its input. A
// reasoning item's `encrypted_content` carries a reasoning block's
// signature (or a redacted block's data) back.
domain::Result<domain::ChatRequest> parse_responses_request(const boost::json::object& body,
                                                            const boost::json::array& history = {});

}  // namespace llmgw::adapters
