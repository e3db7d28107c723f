#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "adapters/inbound/http/exchange.hpp"

namespace llmgw::adapters {

// What an HttpServer serves on its port: the OpenAI surface on the main
// port, the telemetry surface on `telemetry.metrics_listen`.
class HttpApi {
public:
    using Request = boost::beast::http::request<boost::beast::http::string_body>;
    virtual ~HttpApi() = default;
    // Answers `request` through `exchange`. Never throws for bad input.
    virtual boost::asio::awaitable<void> handle(const Request& request, Exchange& exchange) = 0;
};

}  // namespace llmgw::adapters
