#include "portdb/db/input_file.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

namespace portdb::db {
namespace {

namespace fs = std::filesystem;

// How long a FIFO nothing writes to is waited for: long enough for a writer
// started at the same moment to open it, short enough not to look hung.
constexpr int fifo_writer_wait_ms = 1000;

/// Closes a descriptor this file opened.
class FileDescriptor {
public:
    explicit FileDescriptor(int fd) : fd_(fd) {}
    ~FileDescriptor() {
        if (fd_ >= 0) {
            ::close(fd_);
        }
    }
    FileDescriptor(const FileDescriptor&) = delete;
    FileDescriptor& operator=(const FileDescriptor&) = delete;
    [[nodiscard]] int get() const { return fd_; }

private:
    int fd_;
};

/// A pipe in non-blocking mode while it is read, restored after: standard
/// input's pipe is shared with the processes around portdb.
class NonBlocking {
public:
    NonBlocking(int fd, const std::string& label) : fd_(fd), flags_(::fcntl(fd, F_GETFL)) {
        if (flags_ < 0 || ::fcntl(fd, F_SETFL, flags_ | O_NONBLOCK) != 0) {
            throw InputFileError(fmt::format("{}: cannot be read: {}", label, std::strerror(errno)));
        }
    }
    ~NonBlocking() { ::fcntl(fd_, F_SETFL, flags_); }
    NonBlocking(const NonBlocking&) = delete;
    NonBlocking& operator=(const NonBlocking&) = delete;

private:
    int fd_;
    int flags_;
};

std::string_view type_name(mode_t mode) {
    if (S_ISDIR(mode)) {
        return "a directory";
    }
    if (S_ISFIFO(mode)) {
        return "a FIFO (pipe)";
    }
    if (S_ISCHR(mode)) {
        return "a character device";
    }
    if (S_ISBLK(mode)) {
        return "a block device";
    }
    if (S_ISSOCK(mode)) {
        return "a socket";
    }
    return "not a regular file";
}

std::string size_limit(std::size_t max_bytes) {
    if (max_bytes >= (1U << 20U) && max_bytes % (1U << 20U) == 0) {
        return fmt::format("{} MiB", max_bytes >> 20U);
    }
    if (max_bytes >= 1024 && max_bytes % 1024 == 0) {
        return fmt::format("{} KiB", max_bytes >> 10U);
    }
    return fmt::format("{} byte", max_bytes);
}

// O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer.
// A path open() refuses with ENXIO is a socket (or a device with no driver):
// say which instead of "No such device or address".
int open_for_reading(const fs::path& file, const std::string& label, bool missing_is_absent) {
    const int fd = ::open(file.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd >= 0) {
        return fd;
    }
    const int error = errno;
    if (missing_is_absent && (error == ENOENT || error == ENOTDIR)) {
        return -1;
    }
    struct stat status {};
    if (error == ENXIO && ::stat(file.c_str(), &status) == 0) {
        throw InputFileError(fmt::format("{}: is {}, not a file", label, type_name(status.st_mode)));
    }
    throw InputFileError(fmt::format("{}: cannot be read: {}", label, std::strerror(error)));
}

struct stat status_of(int fd, const std::string& label) {
    struct stat status {};
    if (::fstat(fd, &status) != 0) {
        throw InputFileError(fmt::format("{}: cannot be read: {}", label, std::strerror(errno)));
    }
    return status;
}

[[noreturn]] void too_large(const std::string& label, std::size_t max_bytes) {
    throw InputFileError(fmt::format("{}: larger than the {} limit", label, size_limit(max_bytes)));
}

// Reads to the end; a descriptor in non-blocking mode (a pipe) that has
// nothing yet is polled, so a writer that is there is waited for like cat does.
// `expected` (a regular file's size) is only a hint: the bytes are read
// whatever it says, but a registry read in one allocation peaks at its size,
// not at twice it (the doubling of a growing string).
std::string read_to_end(int fd, const std::string& label, std::size_t max_bytes, bool is_stream,
                        std::size_t expected = 0) {
    std::string bytes;
    bytes.reserve(std::min(expected, max_bytes) + 1);
    char buffer[65536];
    bool waited_for_writer = false;
    for (;;) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n > 0) {
            if (bytes.size() + static_cast<std::size_t>(n) > max_bytes) {
                too_large(label, max_bytes);
            }
            bytes.append(buffer, static_cast<std::size_t>(n));
            continue;
        }
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0 && errno == EAGAIN) {  // a writer is there and has not written yet
            pollfd ready{fd, POLLIN, 0};
            ::poll(&ready, 1, -1);
            continue;
        }
        if (n < 0) {
            throw InputFileError(fmt::format("{}: read error: {}", label, std::strerror(errno)));
        }
        // The end: for a FIFO no writer ever opened, wait a moment for one (a
        // writer started at the same moment may not have opened it yet).
        if (is_stream && bytes.empty() && !waited_for_writer) {
            waited_for_writer = true;
            pollfd ready{fd, POLLIN, 0};
            if (::poll(&ready, 1, fifo_writer_wait_ms) > 0) {
                continue;
            }
            throw InputFileError(
                fmt::format("{}: a FIFO (pipe) that nothing writes to: start the program that writes it first", label));
        }
        break;
    }
    if (is_stream && bytes.empty()) {
        throw InputFileError(fmt::format("{}: the pipe ended without any data", label));
    }
    return bytes;
}

