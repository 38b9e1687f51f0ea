#include "settings.hpp"

#include <cstdlib>
#include <string_view>

// The shipped database, linked into the program (data/shipped_image.S.in).
extern "C" const char portdb_shipped_image_begin[];
extern "C" const char portdb_shipped_image_end[];

namespace portdb::cli {
namespace {

namespace fs = std::filesystem;

std::optional<std::string> variable(const char* name) {
    const char* value = std::getenv(name);
    return value != nullptr && *value != '\0' ? std::optional<std::string>(value) : std::nullopt;
}

std::optional<fs::path> path_variable(const char* name) {
    auto value = variable(name);
    return value ? std::optional<fs::path>(std::move(*value)) : std::nullopt;
}

std::string_view shipped_image() {
    return {portdb_shipped_image_begin,
            static_cast<std::size_t>(portdb_shipped_image_end - portdb_shipped_image_begin)};
}

}  // namespace

Settings read_settings() {
    Settings s;
    s.data_dir = path_variable("PORTDB_DATA_DIR");
    s.system_services = path_variable("PORTDB_SYSTEM_SERVICES").value_or(importer::BirthSources{}.system_services);
    s.nmap_services = path_variable("PORTDB_NMAP_SERVICES").value_or(importer::BirthSources{}.nmap_services);
    s.database = path_variable("PORTDB_DB");
    s.site = path_variable("PORTDB_SITE");
    s.on = variable("PORTDB_ON");
    s.folders.data_home = path_variable("XDG_DATA_HOME").value_or(fs::path());
    s.folders.config_home = path_variable("XDG_CONFIG_HOME").value_or(fs::path());
    s.folders.home = path_variable("HOME").value_or(fs::path());
    s.no_color = variable("NO_COLOR").has_value();
    s.term = variable("TERM");
    return s;
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
