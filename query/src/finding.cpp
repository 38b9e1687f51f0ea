#include "portdb/query/finding.hpp"

namespace portdb::query {

std::string_view to_string(Level level) {
    switch (level) {
        case Level::conflict:
            return "conflict";
        case Level::caution:
            return "caution";
        case Level::note:
            break;
    }
    return "note";
}

std::optional<Level> level_from_string(std::string_view word) {
    for (const auto level : {Level::note, Level::caution, Level::conflict}) {
        if (to_string(level) == word) {
            return level;
        }
    }
    return std::nullopt;
}

std::string_view to_string(Verdict verdict) {
    switch (verdict) {
        case Verdict::conflict:
            return "conflict";
        case Verdict::caution:
            return "caution";
        case Verdict::ok:
            break;
    }
    return "ok";
}

Verdict verdict_of(Level level) {
    switch (level) {
        case Level::conflict:
            return Verdict::conflict;
        case Level::caution:
            return Verdict::caution;
        case Level::note:
            break;
    }
    return Verdict::ok;
}

}  // namespace portdb::query
