#pragma once

#include "portdb/db/error.hpp"

#include <stdexcept>

namespace portdb::db {

/// A database that cannot be opened, read or written. The message names the
/// database file and is fit to show a user as it is.
class DatabaseError : public Error {
public:
    explicit DatabaseError(const std::string& message) : Error(ErrorKind::data, message) {}
};

}  // namespace portdb::db
