// peak_rss FILE COMMAND [ARG...]: runs COMMAND, writes its peak resident
// memory in KiB to FILE, and exits as it did.
//
// A child's peak memory (getrusage) starts at its parent's: a process started
// by a large test process would report the test's memory, not its own. Run
// through this small program, it reports its own.
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <cstdio>

extern char** environ;

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: peak_rss FILE COMMAND [ARG...]\n");
        return 125;
    }
    pid_t pid = 0;
    if (posix_spawn(&pid, argv[2], nullptr, nullptr, argv + 2, environ) != 0) {
        std::perror(argv[2]);
        return 126;
    }
    int status = 0;
    struct rusage usage {};
    if (wait4(pid, &status, 0, &usage) != pid) {
        return 125;
    }
    if (FILE* out = std::fopen(argv[1], "w")) {
        std::fprintf(out, "%ld\n", usage.ru_maxrss);
        std::fclose(out);
    }
    if (WIFSIGNALED(status)) {
        return 128 + WTERMSIG(status);
    }
    return WEXITSTATUS(status);
}
