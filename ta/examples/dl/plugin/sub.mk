srcs-y += dl_plugin.c
