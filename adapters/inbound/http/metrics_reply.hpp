#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "adapters/inbound/http/exchange.hpp"
#include "observability/metrics/metrics.hpp"

namespace llmgw::adapters {

// `GET /metrics`: the registry in the format the `Accept` header prefers
// (OpenMetrics or the Prometheus text format); 405 for another method.
boost::asio::awaitable<void> reply_metrics(const observability::MetricsRegistry& registry,
                                           const boost::beast::http::request<boost::beast::http::string_body>& request,
                                           Exchange& exchange);

}  // namespace llmgw::adapters
