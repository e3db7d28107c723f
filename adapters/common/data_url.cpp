#include "adapters/common/data_url.hpp"

namespace llmgw::adapters {

std::optional<DataUrl> parse_base64_data_url(std::string_view url) noexcept {
    constexpr std::string_view scheme = "data:";
    constexpr std::string_view marker = ";base64";
    if (!url.starts_with(scheme)) return std::nullopt;
    const auto comma = url.find(',');
    if (comma == std::string_view::npos) return std::nullopt;
    const auto header = url.substr(scheme.size(), comma - scheme.size());
    if (!header.ends_with(marker)) return std::nullopt;
    return DataUrl{header.substr(0, header.size() - marker.size()), url.substr(comma + 1)};
}

}  // namespace llmgw::adapters
