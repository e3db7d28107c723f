#pragma once

#include <string_view>

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

namespace llmgw::adapters {

// The gateway API key a client presents: `Authorization: Bearer <key>` (the
// OpenAI SDKs), else `x-api-key` (the Anthropic SDKs), else `api-key` (Azure
// OpenAI clients). Empty when there is none.
std::string_view presented_key(const boost::beast::http::request<boost::beast::http::string_body>& request);

}  // namespace llmgw::adapters
