#include "application/request_record.hpp"

#include "domain/request_outcome.hpp"
#include "domain/request_trace.hpp"

namespace llmgw::application {

RequestRecord::RequestRecord(domain::CostLedger& ledger, const domain::Clock& clock, domain::RequestContext& context,
                             domain::Operation operation, std::string model, bool stream)
    : ledger_(ledger), clock_(clock), context_(context) {
    if (context.received_at == std::chrono::steady_clock::time_point{}) context.received_at = clock.monotonic();
    row_.request_id = context.request_id;
    row_.client_request_id = context.client_request_id;
    row_.caller = context.caller;
    row_.started_at = clock.now() - std::chrono::duration_cast<std::chrono::system_clock::duration>(
                                        clock.monotonic() - context.received_at);
    row_.operation = operation;
    row_.model = std::move(model);
    row_.stream = stream;
    context.row = &row_;
    if (context.recording) {
        auto& parameters = context.recording->parameters;
        parameters.operation = operation;
        parameters.model = row_.model;
        parameters.stream = stream;
    }
}

void RequestRecord::close(int status, const domain::Error* error, bool aborted) noexcept {
    if (!open_) return;
    open_ = false;
    context_.row = nullptr;
    row_.finished_at = clock_.now();
    const auto took = clock_.monotonic() - context_.received_at;
    row_.latency_ms = std::chrono::duration_cast<std::chrono::milliseconds>(took).count();
    row_.latency_us = std::chrono::duration_cast<std::chrono::microseconds>(took).count();
    row_.status = status;
    row_.aborted = aborted;
    if (error) row_.error_code = domain::to_string(error->code);
    if (aborted) row_.error_code = domain::to_string(domain::ErrorCode::client_closed);
    if (context_.cache_status) row_.cache = context_.cache_status->outcome;
    if (context_.outcome) {
        *context_.outcome = domain::RequestOutcome{.known = true,
                                                   .model = row_.model,
                                                   .served_model = row_.served_model,
                                                   .provider = row_.provider,
                                                   .api_key_id = row_.caller.api_key_id,
                                                   .team = row_.caller.team,
                                                   .project = row_.caller.project,
                                                   .error_code = row_.error_code,
                                                   .stream = row_.stream,
                                                   .cache_hit = row_.cache_hit,
                                                   .cache = row_.cache,
                                                   .usage = row_.usage,
                                                   .cost = row_.cost,
                                                   .attempts = row_.attempts,
                                                   .ttft_ms = row_.ttft_ms};
    }
    ledger_.record(std::move(row_));
}

}  // namespace llmgw::application
