#include "portdb/importer/database_birth.hpp"

#include "portdb/db/database_error.hpp"
#include "portdb/db/database_path.hpp"
#include "portdb/db/writer_lock.hpp"
#include "portdb/importer/errors.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <functional>
#include <random>
#include <system_error>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace portdb::importer {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view staging_marker = ".new-";
constexpr std::array<const char*, 5> sqlite_companions{"", "-wal", "-shm", "-journal", ".lock"};

void remove_with_companions(const fs::path& file) {
    std::error_code ec;
    for (const char* suffix : sqlite_companions) {
        fs::remove(file.string() + suffix, ec);
    }
}

bool process_alive(long pid) { return pid > 0 && (::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM); }

// "ports.sqlite.new-<pid>-<random>" (or the older ".new-<pid>"), and its
// companions: staging files of a first use that was killed. Those of a
// process still running are its own business.
void remove_stale_staging(const fs::path& database) {
    std::error_code ec;
    const auto folder = database.has_parent_path() ? database.parent_path() : fs::path(".");
    const auto prefix = database.filename().string() + std::string(staging_marker);
    for (const auto& entry : fs::directory_iterator(folder, ec)) {
        const auto name = entry.path().filename().string();
        if (name.compare(0, prefix.size(), prefix) != 0) {
            continue;
        }
        const auto digits =
            name.substr(prefix.size(), name.find_first_not_of("0123456789", prefix.size()) - prefix.size());
        if (!digits.empty() && digits.size() < 10 && !process_alive(std::stol(digits))) {
            fs::remove(entry.path(), ec);
        }
    }
}

// A new file beside the database that nobody else can have prepared: created
// exclusively, never through a symlink, with the mode a new file gets (0666
// less the umask), like any database portdb creates.
struct StagingFile {
    fs::path path;
    dev_t device = 0;
    ino_t inode = 0;
};

// What a staging file is filled with: `produce` hands its bytes to `write`, in order.
using Writer = std::function<void(std::string_view)>;
using Producer = std::function<void(const Writer& write)>;

void write_all(int fd, std::string_view bytes) {
    while (!bytes.empty()) {
        const auto n = ::write(fd, bytes.data(), bytes.size());
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            throw std::system_error(n < 0 ? errno : EIO, std::generic_category());
        }
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
}

StagingFile create_staging(const fs::path& database, const Producer& produce) {
    std::random_device entropy;
    for (int attempt = 0; attempt < 16; ++attempt) {
        StagingFile staging;
        staging.path = fmt::format("{}{}{}-{:08x}", database.string(), staging_marker, ::getpid(), entropy());
        const int fd = ::open(staging.path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
        if (fd < 0 && errno == EEXIST) {
            continue;  // planted or taken: another name
        }
        if (fd < 0) {
            throw db::DatabaseError(fmt::format("{}: cannot create: {}", database.string(), std::strerror(errno)));
        }
        try {
            produce([&](std::string_view piece) { write_all(fd, piece); });
        } catch (const std::system_error& error) {
            ::close(fd);
            remove_with_companions(staging.path);
            throw db::DatabaseError(
                fmt::format("{}: cannot write: {}", database.string(), std::strerror(error.code().value())));
        } catch (...) {
            ::close(fd);
            remove_with_companions(staging.path);
            throw;
        }
        struct stat info {};
        ::fstat(fd, &info);
        staging.device = info.st_dev;
        staging.inode = info.st_ino;
        if (::close(fd) != 0) {
            remove_with_companions(staging.path);
            throw db::DatabaseError(fmt::format("{}: cannot write: {}", database.string(), std::strerror(errno)));
        }
        return staging;
    }
    throw db::DatabaseError(fmt::format("{}: cannot create a staging file beside it", database.string()));
}

void sync_file(const fs::path& file) {
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0 || ::fdatasync(fd) != 0) {
        const int error = errno;
        if (fd >= 0) {
            ::close(fd);
        }
        throw db::DatabaseError(fmt::format("{}: cannot write: {}", file.string(), std::strerror(error)));
    }
    ::close(fd);
}

bool still_ours(const StagingFile& staging) {
    struct stat info {};
    return ::lstat(staging.path.c_str(), &info) == 0 && S_ISREG(info.st_mode) && info.st_dev == staging.device &&
           info.st_ino == staging.inode;
}

// The shipped data, opened in memory: a damaged copy is the shipped data's
// fault, and says so, before anything is written.
db::Database open_shipped(const ShippedData& shipped) {
    return db::Database::from_image(shipped.bytes(), shipped.origin());
}

