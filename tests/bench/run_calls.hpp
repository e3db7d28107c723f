#pragma once

#include <benchmark/benchmark.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>

namespace llmgw::bench {

// Runs `call` once per iteration on one io_context, as an event loop would.
template <class Call>
void run_calls(benchmark::State& state, Call call) {
    namespace asio = boost::asio;
    asio::io_context io(1);
    for (auto _ : state) {
        bool ok = false;
        asio::co_spawn(io, [&]() -> asio::awaitable<void> { ok = bool(co_await call()); }, asio::detached);
        io.restart();
        io.run();
        if (!ok) state.SkipWithError("the call failed");
    }
}

}  // namespace llmgw::bench
