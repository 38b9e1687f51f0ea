#include "settings.hpp"

#include <cstdlib>
#include <string_view>

// The shipped database, linked into the program (data/shipped_image.S.in).
extern "C" const char portdb_shipped_image_begin[];
extern "C" const char portdb_shipped_image_end[];

namespace portdb::cli {
namespace {

namespace fs = std::filesystem;

std::optional<fs::path> variable(const char* name) {
    const char* value = std::getenv(name);
    return value != nullptr && *value != '\0' ? std::optional(fs::path(value)) : std::nullopt;
}

Settings from_environment() {
    Settings s;
    s.data_dir = variable("PORTDB_DATA_DIR");
    s.system_services = variable("PORTDB_SYSTEM_SERVICES").value_or(importer::BirthSources{}.system_services);
    s.nmap_services = variable("PORTDB_NMAP_SERVICES").value_or(importer::BirthSources{}.nmap_services);
    return s;
}

std::string_view shipped_image() {
    return {portdb_shipped_image_begin,
            static_cast<std::size_t>(portdb_shipped_image_end - portdb_shipped_image_begin)};
}

}  // namespace

const Settings& settings() {
    static const Settings read = from_environment();
    return read;
}

importer::BirthSources birth_sources(const Settings& settings) {
    importer::BirthSources from;
    from.system_services = settings.system_services;
    from.nmap_services = settings.nmap_services;
    if (!settings.data_dir) {
        from.shipped = importer::ShippedData::from_image(shipped_image(), "the shipped data");
        return from;
    }
    std::error_code ec;
    if (const auto file = *settings.data_dir / "ports.sqlite"; fs::is_regular_file(file, ec)) {
        from.shipped = importer::ShippedData::from_file(file);
    }
    return from;
}

}  // namespace portdb::cli
