/* The C++ example TA: its UUID and commands, shared with the client (guests/linux). */
#ifndef TA_CXX_H
#define TA_CXX_H

/* 8aca5fd6-0ec3-438a-8d1c-d90703e0e5aa */
#define TA_CXX_UUID \
	{ 0x8aca5fd6, 0x0ec3, 0x438a, { 0x8d, 0x1c, 0xd9, 0x07, 0x03, 0xe0, 0xe5, 0xaa } }

/* params[0] VALUE_OUTPUT: .a = the value the global object's constructor set (42),
 * .b = how many times that constructor ran (1) */
#define TA_CXX_CMD_GLOBAL_CTOR 0
/* params[0] VALUE_INOUT: .a in is thrown (as an exception object) two frames down, through
 * a C function, and caught here; .a out = the value caught, .b = 1 if the frames between
 * were unwound (their destructors ran) */
#define TA_CXX_CMD_EXCEPTION 1
/* params[0] VALUE_INOUT: .a in = how many objects to new[]; .a out = constructors run,
 * .b = destructors run by delete[]; then a new of more than the heap: .b |= 1 << 31 when it
 * threw std::bad_alloc */
#define TA_CXX_CMD_NEW_DELETE 2
/* params[0] VALUE_OUTPUT: .a = 1 if a virtual call through a base pointer and
 * dynamic_cast (RTTI) give the derived class */
#define TA_CXX_CMD_VIRTUAL 3

#endif
