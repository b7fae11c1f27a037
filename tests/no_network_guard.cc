// LD_PRELOAD'ed under leakscan by no_network_test.sh: every attempt to
// reach a network (a socket of any family but AF_UNIX, a name lookup) is
// written to $LEAKSCAN_NO_NETWORK_LOG and refused with EACCES, so that the
// test sees calls made anywhere in the process, libraries included.
#include <dlfcn.h>
#include <fcntl.h>
#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

void record(const char* what, long detail) {
  const char* log = std::getenv("LEAKSCAN_NO_NETWORK_LOG");
  if (log == nullptr) return;
  int fd = ::open(log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return;
  char line[128];
  int n = std::snprintf(line, sizeof line, "%s %ld pid %ld\n", what, detail, static_cast<long>(::getpid()));
  if (n > 0) (void)!::write(fd, line, static_cast<std::size_t>(n));
  ::close(fd);
}

}  // namespace

extern "C" {

int socket(int domain, int type, int protocol) {
  if (domain != AF_UNIX) {
    record("socket", domain);
    errno = EACCES;
    return -1;
  }
  using Real = int (*)(int, int, int);
  static Real real = reinterpret_cast<Real>(::dlsym(RTLD_NEXT, "socket"));
  return real(domain, type, protocol);
}

int getaddrinfo(const char* node, const char*, const struct addrinfo*, struct addrinfo**) {
  record(node != nullptr ? "getaddrinfo" : "getaddrinfo(null)", 0);
  return EAI_FAIL;
}

struct hostent* gethostbyname(const char*) {
  record("gethostbyname", 0);
  return nullptr;
}

struct hostent* gethostbyname2(const char*, int) {
  record("gethostbyname2", 0);
  return nullptr;
}

}  // extern "C"
