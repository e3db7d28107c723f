// Every reservation ends exactly once, and every request leaves exactly one
// ledger row, however the call ends: the client leaving (terminal
// cancellation of the front door's call) is tried at every point where the
// call suspends, and the books must balance each time.

#include <gtest/gtest.h>

#include <map>
#include <optional>

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "application/complete_chat.hpp"
#include "application/embed.hpp"
#include "application/stream_chat.hpp"
#include "chat_builders.hpp"
#include "infrastructure/memory_cost_ledger.hpp"
#include "manual_clock.hpp"
#include "mock_transport.hpp"

namespace llmgw::application {
namespace {

namespace asio = boost::asio;
using namespace llmgw::testing;

// Gives the event loop a turn, as every real I/O does.
asio::awaitable<void> suspend() { co_await asio::post(co_await asio::this_coro::executor, asio::use_awaitable); }

// Budgets that suspend in `reserve` (as a shared store over the network
// does) and count how each reservation ended.
class CountingBudgets final : public domain::BudgetStore {
public:
    asio::awaitable<domain::Result<domain::ReservationId>> reserve(const domain::Hold&) override {
        co_await suspend();
        const auto id = next_++;
        ends_[id];
        co_return id;
    }
    void settle(domain::ReservationId id, domain::NanoDollars cost) noexcept override {
        ++ends_[id].settled;
        ends_[id].cost = cost;
    }
    void release(domain::ReservationId id) noexcept override { ++ends_[id].released; }
    Standing standing(const domain::BudgetLine&) const override { return {}; }
    void restore(const domain::BudgetLine&, domain::NanoDollars) override {}

    struct Ends {
        int settled = 0;
        int released = 0;
        domain::NanoDollars cost;
    };
    std::map<domain::ReservationId, Ends> ends_;

private:
    domain::ReservationId next_ = 1;
};

// A provider that suspends before answering and between stream chunks.
class SuspendingTransport final : public domain::LlmTransport {
public:
    asio::awaitable<domain::Result<domain::ChatResponse>> complete(const domain::ChatRequest&, const domain::Attempt&) override {
        co_await suspend();
        co_await suspend();
        co_return text_response("hello", {.prompt_tokens = 10, .completion_tokens = 5});
    }
    asio::awaitable<domain::Result<domain::StreamSummary>> stream(const domain::ChatRequest&, const domain::Attempt&,
                                                                  domain::ChunkSink& sink) override {
        for (const char* word : {"one", " two", " three"}) {
            co_await suspend();
            auto delivered = co_await sink.on_chunk(content_chunk(word));
            if (!delivered) co_return std::move(delivered).error();
        }
        co_await suspend();
        co_return domain::StreamSummary{"id", "", {.prompt_tokens = 10, .completion_tokens = 3}, true};
    }
    asio::awaitable<domain::Result<domain::EmbeddingResponse>> embed(const domain::EmbeddingRequest&,
                                                                     const domain::Attempt&) override {
        co_await suspend();
        co_return domain::EmbeddingResponse{{{0.5f}}, "", domain::Usage{.prompt_tokens = 4}, true};
    }
    asio::awaitable<domain::Result<domain::TextCompletionResponse>> complete_text(const domain::TextCompletionRequest&,
                                                                                  const domain::Attempt&) override {
        co_return domain::make_error(domain::ErrorCode::invalid_request, "none");
    }
    asio::awaitable<domain::Result<domain::StreamSummary>> stream_text(const domain::TextCompletionRequest&,
                                                                       const domain::Attempt&, domain::ChunkSink&) override {
        co_return domain::make_error(domain::ErrorCode::invalid_request, "none");
    }
};

// The client's side of a stream: each chunk is a write that suspends.
class SuspendingSink final : public domain::ChunkSink {
public:
    asio::awaitable<domain::Result<void>> on_chunk(const domain::StreamChunk&) override {
        co_await suspend();
        ++received;
        co_return domain::success();
    }
    int received = 0;
};

class SettlementTest : public ::testing::Test {
protected:
    // Runs `call` and cancels it, as a departing client does, as soon as
    // `leave()` holds (asked before each handler the event loop runs).
    // Returns whether the call was still running when the cancellation came.
    template <class Leave, class Call>
    bool run_cancelled_when(Leave leave, Call call) {
        asio::io_context io;
        asio::cancellation_signal client_left;
        bool finished = false;
        asio::co_spawn(io, call(), asio::bind_cancellation_slot(client_left.slot(), [&](std::exception_ptr) {
                           finished = true;
                       }));
        while (!finished && !leave()) io.run_one();
        const bool cancelled = !finished;
        if (cancelled) client_left.emit(asio::cancellation_type::terminal);
        io.run();
        EXPECT_TRUE(finished);
        return cancelled;
    }

