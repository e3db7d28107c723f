#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace llmgw::adapters {

struct SseEvent {
    std::string event;  // empty for the default "message" type
    std::string data;   // data lines joined with '\n'
};

// Server-Sent Events, sans I/O: feed it bytes as they arrive, in pieces of any
// size, and take the events completed so far. Follows the WHATWG rules: lines
// end in "\r\n", "\n" or "\r" (also split across pieces), lines starting with
// ':' are comments, a blank line dispatches the event, and an event without
// data is dropped.
class SseParser {
public:
    // Appends every event completed by `bytes` to `out`.
    void feed(std::string_view bytes, std::vector<SseEvent>& out);

    // Bytes held for a line or event not yet complete.
    std::size_t pending_bytes() const noexcept { return line_.size() + current_.data.size(); }

private:
    void end_line(std::vector<SseEvent>& out);

    std::string line_;
    SseEvent current_;
    bool has_data_ = false;
    bool after_cr_ = false;
};

}  // namespace llmgw::adapters
