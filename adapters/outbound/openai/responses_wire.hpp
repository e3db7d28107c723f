#pragma once

#include <map>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include "adapters/outbound/common/stream_pump.hpp"
#include "domain/chat_request.hpp"
#include "domain/chat_response.hpp"
#include "domain/error.hpp"

namespace llmgw::adapters {

// A chat call as OpenAI's Responses API takes it (`POST {base_url}/responses`),
// for a provider with `wire_api: responses`: the models only that API serves,
// and reasoning that survives between turns.
//
// The request: messages become input items (system and developer messages,
// user messages with input_text, input_image and input_file parts, an
// assistant turn's reasoning items, text and function_call items,
// function_call_output items), tools and tool_choice in the Responses shape,
// max_output_tokens, response_format as text.format, reasoning_effort as
// reasoning.effort (with summaries), verbosity as text.verbosity. Nothing is
// stored upstream (`store: false`); reasoning comes back encrypted
// (`include: ["reasoning.encrypted_content"]`) so that the next turn can send
// it back. What the Responses API has no field for (n > 1, stop, seed,
// logit_bias, penalties, logprobs, audio) is a 400 naming it.
domain::Result<std::string> write_responses_upstream_request(const domain::ChatRequest& request,
                                                             std::string_view upstream_model, bool stream);

// A response object as the answer: reasoning items as reasoning blocks (the
// summary as text, the encrypted content as signature, the item id kept),
// message text (refusals as the refusal), function calls as tool calls; the
// finish from the status (incomplete: length or content_filter; a call:
// tool_calls); usage with cached and reasoning tokens. A failed response is
// the upstream's error.
domain::Result<domain::ChatResponse> parse_responses_upstream_response(const boost::json::object& body);

// The Responses event stream as chunks, one event at a time:
//   response.created                      -> the role chunk; id, model
//   response.output_text.delta            -> content
//   response.refusal.delta                -> refusal
//   response.reasoning_summary_text.delta,
//   response.reasoning_text.delta         -> reasoning
//   response.output_item.added (function_call) -> the call's first delta
//   response.function_call_arguments.delta -> the call's argument delta
//   response.output_item.done (reasoning) -> the block whole
//   response.completed / .incomplete      -> the finish chunk; usage; the end
//   response.failed, error                -> an error
// Function calls are numbered 0, 1, ... in the order they start.
class ResponsesStreamTranslation final : public StreamTranslation {
public:
    explicit ResponsesStreamTranslation(std::string_view provider) : provider_(provider) {}

    domain::Result<std::vector<domain::StreamChunk>> on_event(const SseEvent& event) override;
    bool done() const override { return done_; }
    bool complete() const override { return done_; }
    domain::StreamSummary summary() const override { return summary_; }

private:
    std::string_view provider_;
    domain::StreamSummary summary_;
    std::map<std::string, int, std::less<>> call_of_item_;
    bool called_ = false;
    bool done_ = false;
};

}  // namespace llmgw::adapters
