#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace llmgw::infrastructure {

// Where a listener binds.
struct ListenAddress {
    std::string host;
    std::uint16_t port = 0;
};

// Parses "HOST:PORT" (IPv6 as "[::1]:8080"); `where` names it in the
// ConfigError thrown for anything else.
ListenAddress parse_listen_address(std::string_view listen, std::string_view where);

}  // namespace llmgw::infrastructure
