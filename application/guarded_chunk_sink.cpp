#include "application/guarded_chunk_sink.hpp"

#include <algorithm>

namespace llmgw::application {

namespace {

// How much of what went out the detectors see again before what is held.
constexpr std::size_t left_context = 32;
// Choices beyond this many share the last one's state (a request asks for
// few; an upstream cannot make the gateway keep more).
constexpr int most_choices = 128;

}  // namespace

GuardedChunkSink::Choice& GuardedChunkSink::choice(int index) {
    const auto at = static_cast<std::size_t>(std::clamp(index, 0, most_choices - 1));
    if (choices_.size() <= at) choices_.resize(at + 1);
    return choices_[at];
}

std::string GuardedChunkSink::release(Held& held, Choice& choice, bool final) {
    if (held.pending.empty()) return {};
    std::string seen = held.before + held.pending;
    const std::size_t offset = held.before.size();
    findings_.clear();
    for (auto finding : screen_.find(seen, true)) {
        if (finding.end <= offset) continue;  // went out already
        finding.begin = std::max(finding.begin, offset) - offset;
        finding.end -= offset;
        findings_.push_back(finding);
    }
    std::size_t cut = final ? held.pending.size() : domain::releasable(held.pending, findings_, hold_back_);
    auto ready = std::span(findings_).first(
        static_cast<std::size_t>(std::find_if(findings_.begin(), findings_.end(),
                                              [&](const domain::Finding& f) { return f.end > cut; }) -
                                 findings_.begin()));
    if (const auto* blocking = screen_.first_blocking(ready, true)) {
        screen_.count(std::span(blocking, 1), true);
        choice.blocked = true;
        cut = blocking->begin;
        ready = ready.first(static_cast<std::size_t>(blocking - ready.data()));
    }
    std::string out = held.pending.substr(0, cut);
    const std::size_t kept = std::min(cut, left_context);
    held.before = held.pending.substr(cut - kept, kept);
    held.pending.erase(0, cut);
    screen_.apply(out, ready, true);
    screen_.restore(out);
    return out;
}

void GuardedChunkSink::release_into(domain::StreamChunk& out, Choice& choice, bool final) {
    auto text = release(choice.content, choice, final);
    if (!text.empty()) out.content = out.content.value_or("") + text;
    for (auto& [call, held] : choice.tool_arguments) {
        if (choice.blocked) break;
        const int index = call;  // a lambda may not capture a structured binding (before C++20's fix in clang)
        auto arguments = release(held, choice, final);
        if (arguments.empty()) continue;
        auto delta = std::find_if(out.tool_calls.begin(), out.tool_calls.end(),
                                  [&](const domain::ToolCallDelta& d) { return d.index == index; });
        if (delta == out.tool_calls.end()) {
            out.tool_calls.push_back({index, {}, {}, {}});
            delta = std::prev(out.tool_calls.end());
        }
        delta->arguments += arguments;
    }
    if (choice.blocked) {
        out.tool_calls.clear();
        out.finish_reason = domain::FinishReason::content_filter;
    }
    // A later piece of a call whose arguments are all held has nothing to say.
    std::erase_if(out.tool_calls, [](const domain::ToolCallDelta& delta) {
        return delta.id.empty() && delta.name.empty() && delta.arguments.empty();
    });
}

boost::asio::awaitable<domain::Result<void>> GuardedChunkSink::on_chunk(const domain::StreamChunk& chunk) {
    if (!active_) co_return co_await client_.on_chunk(chunk);
    auto& state = choice(chunk.choice_index);
    if (state.blocked) co_return domain::success();  // its answer ended at the finding
    domain::StreamChunk out = chunk;
    out.content.reset();
    if (chunk.content) state.content.pending += *chunk.content;
    for (auto& delta : out.tool_calls) {
        state.tool_arguments[delta.index].pending += delta.arguments;
        delta.arguments.clear();
    }
    // The finish of a choice sends everything held of it first.
    const bool finished = chunk.finish_reason.has_value();
    release_into(out, state, finished);
    if (!out.role && !domain::carries_content(out)) co_return domain::success();
    co_return co_await client_.on_chunk(out);
}

boost::asio::awaitable<domain::Result<void>> GuardedChunkSink::flush() {
    if (!active_) co_return domain::success();
    for (std::size_t index = 0; index < choices_.size(); ++index) {
        auto& state = choices_[index];
        if (state.blocked) continue;
        domain::StreamChunk out;
        out.choice_index = static_cast<int>(index);
        release_into(out, state, true);
        if (!domain::carries_content(out)) continue;
        BOOST_OUTCOME_CO_TRY(co_await client_.on_chunk(out));
    }
    co_return domain::success();
}

boost::asio::awaitable<domain::Result<domain::StreamSummary>> finish_guarded(
    GuardedChunkSink& guarded, domain::Result<domain::StreamSummary>& streamed) {
    if (!streamed && streamed.error().code == domain::ErrorCode::client_closed) co_return std::move(streamed);
    auto flushed = co_await guarded.flush();
    if (!flushed && streamed) co_return flushed.error();
    co_return std::move(streamed);
}

}  // namespace llmgw::application
