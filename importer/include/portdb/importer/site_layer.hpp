#pragma once
// The site layer as every command sees it: exactly the team's current site
// file (or none) plus what `portdb reserve` wrote down (doc/design.md, "The
// site layer"). A site file named no more, or changed, is replaced when the
// database is opened, so its rows never outlive it.

#include "portdb/db/database.hpp"
#include "portdb/importer/site_file.hpp"

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace portdb::importer {

/// What bringing the site layer to the current file changed.
struct SiteLayerUpdate {
    bool file_stored = false;                  ///< the site file's rows were (re)written
    std::vector<std::string> files_forgotten;  ///< site files named no more, whose rows were removed
    bool in_memory = false;  ///< this user cannot write the database: the change holds for this run only

    [[nodiscard]] bool changed() const { return file_stored || !files_forgotten.empty(); }
};

struct OpenedDatabase {
    db::Database database;  ///< read-only, or a copy in memory
    SiteLayerUpdate update;
};

/// Opens an existing DATABASE for reading with its site layer brought to
/// `site` (nullopt: no site file). Throws ReservationRefused when a row of the
/// file gives a port that `portdb reserve` gave to another name (the file's
/// row is the second owner), naming both.
[[nodiscard]] OpenedDatabase open_with_site_layer(const std::filesystem::path& database,
                                                  const std::optional<SiteFile>& site,
                                                  const std::function<void()>& on_wait = {});

/// Brings the site layer of a database open for writing (under the writer
/// lock) to `site`, in one transaction; does nothing when it is current.
/// Throws as open_with_site_layer.
SiteLayerUpdate bring_site_layer_to(db::Database& writer, const std::optional<SiteFile>& site);

}  // namespace portdb::importer
