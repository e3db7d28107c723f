#pragma once

#include <chrono>
#include <future>
#include <optional>
#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

namespace llmgw::infrastructure {

// An event loop on a thread of its own, for side work that must never run
// on (or wait for) the request loops: alert webhooks. The loop runs from
// construction; destruction lets the work still queued or in flight finish
// for up to `drain`, then stops the loop and joins its thread. Whatever was
// still queued then is destroyed with the loop.
//
// Object lifetimes: what the work refers to must outlive the loop, so a
// class that owns one declares it last (it is then destroyed first).
class BackgroundLoop {
public:
    explicit BackgroundLoop(std::chrono::milliseconds drain);
    BackgroundLoop(const BackgroundLoop&) = delete;
    BackgroundLoop& operator=(const BackgroundLoop&) = delete;
    ~BackgroundLoop();

    boost::asio::io_context::executor_type executor() noexcept { return context_.get_executor(); }

private:
    std::chrono::milliseconds drain_;
    boost::asio::io_context context_{1};
    std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_{
        context_.get_executor()};
    std::promise<void> stopped_;
    std::thread thread_;
};

}  // namespace llmgw::infrastructure
