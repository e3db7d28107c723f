#include "adapters/openai_format/responses_json.hpp"

#include "adapters/common/identifiers.hpp"
#include "adapters/common/json_access.hpp"
#include "adapters/openai_format/json_writer.hpp"

namespace llmgw::adapters {
namespace json = boost::json;
using Kind = OutputItem::Kind;

namespace {

std::string new_item_id(Kind kind) {
    switch (kind) {
    case Kind::reasoning: return random_id("rs_", 32);
    case Kind::message: return random_id("msg_", 32);
    case Kind::function_call: return random_id("fc_", 32);
    }
    return random_id("item_", 32);
}

// The one part of a message (output_text) or of a reasoning item
// (reasoning_text).
void write_part(JsonWriter& writer, Kind kind, std::string_view text) {
    writer.begin_object().key("type").string(kind == Kind::message ? "output_text" : "reasoning_text");
    writer.key("text").string(text);
    if (kind == Kind::message) writer.key("annotations").begin_array().end_array().key("logprobs").begin_array().end_array();
    writer.end_object();
}

// An item as it starts (`done` false: no content yet) or as it ends.
void write_item(JsonWriter& writer, const OutputItem& item, bool done) {
    writer.begin_object().key("id").string(item.id);
    switch (item.kind) {
    case Kind::reasoning:
        writer.key("type").string("reasoning").key("summary").begin_array().end_array();
        writer.key("content").begin_array();
        if (done && !item.text.empty()) write_part(writer, item.kind, item.text);
        writer.end_array();
        if (done && !item.encrypted.empty()) writer.key("encrypted_content").string(item.encrypted);
        break;
    case Kind::message:
        writer.key("type").string("message").key("status").string(done ? "completed" : "in_progress");
        writer.key("role").string("assistant").key("content").begin_array();
        if (done) write_part(writer, item.kind, item.text);
        writer.end_array();
        break;
    case Kind::function_call:
        writer.key("type").string("function_call").key("status").string(done ? "completed" : "in_progress");
        writer.key("call_id").string(item.call_id).key("name").string(item.name);
        writer.key("arguments").string(done ? std::string_view(item.text) : std::string_view());
        break;
    }
    writer.end_object();
}

void write_usage(JsonWriter& writer, const domain::Usage& usage) {
    writer.begin_object().key("input_tokens").number(usage.prompt_tokens);
    writer.key("input_tokens_details").begin_object().key("cached_tokens").number(usage.cached_prompt_tokens).end_object();
    writer.key("output_tokens").number(usage.completion_tokens);
    writer.key("output_tokens_details").begin_object().key("reasoning_tokens").number(usage.reasoning_tokens).end_object();
    writer.key("total_tokens").number(usage.total_tokens()).end_object();
}

// Everything but status, output and usage; `error` as JSON text, empty
// for none.
void write_shell(JsonWriter& writer, const ResponseShell& shell, std::string_view error) {
    writer.key("id").string(shell.id).key("object").string("response").key("created_at").number(shell.created_at);
    writer.key("model").string(shell.model).key("error");
    error.empty() ? writer.null() : writer.raw(error);
    for (const auto& [name, value] : shell.echo) writer.key(name).raw(value);
}

// Why an answer is incomplete, if it is.
std::optional<std::string_view> incomplete_reason(std::optional<domain::FinishReason> finish) {
    if (finish == domain::FinishReason::length) return "max_output_tokens";
    if (finish == domain::FinishReason::content_filter) return "content_filter";
    return std::nullopt;
}

std::string write_response_with(const ResponseShell& shell, std::string_view status, const std::vector<OutputItem>* items,
                                std::optional<std::string_view> incomplete, const domain::Usage* usage,
                                std::string_view error = {}) {
    JsonWriter writer;
    writer.begin_object();
    write_shell(writer, shell, error);
    writer.key("status").string(status).key("incomplete_details");
    if (incomplete) {
        writer.begin_object().key("reason").string(*incomplete).end_object();
    } else {
        writer.null();
    }
    writer.key("output").begin_array();
    if (items) {
        for (const auto& item : *items) write_item(writer, item, true);
    }
    writer.end_array().key("usage");
    usage ? write_usage(writer, *usage) : void(writer.null());
    writer.end_object();
    return writer.take();
}

}  // namespace

domain::RawJsonFields responses_echo_of(const json::object& body, bool stored) {
    domain::RawJsonFields echo;
    const auto repeat = [&](std::string_view name, std::string_view fallback) {
        const auto* value = body.if_contains(name);
        echo.emplace_back(std::string(name), value && !value->is_null() ? json_text(*value) : std::string(fallback));
    };
    repeat("instructions", "null");
    repeat("max_output_tokens", "null");
    repeat("parallel_tool_calls", "true");
    repeat("previous_response_id", "null");
    repeat("reasoning", R"({"effort":null,"summary":null})");
    echo.emplace_back("store", stored ? "true" : "false");
    repeat("temperature", "1.0");
    repeat("text", R"({"format":{"type":"text"}})");
    repeat("tool_choice", R"("auto")");
    repeat("tools", "[]");
    repeat("top_p", "1.0");
    echo.emplace_back("truncation", R"("disabled")");
    repeat("user", "null");
    repeat("metadata", "{}");
    return echo;
}

std::vector<OutputItem> output_items_of(const domain::ChatResponse& response) {
    std::vector<OutputItem> items;
    if (response.choices.empty()) return items;
    const auto& message = response.choices.front().message;
    for (const auto& block : message.reasoning) {
        items.push_back({.kind = Kind::reasoning, .id = block.id.empty() ? new_item_id(Kind::reasoning) : block.id,
                         .text = block.text, .encrypted = block.redacted.empty() ? block.signature : block.redacted});
    }
    if (auto text = message.text(); !text.empty() || message.tool_calls.empty()) {
        items.push_back({.kind = Kind::message, .id = new_item_id(Kind::message), .text = std::move(text)});
    }
    for (const auto& call : message.tool_calls) {
        items.push_back({.kind = Kind::function_call, .id = new_item_id(Kind::function_call), .text = call.arguments,
                         .call_id = call.id.empty() ? random_id("call_", 24) : call.id, .name = call.name});
    }
    return items;
}

void mark_not_stored(ResponseShell& shell) {
    for (auto& [name, value] : shell.echo) {
        if (name == "store") value = "false";
    }
}

std::string write_response(const ResponseShell& shell, const std::vector<OutputItem>& items,
                           std::optional<domain::FinishReason> finish, const domain::Usage& usage) {
    const auto incomplete = incomplete_reason(finish);
    return write_response_with(shell, incomplete ? "incomplete" : "completed", &items, incomplete, &usage);
}

JsonWriter& ResponsesEventWriter::begin(JsonWriter& writer, std::string_view type) {
    return writer.begin_object().key("type").string(type).key("sequence_number").number(sequence_++);
}

void ResponsesEventWriter::end(JsonWriter& writer, std::string_view type, std::vector<NamedEvent>& out) const {
    writer.end_object();
    out.push_back({type, writer.take()});
}

void ResponsesEventWriter::locate(JsonWriter& writer, bool part) const {
    writer.key("item_id").string(items_.back().id).key("output_index").number(static_cast<std::int64_t>(items_.size() - 1));
    if (part) writer.key("content_index").number(std::int64_t{0});
}

void ResponsesEventWriter::start(std::vector<NamedEvent>& out) {
    started_ = true;
    for (const std::string_view type : {"response.created", "response.in_progress"}) {
        JsonWriter writer;
        begin(writer, type).key("response").raw(write_response_with(shell_, "in_progress", nullptr, std::nullopt, nullptr));
        end(writer, type, out);
    }
}

void ResponsesEventWriter::open(OutputItem item, std::vector<NamedEvent>& out) {
    close(out);
    if (item.id.empty()) item.id = new_item_id(item.kind);
    items_.push_back(std::move(item));
    open_ = true;
    const auto& opened = items_.back();
    {
        JsonWriter writer;
        begin(writer, "response.output_item.added").key("output_index").number(static_cast<std::int64_t>(items_.size() - 1));
        writer.key("item");
        write_item(writer, opened, false);
        end(writer, "response.output_item.added", out);
    }
    if (opened.kind == Kind::function_call) return;
    JsonWriter writer;
    begin(writer, "response.content_part.added");
    locate(writer, true);
    writer.key("part");
    write_part(writer, opened.kind, "");
    end(writer, "response.content_part.added", out);
}

void ResponsesEventWriter::close(std::vector<NamedEvent>& out) {
    if (!open_) return;
    open_ = false;
    tool_call_ = -1;
    const auto& item = items_.back();
    if (item.kind == Kind::function_call) {
        JsonWriter writer;
        begin(writer, "response.function_call_arguments.done");
        locate(writer, false);
        writer.key("name").string(item.name).key("arguments").string(item.text);
        end(writer, "response.function_call_arguments.done", out);
    } else {
        const std::string_view done = item.kind == Kind::message ? "response.output_text.done" : "response.reasoning_text.done";
        JsonWriter text;
        begin(text, done);
        locate(text, true);
        text.key("text").string(item.text);
        if (item.kind == Kind::message) text.key("logprobs").begin_array().end_array();
        end(text, done, out);
        JsonWriter part;
        begin(part, "response.content_part.done");
        locate(part, true);
        part.key("part");
        write_part(part, item.kind, item.text);
        end(part, "response.content_part.done", out);
    }
    JsonWriter writer;
    begin(writer, "response.output_item.done").key("output_index").number(static_cast<std::int64_t>(items_.size() - 1));
    writer.key("item");
    write_item(writer, item, true);
    end(writer, "response.output_item.done", out);
}

void ResponsesEventWriter::add_text(Kind kind, std::string_view text, std::vector<NamedEvent>& out) {
    if (!open_ || items_.back().kind != kind) open(OutputItem{.kind = kind}, out);
    items_.back().text += text;
    const std::string_view type = kind == Kind::message ? "response.output_text.delta" : "response.reasoning_text.delta";
    JsonWriter writer;
    begin(writer, type);
    locate(writer, true);
    writer.key("delta").string(text);
    if (kind == Kind::message) writer.key("logprobs").begin_array().end_array();
    end(writer, type, out);
}

void ResponsesEventWriter::add(const domain::StreamChunk& chunk, std::vector<NamedEvent>& out) {
    if (chunk.choice_index != 0) return;  // a response has one answer
    if (!started_) start(out);
    if (chunk.reasoning && !chunk.reasoning->empty()) add_text(Kind::reasoning, *chunk.reasoning, out);
    for (const auto& block : chunk.reasoning_blocks) {
        // A whole block ends the item whose text streamed before it.
        if (!open_ || items_.back().kind != Kind::reasoning) {
            open(OutputItem{.kind = Kind::reasoning, .id = block.id, .text = block.text}, out);
        }
        items_.back().encrypted = block.redacted.empty() ? block.signature : block.redacted;
        // The provider's id is what it wants back; it comes with the whole
        // block, after the item's first events named an id of the gateway's.
        if (!block.id.empty()) items_.back().id = block.id;
        close(out);
    }
    for (const auto* text : {&chunk.content, &chunk.refusal}) {
        if (*text && !(*text)->empty()) add_text(Kind::message, **text, out);
    }
    for (const auto& call : chunk.tool_calls) {
        if (!open_ || items_.back().kind != Kind::function_call || call.index != tool_call_) {
            open(OutputItem{.kind = Kind::function_call,
                            .call_id = call.id.empty() ? random_id("call_", 24) : call.id,
                            .name = call.name},
                 out);
            tool_call_ = call.index;
        }
        if (call.arguments.empty()) continue;
        items_.back().text += call.arguments;
        JsonWriter writer;
        begin(writer, "response.function_call_arguments.delta");
        locate(writer, false);
        writer.key("delta").string(call.arguments);
        end(writer, "response.function_call_arguments.delta", out);
    }
    if (chunk.finish_reason) {
        close(out);
        finish_reason_ = chunk.finish_reason;
    }
}

std::string ResponsesEventWriter::response(const domain::Usage& usage) const {
    return write_response(shell_, items_, finish_reason_, usage);
}

void ResponsesEventWriter::finish(const domain::Usage& usage, std::vector<NamedEvent>& out) {
    if (!started_) start(out);
    close(out);
    const auto incomplete = incomplete_reason(finish_reason_);
    const std::string_view type = incomplete ? "response.incomplete" : "response.completed";
    JsonWriter writer;
    begin(writer, type).key("response").raw(response(usage));
    end(writer, type, out);
}

void ResponsesEventWriter::fail(std::string_view code, std::string_view message, std::vector<NamedEvent>& out) {
    if (!started_) start(out);
    {
        JsonWriter writer;
        begin(writer, "error").key("code").string(code).key("message").string(message).key("param").null();
        end(writer, "error", out);
    }
    JsonWriter error;
    error.begin_object().key("code").string(code).key("message").string(message).end_object();
    const auto failed = write_response_with(shell_, "failed", &items_, std::nullopt, nullptr, error.take());
    JsonWriter writer;
    begin(writer, "response.failed").key("response").raw(failed);
    end(writer, "response.failed", out);
}

}  // namespace llmgw::adapters
