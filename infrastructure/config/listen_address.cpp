#include "infrastructure/config/listen_address.hpp"

#include <charconv>

#include "infrastructure/config/config_loader.hpp"

namespace llmgw::infrastructure {

ListenAddress parse_listen_address(std::string_view listen, std::string_view where) {
    auto invalid = [&] {
        return ConfigError(std::string(where) + ": listen address `" + std::string(listen) +
                           "` is not HOST:PORT (e.g. 127.0.0.1:8080 or [::1]:8080)");
    };
    const auto colon = listen.rfind(':');
    if (colon == std::string_view::npos || colon == 0) throw invalid();
    auto host = listen.substr(0, colon);
    if (host.front() == '[') {
        if (host.back() != ']') throw invalid();
        host = host.substr(1, host.size() - 2);
    }
    const auto port_text = listen.substr(colon + 1);
    unsigned port = 0;
    auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (ec != std::errc{} || end != port_text.data() + port_text.size() || port > 65535) throw invalid();
    return {std::string(host), static_cast<std::uint16_t>(port)};
}

}  // namespace llmgw::infrastructure
