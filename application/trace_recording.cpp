#include "application/trace_recording.hpp"

namespace llmgw::application {

TracedStepScope::TracedStepScope(const domain::RequestContext& context, const domain::Clock& clock,
                                 std::string_view name)
    : recording_(context.recording), clock_(clock) {
    if (!recording_) return;
    step_.name = name;
    step_.span_id = domain::random_span_id();
    step_.started = clock.monotonic();
}

TracedStepScope::~TracedStepScope() {
    if (!recording_) return;
    step_.ended = clock_.monotonic();
    recording_->steps.push_back(std::move(step_));
}

void trace_event(const domain::RequestContext& context, domain::TracedEvent event) {
    if (context.recording) context.recording->events.push_back(std::move(event));
}

}  // namespace llmgw::application
