#pragma once

#include <map>
#include <optional>
#include <vector>

#include <boost/json/object.hpp>

#include "domain/chat_response.hpp"
#include "domain/error.hpp"
#include "domain/stream_chunk.hpp"
#include "domain/usage.hpp"

namespace llmgw::adapters {

// A Gemini `GenerateContentResponse` to a domain response: one choice per
// candidate, text parts joined (thoughts left out), `functionCall` parts as
// tool calls with ids of the gateway's making (Gemini has none). A prompt
// blocked by safety filters answers with finish reason content_filter.
domain::Result<domain::ChatResponse> parse_gemini_response(const boost::json::object& body);

// STOP -> stop, or tool_calls when the candidate called functions (Gemini
// ends those with STOP too); MAX_TOKENS -> length; SAFETY, RECITATION,
// BLOCKLIST, PROHIBITED_CONTENT, SPII, IMAGE_SAFETY -> content_filter.
std::optional<domain::FinishReason> gemini_finish_reason(const boost::json::value& reason, bool called_functions);

// Thinking tokens count as completion tokens, as OpenAI counts reasoning.
domain::Usage gemini_usage(const boost::json::object& usage_metadata);

// Translates a Gemini stream (`streamGenerateContent?alt=sse`), one chunk
// (a whole GenerateContentResponse) at a time, sans I/O. Usage is
// cumulative in every chunk; the last chunk of a candidate has its finish
// reason; a function call arrives whole in one chunk.
class GeminiStreamTranslator {
public:
    domain::Result<std::vector<domain::StreamChunk>> on_chunk(const boost::json::object& body);

    // Every candidate has finished.
    bool finished() const noexcept { return !candidates_.empty() && open_candidates_ == 0; }
    const domain::StreamSummary& summary() const noexcept { return summary_; }

private:
    struct Candidate {
        int tool_calls = 0;
        bool finished = false;
    };
    std::map<int, Candidate> candidates_;
    int open_candidates_ = 0;
    domain::StreamSummary summary_;
};

}  // namespace llmgw::adapters
