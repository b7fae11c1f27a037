// DistinctStrings: strings in the order first added, each once. A person
// usually has one to three names, phones or domains, so membership is a
// linear scan until the list grows; then a hash set takes over, because a
// cluster that absorbs thousands of records (a name shared across a firm's
// client lists) must not make resolution quadratic. Not thread-safe.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace leakscan {

class DistinctStrings {
 public:
  DistinctStrings() = default;
  DistinctStrings(const DistinctStrings& other) : items_(other.items_) {
    if (other.index_) index_ = std::make_unique<std::unordered_set<std::string>>(*other.index_);
  }
  DistinctStrings& operator=(const DistinctStrings& other) {
    if (this != &other) *this = DistinctStrings(other);
    return *this;
  }
  DistinctStrings(DistinctStrings&&) noexcept = default;
  DistinctStrings& operator=(DistinctStrings&&) noexcept = default;

  // Whether `s` was new.
  bool add(std::string_view s) {
    if (contains(s)) return false;
    items_.emplace_back(s);
    if (index_) {
      index_->emplace(items_.back());
    } else if (items_.size() > kLinearLimit) {
      index_ = std::make_unique<std::unordered_set<std::string>>(items_.begin(), items_.end());
    }
    return true;
  }
  void add_all(const DistinctStrings& other) {
    for (const std::string& s : other.items_) add(s);
  }

  bool contains(std::string_view s) const {
    if (index_) return index_->count(std::string(s)) != 0;
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
    index_.reset();
  }

 private:
  static constexpr std::size_t kLinearLimit = 16;
  std::vector<std::string> items_;
  // Null while the list is short: most lists are, and a person's
  // resolution keeps several per record.
  std::unique_ptr<std::unordered_set<std::string>> index_;
};

}  // namespace leakscan
