#pragma once
// Memory for a database held in memory (internal to db).

#include <cstddef>
#include <string_view>

namespace portdb::db::detail {

/// A copy of a database file's bytes in memory of its own, with room to grow,
/// for SQLite to use in place (sqlite3_deserialize without FREEONCLOSE). The
/// pages are mapped in one call, in huge pages where the kernel offers them,
/// rather than faulted in one 4 KiB page at a time: on a virtual machine a
/// page fault costs microseconds, and a first use copied the 4 MiB shipped
/// image into 1,000 freshly faulted pages (half of its 53 ms). (Mapping the
/// image copy-on-write from the program file was measured too: the 190 pages
/// a first use changes then fault one by one, and it gained nothing.)
class ImageMemory {
public:
    /// Copies `bytes`, leaving `headroom` bytes to grow into. Throws std::bad_alloc.
    ImageMemory(std::string_view bytes, std::size_t headroom);
    ~ImageMemory();
    ImageMemory(const ImageMemory&) = delete;
    ImageMemory& operator=(const ImageMemory&) = delete;

    [[nodiscard]] unsigned char* data() const { return data_; }
    [[nodiscard]] std::size_t size() const { return size_; }
    [[nodiscard]] std::size_t capacity() const { return capacity_; }

private:
    unsigned char* data_ = nullptr;
    std::size_t size_ = 0;
    std::size_t capacity_ = 0;
};

}  // namespace portdb::db::detail
