// RAII for GObjects (GMime's, libgsf's), so that no reference leaks on an
// early return. Internal: GLib types never appear in public headers.
#pragma once

#include <glib-object.h>

#include <utility>

namespace leakscan {

template <typename T>
class GObjectRef {
 public:
  GObjectRef() = default;
  // Takes over a reference the caller owns (a *_new() result).
  explicit GObjectRef(T* owned) : p_(owned) {}
  ~GObjectRef() { reset(); }
  GObjectRef(const GObjectRef&) = delete;  // a reference is owned once
  GObjectRef& operator=(const GObjectRef&) = delete;
  GObjectRef(GObjectRef&& other) noexcept : p_(std::exchange(other.p_, nullptr)) {}
  GObjectRef& operator=(GObjectRef&& other) noexcept {
    if (this != &other) {
      reset();
      p_ = std::exchange(other.p_, nullptr);
    }
    return *this;
  }

  T* get() const { return p_; }
  explicit operator bool() const { return p_ != nullptr; }
  void reset() {
    if (p_ != nullptr) g_object_unref(p_);
    p_ = nullptr;
  }

 private:
  T* p_ = nullptr;
};

}  // namespace leakscan
