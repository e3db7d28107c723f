#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "adapters/openai_format/json_writer.hpp"
#include "adapters/sse/named_event.hpp"
#include "domain/chat_response.hpp"
#include "domain/raw_json.hpp"
#include "domain/stream_chunk.hpp"

namespace llmgw::adapters {

// Answers in the shape of OpenAI's Responses API.

// What a response object says besides its output: its id (resp_...),
// creation time, the gateway's name of the model that answered, and the
// request's settings as the response repeats them (`echo`).
struct ResponseShell {
    std::string id;
    std::int64_t created_at = 0;
    std::string model;
    domain::RawJsonFields echo;
};

// The settings a response repeats (instructions, max_output_tokens,
// parallel_tool_calls, reasoning, store, temperature, text, tool_choice,
// tools, top_p, truncation, user, metadata), as the request gave them or
// at the API's defaults; `store` says whether the response is `stored`.
domain::RawJsonFields responses_echo_of(const boost::json::object& body, bool stored);

// The response turned out not to be stored after all.
void mark_not_stored(ResponseShell& shell);

// One item of a response's `output`.
struct OutputItem {
    enum class Kind { reasoning, message, function_call };
    Kind kind = Kind::message;
    std::string id;         // rs_..., msg_..., fc_...
    std::string text;       // the reasoning, the message's text, or the call's arguments
    std::string call_id;    // function_call
    std::string name;       // function_call
    std::string encrypted;  // reasoning: its signature, or a redacted block's data
};

// A whole answer's items: its first choice's reasoning blocks, its text,
// and its tool calls.
std::vector<OutputItem> output_items_of(const domain::ChatResponse& response);

// The response object: `completed`, or `incomplete` (with the reason) when
// the answer was cut at max_output_tokens or filtered; usage as the
// Responses API counts it.
std::string write_response(const ResponseShell& shell, const std::vector<OutputItem>& items,
                           std::optional<domain::FinishReason> finish, const domain::Usage& usage);

// Turns a streamed answer, chunk by chunk, into the Responses API's events,
// each with its `sequence_number`: response.created and
// response.in_progress; per output item output_item.added, its parts and
// deltas (reasoning_text, output_text, function_call_arguments), their
// .done events and output_item.done; then response.completed (or
// response.incomplete) with the whole response — or, when the answer
// fails midway, `error` and response.failed.
class ResponsesEventWriter {
public:
    explicit ResponsesEventWriter(ResponseShell shell) : shell_(std::move(shell)) {}

    const std::string& id() const noexcept { return shell_.id; }
    void set_model(std::string model) { shell_.model = std::move(model); }
    // The response ended, before it is stored: not after all.
    void mark_not_stored() { adapters::mark_not_stored(shell_); }
    void add(const domain::StreamChunk& chunk, std::vector<NamedEvent>& out);
    // The whole response as `finish` will send it.
    std::string response(const domain::Usage& usage) const;
    void finish(const domain::Usage& usage, std::vector<NamedEvent>& out);
    void fail(std::string_view code, std::string_view message, std::vector<NamedEvent>& out);

private:
    void start(std::vector<NamedEvent>& out);
    void open(OutputItem item, std::vector<NamedEvent>& out);
    void close(std::vector<NamedEvent>& out);
    // An event's JSON begun with its type and sequence number, and ended.
    JsonWriter& begin(JsonWriter& writer, std::string_view type);
    void end(JsonWriter& writer, std::string_view type, std::vector<NamedEvent>& out) const;
    // Where the open item is: item_id, output_index (and its one part's
    // content_index).
    void locate(JsonWriter& writer, bool part) const;
    void add_text(OutputItem::Kind kind, std::string_view text, std::vector<NamedEvent>& out);

    ResponseShell shell_;
    std::vector<OutputItem> items_;
    bool started_ = false;
    bool open_ = false;  // the last item is still streaming
    int tool_call_ = -1;  // the stream's index of the open function call
    std::int64_t sequence_ = 0;
    std::optional<domain::FinishReason> finish_reason_;
};

}  // namespace llmgw::adapters
