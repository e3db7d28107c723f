#pragma once

#include <type_traits>
#include <utility>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace llmgw::infrastructure {

// A thread of its own for a ledger's blocking reads (reports), so that no
// database call runs on an event loop: `run(query)` calls `query()` there
// and resumes the awaiting coroutine on its own executor with the result
// (or what it threw). Reports come one after another.
class QueryThread {
public:
    QueryThread() = default;
    QueryThread(const QueryThread&) = delete;
    QueryThread& operator=(const QueryThread&) = delete;
    ~QueryThread() { pool_.join(); }

    // `query` is moved from. Callers pass a named function object, never a
    // temporary: GCC 12 destroys a temporary that holds state twice when it
    // is part of a co_await expression (GCC bug 99576), and so must this.
    template <class Query>
    boost::asio::awaitable<std::invoke_result_t<Query&>> run(Query& query) {
        using Result = std::invoke_result_t<Query&>;
        auto on_the_thread = [query = std::move(query)]() mutable -> boost::asio::awaitable<Result> {
            co_return query();
        };
        co_return co_await boost::asio::co_spawn(pool_, std::move(on_the_thread), boost::asio::use_awaitable);
    }

private:
    boost::asio::thread_pool pool_{1};
};

}  // namespace llmgw::infrastructure
