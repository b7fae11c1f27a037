#include "extract/mapi_message.h"

namespace leakscan::mapi {

std::string smtp_only(std::string address) {
  return !address.empty() && address.find('@') != std::string::npos && address.front() != '/' ? address : std::string();
}

}  // namespace leakscan::mapi
