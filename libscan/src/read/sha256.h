// Incremental SHA-256 over OpenSSL's libcrypto (SHA-NI where the CPU has it:
// hashing must not slow down a scan of tens of GB). Not thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

typedef struct evp_md_ctx_st EVP_MD_CTX;

namespace leakscan {

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;  // owns an OpenSSL context
  Sha256& operator=(const Sha256&) = delete;

  void update(std::string_view bytes);
  // Lower-case hex digest; the object must not be updated afterwards.
  std::string finish_hex();

 private:
  EVP_MD_CTX* ctx_;
};

}  // namespace leakscan
