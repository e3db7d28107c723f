#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/json/object.hpp>

#include "domain/error.hpp"
#include "domain/request_context.hpp"

namespace llmgw::adapters {

// What a caller says of itself, for the ledger. Headers first:
//   x-llmgw-session-id, x-llmgw-source-agent   one value each
//   x-llmgw-tags                               a comma-separated list
// then, where a header left a field empty, the body: its `user` as the end
// user (when the key names no user), and the A2A context in `metadata`
// (`session_id`, `source_agent`). Each value is bounded (256 bytes, 32 tags
// of 64 bytes); a header beyond a bound is a 400 naming it, a body field
// beyond it is left out (the body passes on to the upstream unchanged).
domain::Result<void> attribute_from_headers(
    const boost::beast::http::request<boost::beast::http::string_body>& request, domain::Attribution& caller);
void attribute_from_body(const boost::json::object& body, domain::Attribution& caller);
// The same for a Messages API body, whose end user is `metadata.user_id`.
void attribute_from_messages_body(const boost::json::object& body, domain::Attribution& caller);

// The session and source agent a map names (`metadata` of a body, or a
// JSON-RPC call's `a2a_context`), where the headers named none.
void attribute_from_agent_context(const boost::json::object& context, domain::Attribution& caller);

}  // namespace llmgw::adapters
