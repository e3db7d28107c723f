#include "adapters/inbound/http/presented_key.hpp"

#include <algorithm>
#include <cctype>

namespace llmgw::adapters {
namespace http = boost::beast::http;

std::string_view presented_key(const http::request<http::string_body>& request) {
    const auto authorization = request[http::field::authorization];
    constexpr std::string_view bearer = "bearer ";
    if (authorization.size() > bearer.size() &&
        std::equal(bearer.begin(), bearer.end(), authorization.begin(),
                   [](char a, char b) { return a == std::tolower(static_cast<unsigned char>(b)); })) {
        auto key = authorization.substr(bearer.size());
        while (!key.empty() && key.front() == ' ') key.remove_prefix(1);
        return key;
    }
    for (const char* name : {"x-api-key", "api-key"}) {
        const auto value = request[name];
        if (!value.empty()) return value;
    }
    return {};
}

}  // namespace llmgw::adapters
