#include "adapters/outbound/redis/redis_client.hpp"

#include <charconv>
#include <deque>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

namespace llmgw::adapters::redis {
namespace asio = boost::asio;
using asio::ip::tcp;

domain::Result<RedisEndpoint> parse_redis_url(std::string_view url) {
    const auto invalid = [](std::string_view why) {
        return domain::make_error(domain::ErrorCode::invalid_request,
                                  std::string("the Redis URL is not redis://[[user]:password@]host[:port][/db]: ") +
                                      std::string(why));
    };
    constexpr std::string_view scheme = "redis://";
    if (!url.starts_with(scheme)) return invalid("it does not start with redis:// (rediss:// is not supported)");
    url.remove_prefix(scheme.size());
    RedisEndpoint endpoint;
    if (const auto at = url.rfind('@'); at != std::string_view::npos) {
        const auto credentials = url.substr(0, at);
        url.remove_prefix(at + 1);
        const auto colon = credentials.find(':');
        if (colon == std::string_view::npos) {
            endpoint.password = credentials;
        } else {
            endpoint.username = credentials.substr(0, colon);
            endpoint.password = credentials.substr(colon + 1);
        }
    }
    auto host_port = url.substr(0, url.find('/'));
    if (const auto slash = url.find('/'); slash != std::string_view::npos) {
        const auto db = url.substr(slash + 1);
        if (!db.empty()) {
            const auto [end, error] = std::from_chars(db.data(), db.data() + db.size(), endpoint.db);
            if (error != std::errc{} || end != db.data() + db.size() || endpoint.db < 0) return invalid("the db is not a number");
        }
    }
    if (const auto colon = host_port.rfind(':'); colon != std::string_view::npos) {
        endpoint.port = host_port.substr(colon + 1);
        host_port = host_port.substr(0, colon);
        if (endpoint.port.empty()) return invalid("the port is empty");
    }
    if (host_port.empty()) return invalid("there is no host");
    endpoint.host = host_port;
    return endpoint;
}

// One connection and the commands on it, on its own event loop only.
class RedisClient::Connection : public std::enable_shared_from_this<Connection> {
public:
    // A command on its way; `wake` is its caller's, null when nobody waits.
    struct Pending {
        std::string bytes;
        std::optional<domain::Result<Reply>> reply;
        std::unique_ptr<asio::steady_timer> wake;
        bool setup = false;  // AUTH or SELECT: an error reply ends the connection
    };

    Connection(asio::any_io_executor executor, RedisEndpoint endpoint, RedisOptions options)
        : executor_(executor),
          socket_(executor),
          endpoint_(std::move(endpoint)),
          options_(options),
          reader_(options.max_reply_bytes) {}

    void submit(std::shared_ptr<Pending> pending) {
        unsent_.push_back(std::move(pending));
        if (state_ == State::closed) {
            state_ = State::opening;
            asio::co_spawn(executor_, open_and_read(shared_from_this(), ++generation_), asio::detached);
        } else if (state_ == State::open && writer_generation_ != generation_) {
            asio::co_spawn(executor_, write_all(shared_from_this(), generation_), asio::detached);
        }
    }

    void close() {
        boost::system::error_code ignored;
        socket_.close(ignored);
    }

private:
    enum class State { closed, opening, open };

    // Each opening of the socket is a generation: the coroutines of an
    // earlier one that wake up late (a read cancelled by the close) leave
    // the current one alone.
    static asio::awaitable<void> open_and_read(std::shared_ptr<Connection> self, std::uint64_t generation) {
        co_await self->open_and_read(generation);
    }
    static asio::awaitable<void> write_all(std::shared_ptr<Connection> self, std::uint64_t generation) {
        co_await self->write_all(generation);
    }
    bool current(std::uint64_t generation) const noexcept { return generation == generation_ && state_ == State::open; }

    // Resolves and connects within connect_timeout: an alarm cancels what is
    // under way when it rings first. Empty on success.
    asio::awaitable<std::optional<std::string>> connect() {
        tcp::resolver resolver(executor_);
        auto done = std::make_shared<bool>(false);
        asio::steady_timer alarm(executor_, options_.connect_timeout);
        auto timed_out = std::make_shared<bool>(false);
        alarm.async_wait([this, &resolver, done, timed_out, self = shared_from_this()](boost::system::error_code error) {
            // `resolver` is only touched while connect() still waits for it.
            if (error || *done) return;
            *timed_out = true;
            resolver.cancel();
            boost::system::error_code ignored;
            socket_.cancel(ignored);
        });
        const auto finished = [&](std::string why) -> std::optional<std::string> {
            *done = true;
            alarm.cancel();
            if (*timed_out) return "timed out after " + std::to_string(options_.connect_timeout.count()) + " ms";
            return why.empty() ? std::nullopt : std::optional<std::string>(std::move(why));
        };
        auto [resolve_error, addresses] =
            co_await resolver.async_resolve(endpoint_.host, endpoint_.port, asio::as_tuple(asio::use_awaitable));
        if (resolve_error) co_return finished(resolve_error.message());
        auto [connect_error, ignored] = co_await asio::async_connect(socket_, addresses, asio::as_tuple(asio::use_awaitable));
        if (connect_error) co_return finished(connect_error.message());
        boost::system::error_code no_delay_error;
        socket_.set_option(tcp::no_delay(true), no_delay_error);
        co_return finished({});
    }

