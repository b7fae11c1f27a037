// DistinctStrings: strings in the order first added, each once. A person
// usually has one to three names, phones or domains, so membership is a
// linear scan until the list grows; then an index takes over, because a
// cluster that absorbs thousands of records (a name shared across a firm's
// client lists, a phone in every signature) must not make resolution
// quadratic. The index holds positions in the list, not copies of the
// strings: a few bytes per string. Not thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace leakscan {

class DistinctStrings {
 public:
  // Whether `s` was new.
  bool add(std::string_view s) {
    if (!slots_.empty()) {
      std::size_t slot = find_slot(s);
      if (slots_[slot] != 0) return false;
      items_.emplace_back(s);
      slots_[slot] = static_cast<std::uint32_t>(items_.size());
      if (items_.size() * 2 > slots_.size()) rebuild_index(slots_.size() * 2);
      return true;
    }
    if (contains(s)) return false;
    items_.emplace_back(s);
    if (items_.size() > kLinearLimit) rebuild_index(64);
    return true;
  }
  void add_all(const DistinctStrings& other) {
    for (const std::string& s : other.items_) add(s);
  }

  bool contains(std::string_view s) const {
    if (!slots_.empty()) return slots_[find_slot(s)] != 0;
    for (const std::string& item : items_) {
      if (item == s) return true;
    }
    return false;
  }
  // Whether the two share no string.
  bool disjoint(const DistinctStrings& other) const {
    const DistinctStrings& small = size() <= other.size() ? *this : other;
    const DistinctStrings& large = &small == this ? other : *this;
    for (const std::string& s : small.items_) {
      if (large.contains(s)) return false;
    }
    return true;
  }

  const std::vector<std::string>& items() const { return items_; }
  std::size_t size() const { return items_.size(); }
  bool empty() const { return items_.empty(); }
  void clear() {
    items_.clear();
    slots_.clear();
  }

 private:
  static constexpr std::size_t kLinearLimit = 16;

  // The slot holding `s`, or the empty slot where it would go.
  std::size_t find_slot(std::string_view s) const {
    std::size_t mask = slots_.size() - 1;
    for (std::size_t i = std::hash<std::string_view>{}(s)&mask;; i = (i + 1) & mask) {
      std::uint32_t at = slots_[i];
      if (at == 0 || items_[at - 1] == s) return i;
    }
  }
  void rebuild_index(std::size_t slots) {
    slots_.assign(slots, 0);
    for (std::size_t k = 0; k < items_.size(); ++k) slots_[find_slot(items_[k])] = static_cast<std::uint32_t>(k + 1);
  }

  std::vector<std::string> items_;
  // Open addressing over positions in items_ (plus one; 0 is empty), a
  // power of two at most half full; empty while the list is short.
  std::vector<std::uint32_t> slots_;
};

}  // namespace leakscan
