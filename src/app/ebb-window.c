#include "config.h"
typedef int ebb_placeholder_window;
