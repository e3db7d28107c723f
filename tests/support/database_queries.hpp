#pragma once

#include <string>
#include <vector>

namespace llmgw::testing {

// The rows a query returns, each column as text ("NULL" for null), as a
// finance analyst's client would see them. A failing query fails the test.
using QueryRows = std::vector<std::vector<std::string>>;
QueryRows sqlite_query(const std::string& path, const std::string& sql);
QueryRows postgres_query(const std::string& dsn, const std::string& sql);

}  // namespace llmgw::testing
