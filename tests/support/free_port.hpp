#pragma once

namespace llmgw::testing {

// A loopback TCP port nobody listens on right now, for a server a test
// starts (PostgreSQL, Redis).
unsigned short free_port();

}  // namespace llmgw::testing
