#pragma once

#include <stdexcept>

namespace portdb::db {

/// A database that cannot be opened, read or written. The message names the
/// database file and is fit to show a user as it is.
class DatabaseError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace portdb::db
