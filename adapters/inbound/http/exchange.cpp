#include "adapters/inbound/http/exchange.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/chunk_encode.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/serializer.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include "adapters/common/traceparent.hpp"

namespace llmgw::adapters {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

namespace {
constexpr auto as_result = asio::as_tuple(asio::use_awaitable);

// Pipelined bytes kept while a response is produced; past this the client is
// not read any further until the response is done.
constexpr std::size_t max_pipelined_bytes = 64 * 1024;
}  // namespace

Exchange::Exchange(beast::tcp_stream& stream, beast::flat_buffer& buffer, RequestLine request, RequestIds ids,
                   std::chrono::seconds write_timeout, const observability::SecretScrubber& scrubber)
    : stream_(stream),
      buffer_(buffer),
      scrubber_(scrubber),
      request_(request),
      ids_(std::move(ids)),
      write_timeout_(write_timeout) {}

template <class Response>
void Exchange::set_ids(Response& response) const {
    response.set("x-request-id", ids_.caller.empty() ? ids_.gateway : ids_.caller);
    response.set("x-llmgw-request-id", ids_.gateway);
    response.set("traceparent", traceparent(ids_.trace));
}

void Exchange::set_header(std::string_view name, std::string value) { headers_.emplace_back(name, std::move(value)); }

asio::awaitable<void> Exchange::reply(http::status status, std::string body, std::string_view content_type) {
    http::response<http::string_body> response{status, request_.version};
    response.set(http::field::content_type, content_type);
    set_ids(response);
    for (const auto& [name, value] : headers_) response.set(name, value);
    response.keep_alive(request_.keep_alive);
    response.body() = std::move(body);
    response.prepare_payload();
    status_ = response.result_int();
    stream_.expires_after(write_timeout_);
    http::response_serializer<http::string_body> serializer{response};
    // A HEAD answer has the Content-Length of the body it leaves out.
    auto [error, written] = request_.head_only ? co_await http::async_write_header(stream_, serializer, as_result)
                                               : co_await http::async_write(stream_, serializer, as_result);
    if (error) broken_ = true;
}

asio::awaitable<void> Exchange::reply_error(const OpenAiError& error) {
    if (error.retry_after) set_header("retry-after", std::to_string(error.retry_after->count()));
    OpenAiError safe = error;
    safe.message = scrubber_.scrub(error.message);
    co_await reply(error.status, safe.body());
}

asio::awaitable<void> Exchange::send_error_event(const OpenAiError& error) {
    OpenAiError safe = error;
    safe.message = scrubber_.scrub(error.message);
    co_await send_event(safe.body());
}

asio::awaitable<void> Exchange::start_events() {
    http::response<http::empty_body> response{http::status::ok, request_.version};
    response.set(http::field::content_type, "text/event-stream");
    response.set(http::field::cache_control, "no-cache");
    set_ids(response);
    response.set("x-accel-buffering", "no");  // keep reverse proxies from holding events back
    for (const auto& [name, value] : headers_) response.set(name, value);
    unframed_ = request_.version < 11;
    response.keep_alive(keep_alive());
    response.chunked(!unframed_);
    status_ = response.result_int();
    events_started_ = true;
    http::response_serializer<http::empty_body> serializer{response};
    stream_.expires_after(write_timeout_);
    auto [error, written] = co_await http::async_write_header(stream_, serializer, as_result);
    if (error) broken_ = true;
}

asio::awaitable<void> Exchange::write_chunk(std::string_view bytes) {
    if (broken_) co_return;
    stream_.expires_after(write_timeout_);
    auto [error, written] = unframed_
                                ? co_await asio::async_write(stream_, asio::buffer(bytes), as_result)
                                : co_await asio::async_write(stream_, http::make_chunk(asio::buffer(bytes)), as_result);
    if (error) broken_ = true;
}

asio::awaitable<void> Exchange::send_event(std::string_view data) {
    std::string event;
    event.reserve(data.size() + 8);
    event += "data: ";
    event += data;
    event += "\n\n";
    co_await write_chunk(event);
}

asio::awaitable<void> Exchange::send_event(std::string_view name, std::string_view data) {
    std::string event;
    event.reserve(name.size() + data.size() + 16);
    event += "event: ";
    event += name;
    event += "\ndata: ";
    event += data;
    event += "\n\n";
    co_await write_chunk(event);
}

asio::awaitable<void> Exchange::end_events() {
    if (broken_ || unframed_) co_return;  // unframed: closing the connection ends the body
    stream_.expires_after(write_timeout_);
    auto [error, written] = co_await asio::async_write(stream_, http::make_chunk_last(), as_result);
    if (error) broken_ = true;
}

asio::awaitable<void> Exchange::client_gone() {
    // Reads the socket itself, beneath the stream's timeouts: a slow answer
    // must not look like a departed client.
    auto& socket = stream_.socket();
    while (buffer_.size() < max_pipelined_bytes) {
        auto [error, read] = co_await socket.async_read_some(buffer_.prepare(4096), as_result);
        if (error) co_return;
        buffer_.commit(read);
    }
    // The client keeps talking; stop listening and wait to be cancelled.
    asio::steady_timer forever(socket.get_executor(), asio::steady_timer::time_point::max());
    co_await forever.async_wait(as_result);
}

}  // namespace llmgw::adapters
