#include "image_memory.hpp"

#include <algorithm>
#include <cstring>
#include <new>

#include <sys/mman.h>

namespace portdb::db::detail {
namespace {

constexpr std::size_t huge_page = 2U << 20U;

std::size_t round_up(std::size_t n, std::size_t unit) { return (n + unit - 1) / unit * unit; }

}  // namespace

ImageMemory::ImageMemory(std::string_view bytes, std::size_t headroom) : size_(bytes.size()) {
    if (headroom > (std::size_t{1} << 40U) || bytes.size() > (std::size_t{1} << 40U)) {
        throw std::bad_alloc();  // never asked for: a size past this is a bug, not a database
    }
    capacity_ = round_up(std::max<std::size_t>(bytes.size() + headroom, 1), huge_page);
    void* memory = ::mmap(nullptr, capacity_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (memory == MAP_FAILED) {
        throw std::bad_alloc();
    }
    data_ = static_cast<unsigned char*>(memory);
    // Advice only: where either is refused the pages are faulted in as usual.
    ::madvise(memory, capacity_, MADV_HUGEPAGE);
#ifdef MADV_POPULATE_WRITE
    ::madvise(memory, round_up(size_, huge_page), MADV_POPULATE_WRITE);
#endif
    std::memcpy(data_, bytes.data(), bytes.size());
}

ImageMemory::~ImageMemory() { ::munmap(data_, capacity_); }

}  // namespace portdb::db::detail
