#pragma once

#include <string_view>
#include <vector>

#include "adapters/inbound/http/front_door.hpp"
#include "adapters/inbound/http/http_api.hpp"

namespace llmgw::adapters {

// Several front doors on one port: a route (its path, the /v1 prefix
// optional) goes to the door that serves it, everything else to the main
// one (the OpenAI REST surface, which also answers unknown routes).
class FrontDoors final : public HttpApi {
public:
    struct Door {
        std::string_view route;
        HttpApi* api;
        // The door also serves the paths below its route (route/...).
        bool with_subpaths = false;

        bool serves(std::string_view path) const noexcept {
            if (path == route) return true;
            return with_subpaths && path.size() > route.size() + 1 && path.starts_with(route) &&
                   path[route.size()] == '/';
        }
    };
    FrontDoors(HttpApi& main, std::vector<Door> doors) : main_(main), doors_(std::move(doors)) {}

    boost::asio::awaitable<void> handle(const Request& request, Exchange& exchange) override {
        const auto route = route_of(request.target());
        for (const auto& door : doors_) {
            if (door.serves(route)) co_return co_await door.api->handle(request, exchange);
        }
        co_await main_.handle(request, exchange);
    }

private:
    HttpApi& main_;
    const std::vector<Door> doors_;
};

}  // namespace llmgw::adapters
