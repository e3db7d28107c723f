#include "infrastructure/system_clock.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace llmgw::infrastructure {

boost::asio::awaitable<void> SystemClock::sleep_for(std::chrono::milliseconds duration) const {
    boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor, duration);
    co_await timer.async_wait(boost::asio::use_awaitable);
}

boost::asio::awaitable<void> SystemClock::wait_until(std::chrono::steady_clock::time_point at) const {
    boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor, at);
    co_await timer.async_wait(boost::asio::use_awaitable);
}

}  // namespace llmgw::infrastructure
