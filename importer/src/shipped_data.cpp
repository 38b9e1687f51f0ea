#include "portdb/importer/shipped_data.hpp"

#include "portdb/importer/import.hpp"

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

}  // namespace portdb::importer
