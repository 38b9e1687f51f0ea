#include "portdb/db/writer_lock.hpp"

#include "portdb/db/database_error.hpp"
#include "portdb/db/database_path.hpp"

#include <fmt/format.h>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cerrno>
#include <cstring>

namespace portdb::db {

WriterLock::WriterLock(const std::filesystem::path& database, const std::function<void()>& on_wait) {
    check_database_path(database);  // no "/dev/null.lock", no waiting on a FIFO
    const auto path = database.string() + ".lock";
    std::error_code ec;
    if (database.has_parent_path()) {
        std::filesystem::create_directories(database.parent_path(), ec);
    }
    // O_NONBLOCK: a FIFO planted at the lock's path must not block the open.
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK, 0666);  // 0666 & ~umask
    if (fd_ < 0) {
        throw DatabaseError(fmt::format("cannot open the lock file {}: {}", path, std::strerror(errno)));
    }
    struct stat st {};
    if (::fstat(fd_, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd_);
        throw DatabaseError(fmt::format("cannot open the lock file {}: not a regular file", path));
    }
    if (::flock(fd_, LOCK_EX | LOCK_NB) == 0) {
        return;
    }
    if (errno == EWOULDBLOCK && on_wait) {
        on_wait();
    }
    while (::flock(fd_, LOCK_EX) != 0) {
        if (errno != EINTR) {
            const int error = errno;
            ::close(fd_);
            throw DatabaseError(fmt::format("cannot lock {}: {}", path, std::strerror(error)));
        }
    }
}

WriterLock::~WriterLock() {
    if (fd_ >= 0) {
        ::close(fd_);  // releases the flock
    }
}

}  // namespace portdb::db
