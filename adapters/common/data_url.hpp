#pragma once

#include <optional>
#include <string_view>

namespace llmgw::adapters {

// A base64 `data:` URL split into its parts: data:<media type>;base64,<data>.
// The views point into the URL.
struct DataUrl {
    std::string_view media_type;
    std::string_view base64_data;
};

// None when `url` is not a base64 data URL.
std::optional<DataUrl> parse_base64_data_url(std::string_view url) noexcept;

}  // namespace llmgw::adapters
