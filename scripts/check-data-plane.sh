#!/usr/bin/env bash
# Fails when code that handles bytes from outside (domain, application,
# adapters) uses a throwing Boost.JSON accessor: a client's or an upstream's
# JSON must never be able to turn into an exception (a 500 and a closed
# connection). Use the if_* / is_* + get_* forms, or to_number with an
# error_code.
set -euo pipefail
cd "$(dirname "$0")/.."

pattern='\.(as_object|as_array|as_string|as_int64|as_uint64|as_double|as_bool)\(\)|to_number<[^>]*>\(\)|\.at\("'
if found=$(grep -rnE "$pattern" domain application adapters --include='*.cpp' --include='*.hpp'); then
  echo "Throwing JSON accessors on the data plane:" >&2
  echo "$found" >&2
  exit 1
fi

# Boost.JSON's serializer writes 12.5 as 1.25E1: valid, but not what a client
# or a provider wrote, and it is what tool arguments and pass-through fields
# would carry. JsonWriter::value / json_text write numbers the short way.
if found=$(grep -rn "json::serialize" domain application adapters --include='*.cpp' --include='*.hpp'); then
  echo "Boost.JSON's serializer on the data plane (use json_text or JsonWriter::value):" >&2
  echo "$found" >&2
  exit 1
fi
