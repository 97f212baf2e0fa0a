/* placeholder: being written */
#include "config.h"
typedef int ebb_placeholder_backup;
