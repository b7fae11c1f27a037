// GMime's process-wide set-up, and RAII for the GObjects it hands out
// (util/gobject_ref.h). Internal: GMime types never appear in public headers.
#pragma once

#include "util/gobject_ref.h"

#include <gmime/gmime.h>

namespace leakscan {

// GMime keeps process-wide tables (charset aliases, type registry); it must
// be initialised once before any parser exists. Thread-safe, idempotent.
void ensure_gmime_initialized();

}  // namespace leakscan
