#include "config.h"
typedef int ebb_placeholder_ebb_cli;
int main (void) { return 0; }
