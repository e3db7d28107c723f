#pragma once

#include <string>

namespace llmgw::testing {

// The value of the sample `series` (its name and labels, as exposed) in a
// Prometheus text exposition, or -1 when it has none.
inline double metric_sample(const std::string& exposition, const std::string& series) {
    const auto at = exposition.find("\n" + series + " ");
    if (at == std::string::npos) return -1;
    return std::stod(exposition.substr(at + series.size() + 2));
}

}  // namespace llmgw::testing
