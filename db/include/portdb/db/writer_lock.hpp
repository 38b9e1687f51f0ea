#pragma once
// One writer at a time for a whole import or update, not only for its final
// transaction: a second update waits, then finds the registry already current.

#include <filesystem>
#include <functional>

namespace portdb::db {

/// An exclusive advisory lock (flock) on DATABASE.lock, held until destroyed.
/// Readers never take it. The lock file is created with the user's umask and
/// never through a symlink. Throws DatabaseError when it cannot be opened.
class WriterLock {
public:
    /// Calls `on_wait` once, before blocking, when another process holds the lock.
    explicit WriterLock(const std::filesystem::path& database, const std::function<void()>& on_wait = {});
    ~WriterLock();
    WriterLock(const WriterLock&) = delete;
    WriterLock& operator=(const WriterLock&) = delete;

private:
    int fd_ = -1;
};

}  // namespace portdb::db
