/* placeholder: being written */
#define G_LOG_DOMAIN "ebb-cli"
#include "config.h"
#include "ebb-cli-private.h"

int
ebb_cli_demo (EbbCliContext *ctx, int argc, char **argv)
{
  return ebb_cli_fail ("demo", EBB_CLI_EXIT_USAGE, "not available yet");
}
