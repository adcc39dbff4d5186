/*
 * cxx: a TA written in C++, built by the dev kit with Debian's g++ and linked with
 * libstdc++ and the unwinder. Each command checks one thing the C++ runtime of a TA
 * must do: global constructors before TA_CreateEntryPoint, exceptions across frames
 * (a C one included), new/delete (and std::bad_alloc), virtual calls and RTTI. A
 * global object's destructor logs when the instance is destroyed.
 */
extern "C" {
#include <tee_internal_api.h>
#include <tee_internal_api_extensions.h>

#include <cxx_ta.h>

uint32_t cxx_call_through_c(uint32_t value);
void cxx_throw_value(uint32_t value);
}

#include <new>

namespace {

unsigned global_ctor_runs;

class Global {
public:
	Global() : value(42) { global_ctor_runs++; }
	~Global() { IMSG("cxx: global object destroyed (value %u)", value); }
	unsigned value;
};

Global global;

struct Thrown {
	uint32_t value;
};

/* Sets its flag when an exception unwinds the frame that holds it. */
class Guard {
public:
	explicit Guard(bool *flag) : flag(flag) {}
	~Guard() { *flag = true; }

private:
	bool *flag;
};

bool guard_unwound;

unsigned counted_ctors, counted_dtors;
char *volatile escaped;

class Counted {
public:
	Counted() { counted_ctors++; }
	~Counted() { counted_dtors++; }
};

class Shape {
public:
	virtual ~Shape() = default;
	virtual uint32_t sides() const = 0;
};

class Square : public Shape {
public:
	uint32_t sides() const override { return 4; }
};

uint32_t thrown_through(uint32_t value)
{
	Guard g(&guard_unwound);
	return cxx_call_through_c(value);
}

bool one_param(uint32_t types, uint32_t want)
{
	return types == TEE_PARAM_TYPES(want, TEE_PARAM_TYPE_NONE, TEE_PARAM_TYPE_NONE,
					 TEE_PARAM_TYPE_NONE);
}

TEE_Result cmd_exception(TEE_Param *p)
{
	guard_unwound = false;
	try {
		thrown_through(p->value.a);
	} catch (const Thrown &t) {
		p->value.a = t.value;
		p->value.b = guard_unwound;
		return TEE_SUCCESS;
	}
	return TEE_ERROR_GENERIC;
}

TEE_Result cmd_new_delete(TEE_Param *p)
{
	uint32_t n = p->value.a;
	if (n == 0 || n > 1000)
		return TEE_ERROR_BAD_PARAMETERS;
	counted_ctors = counted_dtors = 0;
	Counted *a = new Counted[n];
	delete[] a;
	p->value.a = counted_ctors;
	p->value.b = counted_dtors;
	try {
		/* stored where the compiler must keep it, or it may leave out the pair */
		volatile size_t huge = (size_t)1 << 40;
		escaped = new char[huge];
		delete[] escaped;
	} catch (const std::bad_alloc &) {
		p->value.b |= 1u << 31;
	}
	return TEE_SUCCESS;
}

TEE_Result cmd_virtual(TEE_Param *p)
{
	Shape *s = new Square;
	bool ok = s->sides() == 4 && dynamic_cast<Square *>(s) != nullptr;
	delete s;
	p->value.a = ok;
	return TEE_SUCCESS;
}

} // namespace

void cxx_throw_value(uint32_t value)
{
	throw Thrown{value};
}

TEE_Result TA_CreateEntryPoint(void)
{
	return TEE_SUCCESS;
}

void TA_DestroyEntryPoint(void)
{
}

TEE_Result TA_OpenSessionEntryPoint(uint32_t, TEE_Param[4], void **)
{
	return TEE_SUCCESS;
}

void TA_CloseSessionEntryPoint(void *)
{
}

TEE_Result TA_InvokeCommandEntryPoint(void *, uint32_t cmd, uint32_t types, TEE_Param params[4])
{
	switch (cmd) {
	case TA_CXX_CMD_GLOBAL_CTOR:
		if (!one_param(types, TEE_PARAM_TYPE_VALUE_OUTPUT))
			return TEE_ERROR_BAD_PARAMETERS;
		params[0].value.a = global.value;
		params[0].value.b = global_ctor_runs;
		return TEE_SUCCESS;
	case TA_CXX_CMD_EXCEPTION:
		if (!one_param(types, TEE_PARAM_TYPE_VALUE_INOUT))
			return TEE_ERROR_BAD_PARAMETERS;
		return cmd_exception(&params[0]);
	case TA_CXX_CMD_NEW_DELETE:
		if (!one_param(types, TEE_PARAM_TYPE_VALUE_INOUT))
			return TEE_ERROR_BAD_PARAMETERS;
		return cmd_new_delete(&params[0]);
	case TA_CXX_CMD_VIRTUAL:
		if (!one_param(types, TEE_PARAM_TYPE_VALUE_OUTPUT))
			return TEE_ERROR_BAD_PARAMETERS;
		return cmd_virtual(&params[0]);
	default:
		return TEE_ERROR_NOT_SUPPORTED;
	}
}
