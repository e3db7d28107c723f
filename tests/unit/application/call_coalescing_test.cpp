// Single flight through the use cases: identical requests in flight share
// one upstream call, streams included (a late joiner gets the chunks so
// far, then the rest live); a leader's failure is its own; a leader whose
// client leaves carries its call on while others wait for it; followers
// keep their own deadlines.

#include <deque>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "response_caching_fixture.hpp"

namespace llmgw::application::caching_tests {
namespace {

class CoalescingTest : public ResponseCachingTest {
protected:
    // Every call waits at the gate until the test opens it, then answers
    // with the next of `outcomes` (the last one again when they run out).
    void gated_upstream(std::vector<domain::Result<domain::ChatResponse>> outcomes) {
        EXPECT_CALL(transport, complete(_, _)).WillRepeatedly([this, outcomes](auto&&...) {
            const auto outcome = outcomes[std::min<std::size_t>(upstream_calls, outcomes.size() - 1)];
            ++upstream_calls;
            return behind_gate(outcome);
        });
    }
    boost::asio::awaitable<domain::Result<domain::ChatResponse>> behind_gate(domain::Result<domain::ChatResponse> outcome) {
        co_await gate.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
        if (!gate_opened) {
            ++cancelled_calls;
            co_return domain::make_error(domain::ErrorCode::client_closed, "cancelled");
        }
        co_return outcome;
    }

    // Every stream sends `before`, waits at the gate, then sends `after`
    // and ends with `ending`.
    void gated_stream(std::vector<domain::StreamChunk> before, std::vector<domain::StreamChunk> after,
                      domain::Result<domain::StreamSummary> ending = domain::StreamSummary{
                          "up-id", "fast", {.prompt_tokens = 3, .completion_tokens = 4}, true}) {
        EXPECT_CALL(transport, stream(_, _, _))
            .WillRepeatedly([this, before, after, ending](const domain::ChatRequest&, const domain::Attempt&,
                                                          domain::ChunkSink& out) {
                ++upstream_calls;
                return stream_behind_gate(out, before, after, ending);
            });
    }
    boost::asio::awaitable<domain::Result<domain::StreamSummary>> stream_behind_gate(
        domain::ChunkSink& out, std::vector<domain::StreamChunk> before, std::vector<domain::StreamChunk> after,
        domain::Result<domain::StreamSummary> ending) {
        for (const auto& chunk : before) {
            BOOST_OUTCOME_CO_TRY(co_await out.on_chunk(chunk));
        }
        co_await gate.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
        if (!gate_opened) {
            ++cancelled_calls;
            co_return domain::make_error(domain::ErrorCode::client_closed, "cancelled");
        }
        for (const auto& chunk : after) {
            BOOST_OUTCOME_CO_TRY(co_await out.on_chunk(chunk));
        }
        co_return ending;
    }

    // A client of a stream, which may leave.
    struct StreamClient final : domain::ChunkSink {
        boost::asio::awaitable<domain::Result<void>> on_chunk(const domain::StreamChunk& chunk) override {
            if (gone) co_return domain::make_error(domain::ErrorCode::client_closed, "gone");
            if (chunk.content) text += *chunk.content;
            co_return domain::success();
        }
        void on_served_by(const domain::Deployment& deployment) override { served_by.push_back(deployment.model); }
        std::string text;
        std::vector<std::string> served_by;
        bool gone = false;
    };

