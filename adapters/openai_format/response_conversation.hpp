#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "domain/error.hpp"
#include "domain/ports/response_store.hpp"

namespace llmgw::adapters {

// A stored response's conversation, as the Responses API continues it
// (`previous_response_id`) and lists it (GET /v1/responses/{id}/input_items).

// What a response to `body` is stored with as its input: the items of the
// response it continues (`history`), then the request's own input (a string
// as one user message), every item with an id.
std::string conversation_input(const boost::json::array& history, const boost::json::object& body);

// What a request that continues `stored` is preceded by: the input it was
// stored with, then its output.
domain::Result<boost::json::array> conversation_of(const domain::StoredResponse& stored);

// One page of a stored response's input items (GET .../input_items),
// OpenAI's `list` object; the query's `limit` (1-100, default 20), `order`
// (asc, or desc: the default) and `after` (an item id) choose it.
domain::Result<std::string> write_input_items(const domain::StoredResponse& stored, std::string_view target);

// The answer to DELETE /v1/responses/{id}.
std::string write_deleted(std::string_view id);

}  // namespace llmgw::adapters
