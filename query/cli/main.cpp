#include "run.hpp"
#include "standard_streams.hpp"

int main(int argc, char** argv) {
    portdb::cli::reserve_standard_streams();
    return portdb::cli::run(argc, argv);
}