    // Starts one request on the loop (a stream: `stream_client(index)`
    // gets its chunks); its result lands in `answers` or `streams`, and
    // `leave(index)` is its client leaving.
    void start(std::optional<std::chrono::steady_clock::time_point> deadline = std::nullopt) {
        const auto index = add_request();
        boost::asio::co_spawn(io, one_request(index, deadline),
                              boost::asio::bind_cancellation_slot(clients[index].slot(), boost::asio::detached));
    }
    void start_stream() {
        const auto index = add_request();
        boost::asio::co_spawn(io, one_stream(index),
                              boost::asio::bind_cancellation_slot(clients[index].slot(), boost::asio::detached));
    }
    std::size_t add_request() {
        answers.emplace_back(std::nullopt);
        streams.emplace_back(std::nullopt);
        stream_clients.emplace_back();
        statuses.emplace_back();
        clients.emplace_back();
        return answers.size() - 1;
    }
    boost::asio::awaitable<void> one_stream(std::size_t index) {
        auto context = context_of();
        context.cache_status = &statuses[index];
        auto record = metering.open(context, domain::Operation::chat, "fast", true);
        StreamChat chat(resilience, metering, caching);
        auto request = cold();
        request.stream = true;
        auto streamed = co_await chat(context, request, stream_clients[index]);
        if (streamed) {
            record.answered(200);
        } else {
            record.failed(500, streamed.error());
        }
        streams[index] = std::move(streamed);
    }
    void leave(std::size_t index) {
        clients[index].emit(boost::asio::cancellation_type::terminal);
        io.poll();
    }
    boost::asio::awaitable<void> one_request(std::size_t index,
                                            std::optional<std::chrono::steady_clock::time_point> deadline) {
        auto context = context_of();
        context.deadline = deadline;
        context.cache_status = &statuses[index];
        auto record = metering.open(context, domain::Operation::chat, "fast", false);
        CompleteChat chat(resilience, metering, caching);
        auto answer = co_await chat(context, cold());
        if (answer) {
            record.answered(200);
        } else {
            record.failed(500, answer.error());
        }
        answers[index] = std::move(answer);
    }
    void open_gate() {
        gate_opened = true;
        gate.cancel();
        io.poll();
        io.restart();
    }

