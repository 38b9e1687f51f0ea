#pragma once

#include "portdb/db/error.hpp"

#include <stdexcept>

namespace portdb::query {

/// A request that cannot mean anything ("70000/tcp", "80/tpc"): the user's
/// mistake, not the data's. The message says what is accepted.
class UsageError : public Error {
public:
    explicit UsageError(const std::string& message) : Error(ErrorKind::usage, message) {}
};

}  // namespace portdb::query