// What an import may read of the file: a larger one is refused anyway.
std::size_t input_size(const fs::path& file) {
    std::error_code ec;
    const auto size = fs::file_size(file, ec);
    return ec ? 0 : static_cast<std::size_t>(std::min<std::uintmax_t>(size, max_input_bytes));
}

// The same, writable, with room for this machine's services files: a services
// file takes about 4.3 times its size in a database (a 4.3 MB file of 60,000
// lines grew one by 18.3 MB), so 8 times its size and 16 MiB, at most 256 MiB.
// A file that needs more (one line may name a thousand protocols) is built in
// the staging file instead (create_on_first_use).
db::Database open_shipped_to_grow(const ShippedData& shipped, const BirthSources& from) {
    const auto inputs = input_size(from.system_services) + input_size(from.nmap_services);
    const auto room = std::min<std::size_t>((16U << 20U) + 8 * inputs, 256U << 20U);
    return db::Database::from_image(shipped.bytes(), shipped.origin(), db::Database::Access::read_write, room);
}

bool lacks(const std::vector<db::SourceInfo>& existing, const db::SourceInfo& shipped) {
    return std::none_of(existing.begin(), existing.end(), [&](const db::SourceInfo& s) {
        return shipped.layer == db::Layer::registry ? s.layer == db::Layer::registry : s.kind == shipped.kind;
    });
}

// What the shipped data holds (a registry, the software defaults): when a
// database has both already, the shipped bytes need not be opened at all.
bool has_what_is_shipped(const std::vector<db::SourceInfo>& existing) {
    const auto has = [&](auto&& wanted) { return std::any_of(existing.begin(), existing.end(), wanted); };
    return has([](const db::SourceInfo& s) { return s.layer == db::Layer::registry; }) &&
           has([](const db::SourceInfo& s) { return s.kind == db::SourceKind::defacto_list; });
}

bool lacks_system_services(const std::vector<db::SourceInfo>& existing) {
    return std::none_of(existing.begin(), existing.end(), [](const db::SourceInfo& s) {
        return s.kind == db::SourceKind::services && s.layer == db::Layer::system;
    });
}

bool is_file(const fs::path& path) {
    std::error_code ec;
    return fs::is_regular_file(path, ec);
}

// This machine's services files, added in one transaction.
void add_machine_layers(db::Database& writer, const BirthSources& from, FirstUse& first) {
    std::vector<db::SourceData> sources;
    std::vector<ImportSummary> summaries;
    std::vector<std::string> warnings;
    for (const auto* file : {&from.system_services, &from.nmap_services}) {
        if (is_file(*file)) {
            sources.push_back(load_source_file(*file, warnings));
            summaries.push_back(summary_of(*file, sources.back()));
        }
    }
    if (!sources.empty()) {
        add_parsed_sources(writer, sources, summaries, true);
    }
    for (auto& summary : summaries) {
        (summary.file == from.system_services ? first.services : first.nmap) = std::move(summary);
    }
}

// What a new database took from the shipped data (already in `writer`), then
// this machine's layers added to it.
void build(db::Database& writer, const BirthSources& from, FirstUse& first) {
    for (const auto& source : writer.sources()) {
        if (source.layer == db::Layer::registry) {
            first.registry = source;
        } else if (source.kind == db::SourceKind::defacto_list) {
            first.defaults = source;
        }
    }
    add_machine_layers(writer, from, first);
}

// The new database built in memory, so that its file is written once, whole,
// rather than page by page through SQLite's journal (3.5 times as long). False
// when it does not fit in the room the copy was given.
bool build_in_memory(db::Database& shipped, const BirthSources& from, FirstUse& first) {
    try {
        build(shipped, from, first);
        return true;
    } catch (const db::DatabaseError&) {
        first = FirstUse{};  // the copy is discarded (its writes are not journaled)
        return false;
    }
}

// The new database built in the staging file, which holds the shipped bytes
// if any. Nobody sees the file before it is linked into place, so SQLite need
// not sync each step: the file is synced once, whole, before the link.
void build_in_place(const fs::path& staging, const BirthSources& from, FirstUse& first) {
    db::Database writer(staging, db::Database::Access::read_write);
    writer.defer_syncing();
    build(writer, from, first);
}

}  // namespace