std::optional<std::string> read_configuration(const fs::path& file, std::string_view what, std::size_t max_bytes,
                                              bool missing_is_absent) {
    const auto label = fmt::format("{} {}", what, file.string());
    const FileDescriptor fd(open_for_reading(file, label, missing_is_absent));
    if (fd.get() < 0) {
        return std::nullopt;
    }
    const auto status = status_of(fd.get(), label);
    if (!S_ISREG(status.st_mode)) {
        throw InputFileError(fmt::format("{}: is {}, not a regular file", label, type_name(status.st_mode)));
    }
    if (static_cast<std::uintmax_t>(status.st_size) > max_bytes) {
        too_large(label, max_bytes);
    }
    return read_to_end(fd.get(), label, max_bytes, false, static_cast<std::size_t>(status.st_size));
}

std::string read_registry(int fd, const std::string& label, std::size_t max_bytes) {
    const auto status = status_of(fd, label);
    if (S_ISREG(status.st_mode)) {
        if (static_cast<std::uintmax_t>(status.st_size) > max_bytes) {
            too_large(label, max_bytes);
        }
        // st_size is not trusted (/proc files say 0), only used to allocate once.
        return read_to_end(fd, label, max_bytes, false, static_cast<std::size_t>(status.st_size));
    }
    if (S_ISFIFO(status.st_mode)) {
        const NonBlocking non_blocking(fd, label);
        return read_to_end(fd, label, max_bytes, true);
    }
    if (::isatty(fd) != 0) {
        throw InputFileError(fmt::format("{}: is a terminal: give a file, or pipe a registry into portdb", label));
    }
    throw InputFileError(fmt::format("{}: is {}, not a regular file or a pipe", label, type_name(status.st_mode)));
}

}  // namespace

std::string read_configuration_file(const fs::path& file, std::string_view what, std::size_t max_bytes) {
    return *read_configuration(file, what, max_bytes, false);
}

std::optional<std::string> read_configuration_file_if_present(const fs::path& file, std::string_view what,
                                                              std::size_t max_bytes) {
    return read_configuration(file, what, max_bytes, true);
}

std::string read_registry_input(const fs::path& file, std::size_t max_bytes) {
    const FileDescriptor fd(open_for_reading(file, file.string(), false));
    return read_registry(fd.get(), file.string(), max_bytes);
}

std::string read_registry_input(int fd, std::string_view name, std::size_t max_bytes) {
    return read_registry(fd, std::string(name), max_bytes);
}

}  // namespace portdb::db
