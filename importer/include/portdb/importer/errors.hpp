#pragma once

#include <stdexcept>

namespace portdb::importer {

/// Input that is not a valid registry file of the format it claims or was
/// detected as. The message names the file and the line ("FILE:LINE: ...") or
/// the record ("FILE: record N (line L): ...") and says what was expected.
class ParseError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Input that cannot be read at all, or whose format portdb does not know.
class InputError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// An import or update that would lose data by accident: a file with no
/// record, or one with fewer than half the assignments of what it replaces
/// (a truncated or wrong file). Accepted only with --force.
class ReplaceRefused : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace portdb::importer
