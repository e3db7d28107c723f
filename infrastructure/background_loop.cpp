#include "infrastructure/background_loop.hpp"

#include <pthread.h>

namespace llmgw::infrastructure {

BackgroundLoop::BackgroundLoop(std::chrono::milliseconds drain)
    : drain_(drain), thread_([this] {
          pthread_setname_np(pthread_self(), "llmgw-side");
          // The work reports its own failures; one that escapes must not end
          // the process.
          for (;;) {
              try {
                  context_.run();
                  break;
              } catch (...) {
              }
          }
          stopped_.set_value();
      }) {}

BackgroundLoop::~BackgroundLoop() {
    const auto stopped = stopped_.get_future();
    work_.reset();
    if (stopped.wait_for(drain_) != std::future_status::ready) context_.stop();
    thread_.join();
}

}  // namespace llmgw::infrastructure
