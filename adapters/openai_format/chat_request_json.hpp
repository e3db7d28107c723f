#pragma once

#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include "domain/chat_request.hpp"
#include "domain/error.hpp"

namespace llmgw::adapters {

// An OpenAI `POST /chat/completions` body to a domain request. Fields the
// gateway does not interpret are kept verbatim in `extra`.
domain::Result<domain::ChatRequest> parse_chat_request(const boost::json::object& body);

// A domain request to an OpenAI-compatible upstream's body, naming
// `upstream_model`, streamed or not as `stream` says. A stream always asks
// for usage, so that the gateway can cost it whatever the client asked for.
std::string write_chat_request(const domain::ChatRequest& request, std::string_view upstream_model, bool stream);

}  // namespace llmgw::adapters
