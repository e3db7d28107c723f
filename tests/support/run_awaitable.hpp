#pragma once

#include <chrono>
#include <future>
#include <optional>
#include <type_traits>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

namespace llmgw::testing {

namespace detail {
// co_spawn needs a default-constructible result; a Result<T> is not one.
template <class T>
boost::asio::awaitable<std::optional<T>> as_optional(boost::asio::awaitable<T> work) {
    co_return co_await std::move(work);
}
}  // namespace detail

// Runs a coroutine to completion on `io` and returns its result (rethrowing
// what it threw). Objects that keep sockets between runs (a connection pool)
// must use the same io_context each time and be destroyed before it.
template <class T>
T run_awaitable(boost::asio::io_context& io, boost::asio::awaitable<T> work) {
    io.restart();
    if constexpr (std::is_void_v<T>) {
        auto future = boost::asio::co_spawn(io, std::move(work), boost::asio::use_future);
        io.run();
        future.get();
    } else {
        auto future = boost::asio::co_spawn(io, detail::as_optional(std::move(work)), boost::asio::use_future);
        io.run();
        return std::move(*future.get());
    }
}

// The same on a fresh io_context, for work that keeps no sockets.
template <class T>
T run_awaitable(boost::asio::awaitable<T> work) {
    boost::asio::io_context io;
    return run_awaitable(io, std::move(work));
}

// The same for a loop that never runs out of work (a client that keeps its
// connections reading): runs `io` only until `work` is done.
template <class T>
T run_until_done(boost::asio::io_context& io, boost::asio::awaitable<T> work) {
    io.restart();
    const auto wait = [&io](auto& future) {
        while (future.wait_for(std::chrono::seconds(0)) != std::future_status::ready) {
            io.run_one_for(std::chrono::milliseconds(20));
        }
    };
    if constexpr (std::is_void_v<T>) {
        auto future = boost::asio::co_spawn(io, std::move(work), boost::asio::use_future);
        wait(future);
        future.get();
    } else {
        auto future = boost::asio::co_spawn(io, detail::as_optional(std::move(work)), boost::asio::use_future);
        wait(future);
        return std::move(*future.get());
    }
}

}  // namespace llmgw::testing