std::optional<FirstUse> create_on_first_use(const fs::path& database, const BirthSources& from,
                                            const std::function<void()>& on_wait) {
    std::error_code ec;
    db::check_database_path(database);  // a dangling symlink is refused here, before anything is made
    if (fs::exists(fs::symlink_status(database, ec))) {
        return std::nullopt;
    }
    const bool have_services = is_file(from.system_services);
    if (!from.shipped && !have_services) {
        return std::nullopt;
    }
    std::optional<db::Database> shipped;
    if (from.shipped) {
        shipped.emplace(open_shipped_to_grow(*from.shipped, from));
    }
    if (database.has_parent_path()) {
        db::create_private_folders(database.parent_path());
    }
    const db::WriterLock lock(database, on_wait);  // concurrent first uses: one builds, the others wait
    if (fs::exists(fs::symlink_status(database, ec))) {
        return std::nullopt;  // built meanwhile
    }
    remove_stale_staging(database);

    FirstUse first;
    const bool built = shipped && build_in_memory(*shipped, from, first);
    const auto staging = create_staging(database, [&](const Writer& write) {
        if (built) {
            shipped->write_image(write);
        } else if (from.shipped) {
            write(from.shipped->bytes());
        }
    });
    shipped.reset();
    if (from.shipped) {
        from.shipped->release_resident_pages();
    }
    try {
        if (!built) {
            build_in_place(staging.path, from, first);
        }
        sync_file(staging.path);
        if (!still_ours(staging)) {
            throw db::DatabaseError(fmt::format(
                "{}: its staging file was replaced while it was built; nothing was created", database.string()));
        }
        if (::link(staging.path.c_str(), database.c_str()) != 0) {
            if (errno == EEXIST) {
                remove_with_companions(staging.path);
                return std::nullopt;  // made by a program that took no lock: theirs stands
            }
            throw db::DatabaseError(fmt::format("{}: cannot create: {}", database.string(), std::strerror(errno)));
        }
    } catch (const db::DatabaseError& error) {
        remove_with_companions(staging.path);
        // The staging file is ours; the user knows the database by its own name.
        std::string message = error.what();
        for (auto at = message.find(staging.path.string()); at != std::string::npos;
             at = message.find(staging.path.string(), at)) {
            message.replace(at, staging.path.string().size(), database.string());
        }
        throw db::DatabaseError(message);
    } catch (...) {
        remove_with_companions(staging.path);
        throw;
    }
    remove_with_companions(staging.path);
    return first;
}

std::optional<FirstUse> create_on_first_use(const fs::path& database, const std::optional<fs::path>& shipped) {
    BirthSources from;
    if (shipped && is_file(*shipped)) {
        from.shipped = ShippedData::from_file(*shipped);
    }
    return create_on_first_use(database, from);
}

std::vector<MissingLayer> missing_layers(const db::Database& database, const BirthSources& from) {
    const auto existing = database.sources();
    std::vector<MissingLayer> missing;
    if (from.shipped && !has_what_is_shipped(existing)) {
        for (const auto& source : open_shipped(*from.shipped).sources()) {
            if (lacks(existing, source)) {
                missing.push_back({source.layer, db::display_name(source)});
            }
        }
    }
    if (lacks_system_services(existing) && is_file(from.system_services)) {
        missing.push_back({db::Layer::system, from.system_services.string()});
    }
    return missing;
}

std::vector<ImportSummary> complete_layers(const fs::path& database, const BirthSources& from,
                                           const std::function<void()>& on_wait) {
    std::error_code ec;
    if (!fs::exists(database, ec)) {
        return {};
    }
    const db::WriterLock lock(database, on_wait);
    db::Database writer(database, db::Database::Access::read_write);
    const auto existing = writer.sources();
    std::vector<db::SourceData> sources;
    std::vector<ImportSummary> summaries;
    if (from.shipped && !has_what_is_shipped(existing)) {
        const auto shipped = open_shipped(*from.shipped);
        for (const auto& source : shipped.sources()) {
            if (lacks(existing, source)) {
                sources.push_back(shipped.source_data(source));
                summaries.push_back(summary_of(from.shipped->origin(), sources.back()));
            }
        }
    }
    if (lacks_system_services(existing) && is_file(from.system_services)) {
        std::vector<std::string> warnings;
        sources.push_back(load_source_file(from.system_services, warnings));
        summaries.push_back(summary_of(from.system_services, sources.back()));
    }
    if (sources.empty()) {
        return {};
    }
    add_parsed_sources(writer, sources, summaries, false);
    return summaries;
}

}  // namespace portdb::importer
