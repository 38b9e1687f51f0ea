#include "portdb/importer/shipped_data.hpp"

#include "portdb/importer/import.hpp"

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

void ShippedData::release_resident_pages() const noexcept {
    if (owned_ || bytes_.empty()) {
        return;
    }
    const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
    const auto start = reinterpret_cast<std::uintptr_t>(bytes_.data());
    const auto first = (start + page - 1) / page * page;  // whole pages inside the image only
    const auto last = (start + bytes_.size()) / page * page;
    if (last > first) {
        ::madvise(reinterpret_cast<void*>(first), last - first, MADV_PAGEOUT);  // advice: failure changes nothing
    }
}

}  // namespace portdb::importer
