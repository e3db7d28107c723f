#pragma once

#include <exception>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/error.hpp>
#include <boost/system/system_error.hpp>

#include "domain/error.hpp"

namespace llmgw::application {

// Awaits a port call and turns anything it throws into an error value, so
// that the use case still settles its books. A cancelled coroutine throws at
// its next asynchronous operation; that is how a client that went away ends
// an upstream call.
template <class T>
boost::asio::awaitable<domain::Result<T>> guarded_call(boost::asio::awaitable<domain::Result<T>> call) {
    try {
        co_return co_await std::move(call);
    } catch (const boost::system::system_error& failure) {
        if (failure.code() == boost::asio::error::operation_aborted) {
            co_return domain::make_error(domain::ErrorCode::client_closed, "The upstream call was cancelled.");
        }
        co_return domain::make_error(domain::ErrorCode::internal, "The upstream call failed unexpectedly.");
    } catch (const std::exception&) {
        co_return domain::make_error(domain::ErrorCode::internal, "The upstream call failed unexpectedly.");
    }
}

}  // namespace llmgw::application
