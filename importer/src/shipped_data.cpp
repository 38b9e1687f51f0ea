#include "portdb/importer/shipped_data.hpp"

#include "portdb/importer/import.hpp"

#include <link.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>

namespace portdb::importer {

ShippedData ShippedData::from_image(std::string_view image, std::string origin) {
    ShippedData data;
    data.bytes_ = image;
    data.origin_ = std::move(origin);
    return data;
}

ShippedData ShippedData::from_file(const std::filesystem::path& file) {
    ShippedData data;
    data.owned_ = std::make_shared<const std::string>(read_registry_file(file));
    data.bytes_ = *data.owned_;
    data.origin_ = "the shipped data (" + file.string() + ")";
    return data;
}

namespace {

// Whether `bytes` lie in a read-only segment loaded from a program's or a
// library's file (the image linked in): only there does MADV_DONTNEED give the
// same bytes back when they are read again. On anonymous memory it zeroes them.
struct Range {
    std::uintptr_t begin = 0;
    std::uintptr_t end = 0;
    bool in_file = false;
};

int find_read_only_segment(dl_phdr_info* info, std::size_t /*size*/, void* data) {
    auto& range = *static_cast<Range*>(data);
    for (int i = 0; i < info->dlpi_phnum; ++i) {
        const auto& segment = info->dlpi_phdr[i];
        const auto start = info->dlpi_addr + segment.p_vaddr;
        if (segment.p_type == PT_LOAD && (segment.p_flags & PF_W) == 0 && range.begin >= start &&
            range.end <= start + segment.p_filesz) {
            range.in_file = true;
        }
    }
    return range.in_file ? 1 : 0;
}

bool in_loaded_file(std::string_view bytes) {
    Range range{reinterpret_cast<std::uintptr_t>(bytes.data()),
                reinterpret_cast<std::uintptr_t>(bytes.data()) + bytes.size(), false};
    ::dl_iterate_phdr(find_read_only_segment, &range);
    return range.in_file;
}

}  // namespace

void ShippedData::release_resident_pages() const noexcept {
    if (owned_ || bytes_.empty() || !in_loaded_file(bytes_)) {
        return;
    }
    const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
    const auto start = reinterpret_cast<std::uintptr_t>(bytes_.data());
    const auto first = (start + page - 1) / page * page;  // whole pages inside the image only
    const auto last = (start + bytes_.size()) / page * page;
    if (last > first) {
        ::madvise(reinterpret_cast<void*>(first), last - first, MADV_DONTNEED);  // advice: failure changes nothing
    }
}

}  // namespace portdb::importer
