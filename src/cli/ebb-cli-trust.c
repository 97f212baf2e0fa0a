/* placeholder: being written */
#define G_LOG_DOMAIN "ebb-cli"
#include "config.h"
#include "ebb-cli-private.h"

int
ebb_cli_audit (EbbCliContext *ctx, int argc, char **argv)
{
  return ebb_cli_fail ("audit", EBB_CLI_EXIT_USAGE, "not available yet");
}

int
ebb_cli_restore (EbbCliContext *ctx, int argc, char **argv)
{
  return ebb_cli_fail ("restore", EBB_CLI_EXIT_USAGE, "not available yet");
}
