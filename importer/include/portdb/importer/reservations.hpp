#pragma once
// A team's own reservations: the site layer, which import and update never
// touch. `portdb reserve` and `release` keep one site source in the
// database; a team's site file (services(5) lines in its own repository) is
// another, keyed by its path and read again whenever it changes.

#include "portdb/db/source.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include "portdb/db/error.hpp"

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace portdb::importer {

/// The port is reserved for another name already (or, for release, no such
/// reservation exists): nothing was changed.
class ReservationRefused : public Error {
public:
    explicit ReservationRefused(const std::string& message) : Error(ErrorKind::refused, message) {}
};

struct ReservationRequest {
    std::uint16_t port = 0;
    std::optional<std::string> protocol;  ///< absent: tcp and udp
    std::string name;
    std::string note;
};

/// The reservations made: one per protocol.
std::vector<db::Assignment> reserve(const std::filesystem::path& database, const ReservationRequest& request,
                                    const std::function<void()>& on_wait = {});

/// Removes NAME's reservations of the port (of the protocol, or of every
/// protocol); returns them. Throws ReservationRefused when there are none.
std::vector<db::Assignment> release(const std::filesystem::path& database, const ReservationRequest& request,
                                    const std::function<void()>& on_wait = {});

/// Reads a site file (services(5) lines: NAME PORT/PROTO [ALIASES] [# NOTE])
/// and stores it in the site layer, replacing its previous version; does
/// nothing when the stored copy has the same SHA-256. Returns true when it
/// wrote. Throws InputError or ParseError (FILE:LINE) for a bad file.
bool sync_site_file(const std::filesystem::path& database, const std::filesystem::path& file,
                    const std::function<void()>& on_wait = {});

/// The team's default site file: $PORTDB_SITE, or nullopt.
std::optional<std::filesystem::path> default_site_file();

}  // namespace portdb::importer
