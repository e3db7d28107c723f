#pragma once

#include <optional>

#include <boost/asio/awaitable.hpp>

namespace llmgw::application {

// Awaits `work` and wraps its value, for racing it with awaitable operators
// (`||`), which need results that can be default-constructed.
template <class T>
boost::asio::awaitable<std::optional<T>> as_optional(boost::asio::awaitable<T> work) {
    co_return co_await std::move(work);
}

}  // namespace llmgw::application