    asio::awaitable<void> open_and_read(std::uint64_t generation) {
        reader_ = ReplyReader(options_.max_reply_bytes);
        if (const auto failed = co_await connect()) {
            fail("cannot connect to Redis at " + endpoint_.host + ":" + endpoint_.port + ": " + *failed, generation);
            co_return;
        }
        // What the connection needs first, ahead of the commands that waited for it.
        if (endpoint_.db != 0) unsent_.push_front(setup_command({"SELECT", std::to_string(endpoint_.db)}));
        if (!endpoint_.password.empty()) {
            unsent_.push_front(endpoint_.username.empty() ? setup_command({"AUTH", endpoint_.password})
                                                          : setup_command({"AUTH", endpoint_.username, endpoint_.password}));
        }
        state_ = State::open;
        asio::co_spawn(executor_, write_all(shared_from_this(), generation), asio::detached);
        std::string buffer(64 * 1024, '\0');
        while (current(generation)) {
            auto [error, read] = co_await socket_.async_read_some(asio::buffer(buffer), asio::as_tuple(asio::use_awaitable));
            if (!current(generation)) co_return;
            if (error) {
                fail("the Redis connection failed: " + error.message(), generation);
                co_return;
            }
            reader_.feed(std::string_view(buffer.data(), read));
            while (auto reply = reader_.next()) {
                if (awaiting_.empty()) {
                    fail("Redis sent a reply nobody asked for", generation);
                    co_return;
                }
                auto pending = std::move(awaiting_.front());
                awaiting_.pop_front();
                const bool refused = pending->setup && reply->kind == Reply::Kind::error;
                complete(*pending, std::move(*reply));
                if (refused) {
                    fail("Redis refused the connection's AUTH or SELECT", generation);
                    co_return;
                }
            }
            if (reader_.broken()) {
                fail("Redis sent something that is not RESP", generation);
                co_return;
            }
        }
    }

    static std::shared_ptr<Pending> setup_command(std::initializer_list<std::string_view> arguments) {
        auto pending = std::make_shared<Pending>();
        append_command(pending->bytes, arguments);
        pending->setup = true;
        return pending;
    }

    asio::awaitable<void> write_all(std::uint64_t generation) {
        if (writer_generation_ == generation || !current(generation)) co_return;
        writer_generation_ = generation;
        std::string batch;
        while (current(generation) && !unsent_.empty()) {
            // Everything queued goes in one write: the pipeline.
            batch.clear();
            for (auto& pending : unsent_) {
                batch += pending->bytes;
                pending->bytes = {};
                awaiting_.push_back(std::move(pending));
            }
            unsent_.clear();
            auto [error, written] = co_await asio::async_write(socket_, asio::buffer(batch), asio::as_tuple(asio::use_awaitable));
            if (error) {
                writer_generation_ = 0;
                fail("the Redis connection failed: " + error.message(), generation);
                co_return;
            }
        }
        if (writer_generation_ == generation) writer_generation_ = 0;
    }

    static void complete(Pending& pending, domain::Result<Reply> reply) {
        pending.reply = std::move(reply);
        if (pending.wake) pending.wake->cancel();
    }

    // Ends the connection: every command on it fails; the next one opens a
    // new one.
    void fail(const std::string& why, std::uint64_t generation) {
        if (generation != generation_ || state_ == State::closed) return;
        state_ = State::closed;
        close();
        auto failed = domain::make_error(domain::ErrorCode::upstream_unavailable, why);
        for (auto* queue : {&awaiting_, &unsent_}) {
            for (auto& pending : *queue) complete(*pending, failed);
            queue->clear();
        }
    }

    asio::any_io_executor executor_;
    tcp::socket socket_;
    const RedisEndpoint endpoint_;
    const RedisOptions options_;
    ReplyReader reader_;
    State state_ = State::closed;
    std::uint64_t generation_ = 0;
    std::uint64_t writer_generation_ = 0;  // the generation whose writer is at work
    std::deque<std::shared_ptr<Pending>> unsent_;
    std::deque<std::shared_ptr<Pending>> awaiting_;  // written, replies due in this order
};

RedisClient::RedisClient(RedisEndpoint endpoint, RedisOptions options)
    : endpoint_(std::move(endpoint)), options_(options) {}

RedisClient::~RedisClient() {
    // The loops have stopped: nothing else touches the sockets now.
    for (auto& [context, connection] : connections_) connection->close();
}

std::shared_ptr<RedisClient::Connection> RedisClient::connection_here(const asio::any_io_executor& executor) {
    auto* context = &asio::query(executor, asio::execution::context);
    std::lock_guard lock(mutex_);
    auto& connection = connections_[context];
    if (!connection) connection = std::make_shared<Connection>(executor, endpoint_, options_);
    return connection;
}

asio::awaitable<domain::Result<Reply>> RedisClient::call(std::string command, std::chrono::milliseconds timeout) {
    const auto executor = co_await asio::this_coro::executor;
    auto pending = std::make_shared<Connection::Pending>();
    pending->bytes = std::move(command);
    pending->wake = std::make_unique<asio::steady_timer>(executor, timeout);
    connection_here(executor)->submit(pending);
    // Woken early by the reply (or the connection's failure), else at the limit.
    co_await pending->wake->async_wait(asio::as_tuple(asio::use_awaitable));
    if (pending->reply) co_return std::move(*pending->reply);
    pending->wake.reset();  // the reply, if it still comes, wakes nobody
    co_return domain::make_error(domain::ErrorCode::upstream_timeout,
                                 "Redis did not answer within " + std::to_string(timeout.count()) + " ms");
}

asio::awaitable<void> RedisClient::send(std::string command) {
    auto pending = std::make_shared<Connection::Pending>();
    pending->bytes = std::move(command);
    connection_here(co_await asio::this_coro::executor)->submit(std::move(pending));
}

}  // namespace llmgw::adapters::redis
