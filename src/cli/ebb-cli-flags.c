#include "config.h"
typedef int ebb_placeholder_ebb_cli_flags;