    boost::asio::io_context io;
    boost::asio::steady_timer gate{io, boost::asio::steady_timer::time_point::max()};
    std::deque<std::optional<domain::Result<domain::ChatResponse>>> answers;
    std::deque<domain::CacheStatus> statuses;
    std::deque<std::optional<domain::Result<domain::StreamSummary>>> streams;
    std::deque<StreamClient> stream_clients;
    std::deque<boost::asio::cancellation_signal> clients;
    bool gate_opened = false;
    int cancelled_calls = 0;
};

TEST_F(CoalescingTest, IdenticalRequestsInFlightMakeOneUpstreamCall) {
    configure({.enabled = true, .coalesce = true});
    gated_upstream({text_response("shared", {.prompt_tokens = 10, .completion_tokens = 2})});
    for (int i = 0; i < 10; ++i) start();
    io.poll();
    EXPECT_EQ(upstream_calls, 1);
    open_gate();
    io.run();
    ASSERT_EQ(answers.size(), 10u);
    for (std::size_t i = 0; i < answers.size(); ++i) {
        ASSERT_TRUE(answers[i] && *answers[i]) << i;
        EXPECT_EQ(answers[i]->value().choices[0].message.text(), "shared");
    }
    EXPECT_EQ(upstream_calls, 1);
    EXPECT_EQ(statuses[0].outcome, CacheOutcome::miss);
    for (std::size_t i = 1; i < statuses.size(); ++i) EXPECT_EQ(statuses[i].outcome, CacheOutcome::coalesced) << i;
    const auto rows = ledger.rows();
    ASSERT_EQ(rows.size(), 10u);
    EXPECT_EQ(std::count_if(rows.begin(), rows.end(), [](const auto& row) { return row.cache_hit; }), 9);
    EXPECT_EQ(budgets.open_reservations(), 0u);
}

TEST_F(CoalescingTest, WhenTheLeaderFailsTheOthersGoOnByThemselves) {
    configure({.enabled = true, .coalesce = true});
    gated_upstream({domain::make_error(domain::ErrorCode::upstream_error, "boom"), text_response("second try", {})});
    for (int i = 0; i < 5; ++i) start();
    io.poll();
    open_gate();  // the leader fails; one of the others leads next
    gate.expires_at(boost::asio::steady_timer::time_point::max());
    io.poll();
    open_gate();
    io.run();
    EXPECT_EQ(upstream_calls, 2);
    ASSERT_TRUE(answers[0]);
    EXPECT_FALSE(*answers[0]) << "the leader's own failure is its own";
    for (std::size_t i = 1; i < answers.size(); ++i) {
        ASSERT_TRUE(answers[i] && *answers[i]) << i << " got no share of the failure";
        EXPECT_EQ(answers[i]->value().choices[0].message.text(), "second try");
    }
}

TEST_F(CoalescingTest, AFollowerKeepsItsOwnDeadline) {
    configure({.enabled = true, .coalesce = true});
    gated_upstream({text_response("late", {})});
    start();
    start(clock.monotonic() + std::chrono::seconds(1));
    io.poll();
    clock.advance(std::chrono::seconds(2));
    io.poll();
    ASSERT_TRUE(answers[1]);
    ASSERT_FALSE(*answers[1]);
    EXPECT_EQ(answers[1]->error().code, domain::ErrorCode::upstream_timeout);
    open_gate();
    io.run();
    ASSERT_TRUE(answers[0] && *answers[0]);
    EXPECT_EQ(upstream_calls, 1);
}

TEST_F(CoalescingTest, WhenTheLeadersClientLeavesItsCallGoesOnForTheOthers) {
    configure({.enabled = true, .coalesce = true});
    gated_upstream({text_response("for the others", {.prompt_tokens = 10, .completion_tokens = 2})});
    start();
    start();
    io.poll();
    leave(0);
    EXPECT_FALSE(answers[0]) << "the leader's request waits for the call it carries";
    open_gate();
    io.run();
    EXPECT_EQ(cancelled_calls, 0);
    ASSERT_TRUE(answers[1] && *answers[1]);
    EXPECT_EQ(answers[1]->value().choices[0].message.text(), "for the others");
    EXPECT_EQ(statuses[1].outcome, CacheOutcome::coalesced);
    EXPECT_EQ(cache.size(), 1u);
    // The leader's key paid for the call it started; the follower saved it.
    const auto rows = ledger.rows();
    ASSERT_EQ(rows.size(), 2u);
    const auto paid = std::find_if(rows.begin(), rows.end(), [](const auto& row) { return !row.cache_hit; });
    ASSERT_NE(paid, rows.end());
    EXPECT_EQ(paid->request_id, "req-1");
    EXPECT_GT(paid->cost.value, 0);
    EXPECT_EQ(budgets.open_reservations(), 0u);
}

TEST_F(CoalescingTest, TheCallStopsWhenTheLastOneWaitingForItLeaves) {
    configure({.enabled = true, .coalesce = true});
    gated_upstream({text_response("for nobody", {})});
    start();
    start();
    start();
    io.poll();
    leave(0);
    leave(1);
    EXPECT_EQ(cancelled_calls, 0) << "one is still waiting";
    leave(2);
    io.run();
    EXPECT_EQ(cancelled_calls, 1);
    EXPECT_EQ(upstream_calls, 1);
    EXPECT_EQ(cache.size(), 0u);
    EXPECT_EQ(budgets.open_reservations(), 0u);
    EXPECT_EQ(ledger.rows().size(), 3u);
}

TEST_F(CoalescingTest, ARequestThatCannotBeCancelledStillLeads) {
    configure({.enabled = true, .coalesce = true});
    gated_upstream({text_response("uncancellable", {})});
    add_request();
    boost::asio::co_spawn(io, one_request(0, std::nullopt), boost::asio::detached);  // no cancellation slot
    start();
    io.poll();
    open_gate();
    io.run();
    ASSERT_TRUE(answers[0] && *answers[0]);
    ASSERT_TRUE(answers[1] && *answers[1]);
    EXPECT_EQ(statuses[1].outcome, CacheOutcome::coalesced);
    EXPECT_EQ(upstream_calls, 1);
}

TEST_F(CoalescingTest, ALeaderLeftAloneStopsItsCallAtOnce) {
    configure({.enabled = true, .coalesce = true});
    gated_upstream({text_response("for nobody", {})});
    start();
    io.poll();
    leave(0);
    io.run();
    EXPECT_EQ(cancelled_calls, 1);
    EXPECT_EQ(budgets.open_reservations(), 0u);
}

domain::StreamChunk finish_chunk() {
    auto finish = content_chunk("");
    finish.finish_reason = domain::FinishReason::stop;
    return finish;
}

TEST_F(CoalescingTest, ALateJoinerOfAStreamGetsTheChunksSoFarThenTheRestLive) {
    configure({.enabled = true, .coalesce = true});
    gated_stream({content_chunk("Hello, "), content_chunk("wide ")}, {content_chunk("world."), finish_chunk()});
    start_stream();
    io.poll();
    start_stream();
    io.poll();
    EXPECT_EQ(stream_clients[1].text, "Hello, wide ") << "what the leader's client had so far";
    start();  // not streamed: it waits for the whole answer
    io.poll();
    open_gate();
    io.run();

    EXPECT_EQ(upstream_calls, 1);
    for (std::size_t i = 0; i < 2; ++i) {
        ASSERT_TRUE(streams[i] && *streams[i]) << i;
        EXPECT_EQ(stream_clients[i].text, "Hello, wide world.") << i;
        EXPECT_EQ(stream_clients[i].served_by, std::vector<std::string>{"fast"}) << i;
        EXPECT_EQ(streams[i]->value().usage.completion_tokens, 4) << i;
    }
    ASSERT_TRUE(answers[2] && *answers[2]);
    EXPECT_EQ(answers[2]->value().choices[0].message.text(), "Hello, wide world.");
    EXPECT_EQ(statuses[0].outcome, CacheOutcome::miss);
    EXPECT_EQ(statuses[1].outcome, CacheOutcome::coalesced);
    EXPECT_EQ(statuses[2].outcome, CacheOutcome::coalesced);
    EXPECT_EQ(cache.size(), 1u);
    const auto rows = ledger.rows();
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(std::count_if(rows.begin(), rows.end(), [](const auto& row) { return row.cache_hit; }), 2);
    EXPECT_EQ(budgets.open_reservations(), 0u);
}

TEST_F(CoalescingTest, WhenTheLeadersStreamingClientLeavesTheStreamGoesOnForTheOthers) {
    configure({.enabled = true, .coalesce = true});
    gated_stream({content_chunk("Hello, ")}, {content_chunk("world."), finish_chunk()});
    start_stream();
    start_stream();
    io.poll();
    stream_clients[0].gone = true;  // its writes fail, and its request is cancelled
    leave(0);
    open_gate();
    io.run();
    EXPECT_EQ(cancelled_calls, 0);
    ASSERT_TRUE(streams[1] && *streams[1]);
    EXPECT_EQ(stream_clients[1].text, "Hello, world.");
    EXPECT_EQ(cache.size(), 1u) << "the whole stream was kept";
    EXPECT_EQ(budgets.open_reservations(), 0u);
}

TEST_F(CoalescingTest, AStreamThatFailsMidwayFailsTheFollowersThatHadPartOfIt) {
    configure({.enabled = true, .coalesce = true});
    gated_stream({content_chunk("Hello, ")}, {content_chunk("wor")},
                 domain::make_error(domain::ErrorCode::upstream_error, "reset"));
    start_stream();
    start_stream();
    io.poll();
    open_gate();
    io.run();
    EXPECT_EQ(upstream_calls, 1);
    ASSERT_TRUE(streams[1]);
    ASSERT_FALSE(*streams[1]);
    EXPECT_EQ(streams[1]->error().code, domain::ErrorCode::upstream_error);
    EXPECT_EQ(stream_clients[1].text, "Hello, wor");
    EXPECT_EQ(cache.size(), 0u);
    EXPECT_EQ(budgets.open_reservations(), 0u);
}

TEST_F(CoalescingTest, CoalescingAloneSharesCallsButStoresNothing) {
    configure({.enabled = false, .coalesce = true, .mode = CachePolicy::Mode::always});
    gated_upstream({text_response("once", {})});
    start();
    start();
    io.poll();
    open_gate();
    io.run();
    EXPECT_EQ(upstream_calls, 1);
    EXPECT_EQ(statuses[0].outcome, CacheOutcome::none);
    EXPECT_EQ(statuses[1].outcome, CacheOutcome::coalesced);
    EXPECT_EQ(cache.size(), 0u);
}

}  // namespace
}  // namespace llmgw::application::caching_tests
