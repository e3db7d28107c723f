#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "domain/chat_response.hpp"
#include "domain/stream_chunk.hpp"

namespace llmgw::domain {

// Whether `response` can be told again as a stream with nothing lost: no
// per-choice extra (logprobs) and no message field beyond the ones a stream
// carries, where fields whose value is null, [] or {} carry nothing.
bool replayable(const ChatResponse& response);

// `response` as the chunks a streaming upstream would have sent: for each
// choice its role, reasoning, text in pieces of a few tokens (the exact
// text, cut only between UTF-8 characters), each tool call (id and name,
// then its arguments in pieces) and its finish reason. Usage is the
// stream's summary, not a chunk.
std::vector<StreamChunk> replay_chunks(const ChatResponse& response);

// `text` cut into the pieces a stream of it would carry: each ends after
// a space once it holds `at_least` bytes, and none is longer than
// `at_most` bytes unless one character is.
std::vector<std::string_view> stream_pieces(std::string_view text, std::size_t at_least = 12,
                                            std::size_t at_most = 32);

// Rebuilds the whole answer from the chunks a client received, for the
// cache to store a streamed answer as if it had been asked in one piece.
class StreamAssembler {
public:
    void add(const StreamChunk& chunk);
    // Whether the chunks held anything that is not replayable (a refusal).
    bool refused() const noexcept { return refused_; }
    // The answer, with the stream's id, model and usage from `summary`.
    ChatResponse take(const StreamSummary& summary);

private:
    struct Building {
        Choice choice;
        std::string text;  // since the last part
        std::string reasoning;  // text not yet in a whole block
    };
    std::map<int, Building> choices_;
    bool refused_ = false;
};

}  // namespace llmgw::domain
