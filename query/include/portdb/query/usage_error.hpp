#pragma once

#include <stdexcept>

namespace portdb::query {

/// A request that cannot mean anything ("70000/tcp", "80/tpc"): the user's
/// mistake, not the data's. The message says what is accepted.
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace portdb::query
