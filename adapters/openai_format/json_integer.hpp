#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include <boost/json/object.hpp>

#include "domain/error.hpp"

namespace llmgw::adapters {

// An integer field of a client's request, read without any throwing
// accessor: absent or null is none; anything but an integer of at least
// `min` is a 400 naming the field. Integers past 2^63-1 (Boost.JSON keeps
// them as uint64) are above every limit and refused the same way; upper
// limits are policy (domain::RequestLimits).
domain::Result<std::optional<std::int64_t>> optional_integer(const boost::json::object& body, std::string_view name,
                                                             std::int64_t min);

}  // namespace llmgw::adapters
