#include "standard_streams.hpp"

#include <fcntl.h>
#include <unistd.h>
#include <cerrno>
#include <cstdio>

namespace portdb::cli {

void reserve_standard_streams() {
    for (int fd = 0; fd <= 2; ++fd) {
        if (::fcntl(fd, F_GETFD) != -1 || errno != EBADF) {
            continue;
        }
        // open() returns the lowest free descriptor: this one.
        const int opened = ::open("/dev/null", fd == STDERR_FILENO ? O_WRONLY : O_RDONLY);
        if (opened >= 0 && opened != fd) {
            ::close(opened);  // cannot happen while fd is the lowest free one; keep nothing stray
        }
    }
}

void print_stderr(std::string_view text) noexcept {
    if (std::fwrite(text.data(), 1, text.size(), stderr) != text.size() || std::fflush(stderr) != 0) {
        std::clearerr(stderr);
    }
}

}  // namespace portdb::cli
