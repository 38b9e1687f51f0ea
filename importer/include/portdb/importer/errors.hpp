#pragma once

#include "portdb/db/error.hpp"

#include <stdexcept>

namespace portdb::importer {

/// Input that is not a valid registry file of the format it claims or was
/// detected as. The message names the file and the line ("FILE:LINE: ...") or
/// the record ("FILE: record N (line L): ...") and says what was expected.
class ParseError : public Error {
public:
    explicit ParseError(const std::string& message) : Error(ErrorKind::data, message) {}
};

/// Input that cannot be read at all, or whose format portdb does not know.
class InputError : public Error {
public:
    explicit InputError(const std::string& message) : Error(ErrorKind::data, message) {}
};

/// An import or update that would lose data by accident: a file with no
/// record, or one with fewer than half the assignments of what it replaces
/// (a truncated or wrong file). Accepted only with --force.
class ReplaceRefused : public Error {
public:
    explicit ReplaceRefused(const std::string& message) : Error(ErrorKind::data, message) {}
};

}  // namespace portdb::importer
