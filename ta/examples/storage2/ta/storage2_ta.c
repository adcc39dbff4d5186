/* The storage example TA's code, built again as another TA (user_ta_header_defines.h). */
#include "../../storage/ta/storage_ta.c"