    // The same, after the event loop has run `turns` handlers.
    template <class Call>
    bool run_cancelled_after(int turns, Call call) {
        int turn = 0;
        return run_cancelled_when([&] { return turn++ >= turns; }, call);
    }

    // Exactly one reservation, settled once at `cost` (when given).
    void expect_settled_once(std::optional<std::int64_t> cost = std::nullopt) {
        ASSERT_EQ(budgets.ends_.size(), 1u);
        const auto& ends = budgets.ends_.begin()->second;
        EXPECT_EQ(ends.settled, 1);
        EXPECT_EQ(ends.released, 0);
        if (cost) {
            EXPECT_EQ(ends.cost.value, *cost);
        }
    }

    // Every reservation ended once, and the request's one row holds what
    // the settled ones cost. Starts the next run afresh.
    void expect_balanced_books(int turns) {
        domain::NanoDollars settled;
        for (const auto& [id, ends] : budgets.ends_) {
            EXPECT_EQ(ends.settled + ends.released, 1) << "reservation " << id << " after " << turns << " turns";
            if (ends.settled) settled += ends.cost;
        }
        const auto rows = ledger.rows();
        ASSERT_EQ(rows.size(), ++runs) << "one more row after " << turns << " turns";
        last_row = rows.back();
        EXPECT_EQ(last_row.cost, settled) << "after " << turns << " turns";
        EXPECT_EQ(last_row.attempts, static_cast<int>(budgets.ends_.size()));
    }

    // Runs `use_case(context)` as a front door does: under a ledger row,
    // closed with what the call returned (a departed client's 499 for a
    // failure), or by the row's own end when the call never returns.
    template <class UseCase>
    asio::awaitable<void> recorded(UseCase use_case) {
        auto request_context = context;
        auto record = metering.open(request_context, domain::Operation::chat, "fast", false);
        auto result = co_await use_case(request_context);
        if (result) {
            record.answered(200);
        } else {
            record.failed(499, result.error());
        }
    }

