#pragma once

#include <string_view>

namespace llmgw::adapters {

// Whether an `Accept` header ranks OpenMetrics (application/openmetrics-text)
// at least as high as the Prometheus text format (text/plain, or a
// wildcard), as Prometheus itself asks: "application/openmetrics-text;
// version=1.0.0,...,text/plain;version=0.0.4;q=0.5,*/*;q=0.1". No header,
// or one that does not name OpenMetrics, means the text format.
bool prefers_openmetrics(std::string_view accept) noexcept;

}  // namespace llmgw::adapters
