#pragma once
// A team's own reservations: the site layer, which import and update never
// touch. `portdb reserve` and `release` keep one site source in the
// database; a team's site file (services(5) lines in its own repository) is
// another, keyed by its path, and kept to the current file by site_layer.hpp.

#include "portdb/db/error.hpp"
#include "portdb/db/source.hpp"
#include "portdb/importer/site_file.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
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

/// A name that is no service name, or port 0: nothing was changed.
class InvalidReservation : public Error {
public:
    explicit InvalidReservation(const std::string& message) : Error(ErrorKind::usage, message) {}
};

struct ReservationRequest {
    std::uint16_t port = 0;
    std::optional<std::string> protocol;  ///< absent: tcp and udp
    std::string name;
    std::string note;
};

/// `request` as it is written down (the name folded to lower case), or
/// InvalidReservation: a name that is no RFC 6335 service name, or port 0
/// (ports are 1-65535). reserve and release check their request so.
[[nodiscard]] ReservationRequest checked(const ReservationRequest& request);

/// The reservations made: one per protocol. The site layer is first brought
/// to `site` (the current site file, or none): a port has one owner across
/// the file and `reserve`, and the second is refused naming the first (its
/// FILE:LINE, or portdb reserve). Throws InvalidReservation for a name that
/// is not an RFC 6335 service name (upper case is folded) or port 0.
std::vector<db::Assignment> reserve(const std::filesystem::path& database, const ReservationRequest& request,
                                    const std::optional<SiteFile>& site, const std::function<void()>& on_wait = {});

/// Removes NAME's reservations of the port (of the protocol, or of every
/// protocol); returns them. Throws ReservationRefused when there are none,
/// naming the site file's line when the reservation is written there.
std::vector<db::Assignment> release(const std::filesystem::path& database, const ReservationRequest& request,
                                    const std::optional<SiteFile>& site, const std::function<void()>& on_wait = {});

}  // namespace portdb::importer
