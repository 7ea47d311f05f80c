// SPDX-License-Identifier: GPL-2.0-only
#define SST_EXEC_HELPER_ARG "--sst-exec-helper"
static int inherit_exec_helper(int argc, char **argv) { (void)argc; (void)argv; return 0; }
