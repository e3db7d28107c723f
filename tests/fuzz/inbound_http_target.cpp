// The fuzz target for inbound HTTP: the input is the raw bytes a client
// sends on one connection (any number of pipelined requests, or garbage),
// served by a whole gateway (the composition root, a mock model) on one
// event loop, through parsing, routing, the use cases and back.
//
// What must hold whatever the bytes: the gateway answers only with
// well-formed HTTP/1.1 responses, never a 500 (a bug reaching the catch-all),
// every error body is an OpenAI error with a message, and the connection is
// closed once the client has closed its side.

#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/json/parse.hpp>

#include "adapters/inbound/http/http_server.hpp"
#include "fuzz_targets.hpp"
#include "infrastructure/composition/gateway.hpp"
#include "infrastructure/config/config_loader.hpp"

namespace llmgw::fuzz {
namespace asio = boost::asio;
namespace http = boost::beast::http;
namespace json = boost::json;
using asio::ip::tcp;

namespace {

void require(bool holds) {
    if (!holds) std::abort();
}

// A mock model behind a fallback and the cache, so that routing, caching and
// streaming are all reachable from the bytes.
constexpr const char* gateway_yaml = R"(
providers:
  - { name: mock, kind: mock }
models:
  - { name: mock-echo, provider: mock, upstream_model: mock-echo, fallbacks: [mock-too] }
  - { name: mock-too, provider: mock, upstream_model: mock-too }
cache: { enabled: true, max_entries: 64 }
limits: { max_messages: 64, max_choices: 4, max_embedding_inputs: 16, max_embedding_dimensions: 64 }
ledger: { kind: memory }
)";

class Harness {
public:
    Harness()
        : logger_(stderr, observability::LogLevel::error),
          config_(infrastructure::load_config_text(gateway_yaml, "fuzz.yaml",
                                                   [](std::string_view) { return std::optional<std::string>(); })),
          gateway_(config_, logger_),
          at_(gateway_.server().listen(io_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0))) {}

    // Sends `input` on a new connection, half-closes once the gateway has
    // nothing more to do with it, and returns every byte it sent back.
    std::string exchange(std::string_view input) {
        tcp::socket client(io_);
        client.connect(at_);
        client.non_blocking(true);
        std::string received;
        std::size_t sent = 0;
        for (int quiet = 0; quiet < 3;) {
            boost::system::error_code error;
            if (sent < input.size()) sent += client.write_some(asio::buffer(input.substr(sent)), error);
            const bool arrived = read_available(client, received);
            const bool worked = io_.poll() > 0;
            quiet = arrived || worked || sent < input.size() ? 0 : quiet + 1;
        }
        client.shutdown(tcp::socket::shutdown_send);
        // The gateway must close the connection now; a hang is a finding
        // (libFuzzer's -timeout).
        while (!read_available(client, received, true)) io_.run_one_for(std::chrono::milliseconds(10));
        return received;
    }

private:
    // Appends what has arrived; with `until_closed`, true once the gateway
    // has closed the connection. Otherwise true when anything arrived.
    static bool read_available(tcp::socket& client, std::string& received, bool until_closed = false) {
        char chunk[16 * 1024];
        bool arrived = false;
        for (;;) {
            boost::system::error_code error;
            const std::size_t read = client.read_some(asio::buffer(chunk), error);
            if (error == asio::error::would_block) return until_closed ? false : arrived;
            if (error) return until_closed ? true : arrived;  // closed (eof or reset)
            received.append(chunk, read);
            arrived = true;
        }
    }

    asio::io_context io_{1};
    observability::Logger logger_;
    infrastructure::GatewayConfig config_;
    infrastructure::Gateway gateway_;
    tcp::endpoint at_;
};

// The methods of the requests in `input`, as the gateway's own parser reads
// them: a response to HEAD has no body to parse.
std::vector<http::verb> methods_of(std::string_view input) {
    std::vector<http::verb> methods;
    while (!input.empty()) {
        http::request_parser<http::string_body> parser;
        parser.eager(true);
        parser.body_limit(boost::none);
        boost::system::error_code error;
        const std::size_t used = parser.put(asio::buffer(input.data(), input.size()), error);
        if (error || !parser.is_done()) break;
        methods.push_back(parser.get().method());
        input.remove_prefix(used);
    }
    return methods;
}

void check_error_body(const http::response<http::string_body>& response) {
    if (response.result_int() < 400 || response[http::field::content_type] != "application/json") return;
    boost::system::error_code error;
    const json::value body = json::parse(response.body(), error);
    require(!error);
    const auto* object = body.if_object();
    const auto* detail = object ? object->if_contains("error") : nullptr;
    const auto* message = detail && detail->is_object() ? detail->as_object().if_contains("message") : nullptr;
    require(message && message->is_string() && !message->as_string().empty());
}

// Every complete response in `bytes`; the last may be cut short, because a
// client that half-closes is taken to have left.
void check_responses(std::string_view bytes, const std::vector<http::verb>& methods) {
    std::size_t answered = 0;
    while (!bytes.empty()) {
        http::response_parser<http::string_body> parser;
        parser.eager(true);
        parser.body_limit(boost::none);
        const bool head = answered < methods.size() && methods[answered] == http::verb::head;
        parser.skip(head);
        boost::system::error_code error;
        const std::size_t used = parser.put(asio::buffer(bytes.data(), bytes.size()), error);
        if (error == http::error::need_more) return;  // the cut-off last response
        require(!error);
        if (!parser.is_done()) {
            parser.put_eof(error);  // a body that ends with the connection
            if (error) return;
        }
        const auto& response = parser.get();
        const unsigned status = response.result_int();
        require(status >= 100 && status <= 599 && status != 500);
        if (status >= 200) {
            if (!head) check_error_body(response);
            ++answered;
        }
        bytes.remove_prefix(used);
    }
}

}  // namespace

void inbound_http(std::string_view input) {
    static Harness harness;
    check_responses(harness.exchange(input), methods_of(input));
}

}  // namespace llmgw::fuzz
