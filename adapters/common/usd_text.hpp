#pragma once

#include <string>

#include "domain/money.hpp"

namespace llmgw::adapters {

// Nano-dollars as an exact decimal number of dollars, for JSON: 12.5,
// 0.00002, 0.
std::string usd_text(domain::NanoDollars amount);

}  // namespace llmgw::adapters
