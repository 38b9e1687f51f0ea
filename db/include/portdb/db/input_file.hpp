#pragma once
// Reading the files a user names, in the two ways portdb reads them:
//  - a configuration file (the targets setting, a site file, a policy file) is
//    a regular file read whole: anything else is refused at once;
//  - a registry input (import, diff, update --source) is a regular file or a
//    stream (a pipe, a FIFO, a /proc file), read to its end.
// Both are bounded, never block on opening a FIFO, and never take a reported
// size of 0 (pipes, /proc) to mean "empty": they read until the end.

#include "portdb/db/error.hpp"

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace portdb::db {

/// A file that exists but cannot be used as asked; the message names it.
class InputFileError : public Error {
public:
    explicit InputFileError(const std::string& message) : Error(ErrorKind::data, message) {}
};

/// The bytes of configuration file `file`, whole. Throws InputFileError,
/// its message starting "`what` FILE: ", when the file is missing, is not a
/// regular file (a directory, FIFO, device or socket), cannot be read
/// (permissions, I/O) or holds more than `max_bytes`.
std::string read_configuration_file(const std::filesystem::path& file, std::string_view what, std::size_t max_bytes);

/// The same, but a file that does not exist (nor its folder) is nullopt: a
/// setting nobody made. Every other failure throws as above.
std::optional<std::string> read_configuration_file_if_present(const std::filesystem::path& file, std::string_view what,
                                                              std::size_t max_bytes);

/// The bytes of registry input `file`: a regular file, or a pipe or FIFO
/// read to its end. A FIFO nothing writes to is waited for one second, then
/// refused; a stream that ends with no byte is refused too (it is not an empty
/// file). Devices, sockets and directories are refused. Throws InputFileError
/// naming the file, also past `max_bytes`.
std::string read_registry_input(const std::filesystem::path& file, std::size_t max_bytes);

/// The same for an open descriptor (standard input for "-"), named `name` in
/// messages; a terminal is refused (nothing was piped in). Does not close it.
std::string read_registry_input(int fd, std::string_view name, std::size_t max_bytes);

}  // namespace portdb::db