    SuspendingTransport transport;
    ManualClock clock;
    CountingBudgets budgets;
    infrastructure::MemoryCostLedger ledger;
    Metering metering{budgets, ledger, clock};
    ModelRouter router{{Route{domain::Deployment{"fast", "openai", "gpt-4.1-mini",
                                                 {.input_per_mtok = 1'000'000, .output_per_mtok = 2'000'000}},
                              &transport}}};
    IgnoredResilienceEvents events;
    Resilience resilience{router, clock, events};
    domain::RequestContext context{"req-c", {}};
    std::size_t runs = 0;
    domain::LedgerRow last_row;
};

TEST_F(SettlementTest, ACancelledChatReleasesItsReservationAtEveryAwaitPoint) {
    const ResponseCaching caching;
    CompleteChat chat{resilience, metering, caching};
    int turns = 0;
    while (run_cancelled_after(turns, [&] {
        return recorded([&](const auto& recorded_context) { return chat(recorded_context, chat_request("fast", "hi")); });
    })) {
        expect_balanced_books(turns);
        // Cancelled after its last suspension, the call still answers.
        EXPECT_EQ(last_row.aborted, last_row.status == 499) << "after " << turns << " turns";
        if (last_row.aborted) {
            EXPECT_EQ(last_row.cost.value, 0) << "no answer, no cost";
            EXPECT_EQ(last_row.error_code, "client_closed");
        }
        budgets.ends_.clear();
        ++turns;
    }
    EXPECT_GE(turns, 3) << "the call suspends in reserve and twice in the provider";
    // Left alone, the call settles what it cost.
    expect_settled_once(20'000);  // 10 * 1000 n$ + 5 * 2000 n$
    expect_balanced_books(turns);
    EXPECT_FALSE(last_row.aborted);
    EXPECT_EQ(last_row.usage.completion_tokens, 5);
}

TEST_F(SettlementTest, ACancelledStreamPaysForWhatWasDeliveredAtEveryAwaitPoint) {
    const ResponseCaching caching;
    StreamChat stream_chat{resilience, metering, caching};
    int turns = 0;
    for (;; ++turns) {
        SuspendingSink client;
        auto request = chat_request("fast", "hi");
        request.stream = true;
        const bool cancelled = run_cancelled_after(turns, [&] {
            return recorded([&](const auto& recorded_context) {
                return stream_chat(recorded_context, std::move(request), client);
            });
        });
        if (!cancelled) break;
        // A stream cut off after content reached the client is billed for
        // it, never released as if it had cost nothing.
        for (const auto& [id, ends] : budgets.ends_) {
            if (client.received > 0) {
                EXPECT_EQ(ends.settled, 1) << "after " << turns << " turns";
            }
            if (ends.settled == 1) {
                EXPECT_GT(ends.cost.value, 0) << "after " << turns << " turns";
            }
        }
        expect_balanced_books(turns);
        EXPECT_EQ(last_row.aborted, last_row.status == 499) << "after " << turns << " turns";
        budgets.ends_.clear();
    }
    EXPECT_GE(turns, 8) << "reserve, and each chunk's wait and write";
    expect_settled_once(16'000);  // 10 * 1000 n$ + 3 * 2000 n$
    expect_balanced_books(turns);
    EXPECT_FALSE(last_row.aborted);
}

TEST_F(SettlementTest, ACancelledStreamAfterContentIsSettledNotReleased) {
    const ResponseCaching caching;
    StreamChat stream_chat{resilience, metering, caching};
    SuspendingSink client;
    auto request = chat_request("fast", "hi");
    request.stream = true;
    // Long enough for the first chunk to reach the client, not for the end.
    ASSERT_TRUE(run_cancelled_when([&] { return client.received > 0; },
                                   [&] {
                                       return recorded([&](const auto& recorded_context) {
                                           return stream_chat(recorded_context, std::move(request), client);
                                       });
                                   }));
    expect_settled_once();
    expect_balanced_books(0);
    EXPECT_TRUE(last_row.aborted);
    EXPECT_GT(last_row.cost.value, 0) << "the provider bills what was delivered";
    EXPECT_GT(budgets.ends_.begin()->second.cost.value, 0);
}

TEST_F(SettlementTest, ACancelledEmbeddingReleasesItsReservationAtEveryAwaitPoint) {
    const ResponseCaching caching;
    Embed embed{resilience, metering, caching};
    int turns = 0;
    while (run_cancelled_after(turns, [&] {
        domain::EmbeddingRequest request;
        request.model = "fast";
        request.texts = {"abcd"};
        request.input_count = 1;
        return recorded([&embed, request = std::move(request)](const auto& recorded_context) mutable {
            return embed(recorded_context, std::move(request));
        });
    })) {
        expect_balanced_books(turns);
        budgets.ends_.clear();
        ++turns;
    }
    EXPECT_GE(turns, 2);
    expect_settled_once(4'000);  // 4 * 1000 n$
    expect_balanced_books(turns);
}

}  // namespace
}  // namespace llmgw::application
