#pragma once
// The one base of every error portdb reports to a user. Each error says what
// kind of failure it is, so a program (the CLI among them) maps the kind to an
// exit code in one place and a new error type needs no new catch clause.

#include <stdexcept>
#include <string>

namespace portdb {

enum class ErrorKind {
    usage,    ///< the request cannot mean anything ("70000/tcp"): the user's to fix
    data,     ///< a file, database or download that cannot be used
    refused,  ///< a change refused as asked (a port reserved for another name): nothing changed
};

/// An error whose what() is one line fit to show a user as it is.
class Error : public std::runtime_error {
public:
    Error(ErrorKind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
    [[nodiscard]] ErrorKind kind() const noexcept { return kind_; }

private:
    ErrorKind kind_;
};

}  // namespace portdb
