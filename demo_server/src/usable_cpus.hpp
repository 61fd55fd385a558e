// How many CPUs the server may run on, for its default number of I/O threads.
#pragma once

namespace wsclient::demo {

/// The CPUs in this process's affinity mask (`taskset`, a container's cpuset), which
/// std::thread::hardware_concurrency() ignores: a server pinned to one core of eight gains
/// nothing from eight threads but their switching. At least 1.
unsigned usable_cpus() noexcept;

}  // namespace wsclient::demo
