/* placeholder: being written */
#define G_LOG_DOMAIN "ebb-cli"
#include "config.h"
#include "ebb-cli-private.h"

int
ebb_cli_chart (EbbCliContext *ctx, int argc, char **argv)
{
  return ebb_cli_fail ("chart", EBB_CLI_EXIT_USAGE, "not available yet");
}

int
ebb_cli_report (EbbCliContext *ctx, int argc, char **argv)
{
  return ebb_cli_fail ("report", EBB_CLI_EXIT_USAGE, "not available yet");
}
