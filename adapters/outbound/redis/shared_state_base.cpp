#include "adapters/outbound/redis/shared_state_base.hpp"

#include <charconv>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/this_coro.hpp>

#include "domain/trace_context.hpp"

namespace llmgw::adapters::redis {
namespace asio = boost::asio;
namespace {

std::string random_instance_name() {
    constexpr char hex[] = "0123456789abcdef";
    std::string name;
    for (const auto byte : domain::random_trace_id()) {
        name += hex[byte >> 4];
        name += hex[byte & 15];
    }
    return name;
}

std::vector<std::string_view> views_of(std::span<const std::string> strings) {
    return {strings.begin(), strings.end()};
}

}  // namespace

SharedStateBase::SharedStateBase(RedisClient& client, SharedStateOptions options)
    : client_(client), options_(std::move(options)), instance_(random_instance_name()) {}

asio::awaitable<std::uint16_t> SharedStateBase::loop_here() {
    const auto executor = co_await asio::this_coro::executor;
    const auto* context = &asio::query(executor, asio::execution::context);
    std::lock_guard lock(mutex_);
    for (std::size_t i = 0; i < loops_.size(); ++i) {
        if (&asio::query(loops_[i], asio::execution::context) == context) co_return static_cast<std::uint16_t>(i);
    }
    loops_.push_back(executor);
    co_return static_cast<std::uint16_t>(loops_.size() - 1);
}

asio::awaitable<domain::Result<Reply>> SharedStateBase::run(const RedisScript& script,
                                                            std::span<const std::string> keys,
                                                            std::span<const std::string> arguments) const {
    const auto key_views = views_of(keys);
    const auto argument_views = views_of(arguments);
    co_return co_await script.call(client_, key_views, argument_views, options_.timeout);
}

asio::any_io_executor SharedStateBase::executor_of(std::uint16_t loop) const {
    std::lock_guard lock(mutex_);
    return loops_.at(loop);
}

void SharedStateBase::run_on(std::uint16_t loop, asio::awaitable<void> work) const {
    asio::co_spawn(executor_of(loop), std::move(work), asio::detached);
}

bool SharedStateBase::any_loop() const {
    std::lock_guard lock(mutex_);
    return !loops_.empty();
}

asio::awaitable<domain::Result<Reply>> SharedStateBase::decide(const RedisScript& script,
                                                               std::span<const std::string> keys,
                                                               std::span<const std::string> arguments,
                                                               std::string_view what) const {
    auto reply = co_await run(script, keys, arguments);
    if (!reply) {
        co_return domain::make_error(domain::ErrorCode::shared_state_unavailable,
                                     "The gateway's shared " + std::string(what) + " cannot be reached: " +
                                         reply.error().message);
    }
    if (reply.value().kind != Reply::Kind::array || reply.value().elements.empty()) {
        co_return domain::make_error(domain::ErrorCode::shared_state_unavailable,
                                     "The gateway's shared " + std::string(what) + " answered: " +
                                         (reply.value().kind == Reply::Kind::error ? reply.value().text
                                                                                   : std::string("not a decision")));
    }
    co_return reply;
}

void SharedStateBase::run_detached(std::uint16_t loop, const RedisScript& script, std::vector<std::string> keys,
                                   std::vector<std::string> arguments,
                                   std::function<void(const Reply&)> then) const noexcept {
    try {
        asio::co_spawn(
            executor_of(loop),
            [this, &script, keys = std::move(keys), arguments = std::move(arguments),
             then = std::move(then)]() -> asio::awaitable<void> {
                const auto reply = co_await run(script, keys, arguments);
                if (!reply || reply.value().kind == Reply::Kind::error) {
                    lost_.fetch_add(1, std::memory_order_relaxed);
                } else if (then) {
                    then(reply.value());
                }
            },
            asio::detached);
    } catch (...) {
        lost_.fetch_add(1, std::memory_order_relaxed);
    }
}

std::int64_t integer_of(const Reply& reply) noexcept {
    if (reply.kind == Reply::Kind::integer) return reply.integer;
    std::int64_t value = 0;
    std::from_chars(reply.text.data(), reply.text.data() + reply.text.size(), value);
    return value;
}

}  // namespace llmgw::adapters::redis
