#include "portdb/importer/database_opening.hpp"

#include "portdb/importer/site_file.hpp"

namespace portdb::importer {

OpenedDatabase open_for_reading(const std::filesystem::path& database, const BirthSources& from,
                                const std::optional<std::filesystem::path>& site_file, const OpeningEvents& events) {
    if (const auto created = create_on_first_use(database, from, events.waiting_for_first_use);
        created && events.created) {
        events.created(*created);  // said before the site file is read: it may be refused
    }
    const auto site = site_file ? std::optional(read_site_file(*site_file)) : std::nullopt;
    return open_with_site_layer(database, site, events.waiting_for_writer);
}

}  // namespace portdb::importer
