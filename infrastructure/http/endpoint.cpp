#include "infrastructure/http/endpoint.hpp"

#include <stdexcept>

#include <boost/url/parse.hpp>

namespace llmgw::infrastructure {

std::string Endpoint::host_header() const {
    const bool default_port = (tls && port == "443") || (!tls && port == "80");
    return default_port ? host : host + ":" + port;
}

std::string Endpoint::pool_key() const { return (tls ? "https://" : "http://") + host + ":" + port; }

domain::Result<Endpoint> parse_endpoint(std::string_view base_url) {
    auto invalid = [&](std::string why) {
        return domain::make_error(domain::ErrorCode::invalid_request,
                                  "base_url `" + std::string(base_url) + "` " + std::move(why));
    };
    auto parsed = boost::urls::parse_uri(base_url);
    if (!parsed) return invalid("is not a URL");
    Endpoint endpoint;
    const auto scheme = parsed->scheme();
    if (scheme == "https") {
        endpoint.tls = true;
    } else if (scheme != "http") {
        return invalid("must start with http:// or https://");
    }
    endpoint.host = parsed->encoded_host();
    if (endpoint.host.empty()) return invalid("has no host");
    endpoint.port = parsed->has_port() ? std::string(parsed->port()) : (endpoint.tls ? "443" : "80");
    endpoint.base_path = parsed->encoded_path();
    while (!endpoint.base_path.empty() && endpoint.base_path.back() == '/') endpoint.base_path.pop_back();
    return endpoint;
}

std::string request_target(std::string_view url) {
    auto parsed = boost::urls::parse_uri(url);
    if (!parsed) return {};
    std::string target(parsed->encoded_path());
    if (target.empty()) target = "/";
    if (parsed->has_query()) {
        target += '?';
        target += parsed->encoded_query();
    }
    return target;
}

Endpoint configured_endpoint(std::string_view url, std::string_view what) {
    auto endpoint = parse_endpoint(url);
    if (!endpoint) throw std::invalid_argument(std::string(what) + " must be an http:// or https:// URL");
    return std::move(endpoint).value();
}

}  // namespace llmgw::infrastructure
