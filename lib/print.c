/* A small printf: %d %i %u %x %X %p %s %c %% with l/ll/z, width and 0-fill. */
#include <lib/print.h>
#include <stdint.h>

struct sink {
	char *buf;
	size_t size;
	size_t len;
};

static void emit(struct sink *s, char c)
{
	if (s->buf) {
		if (s->len + 1 < s->size)
			s->buf[s->len] = c;
	} else {
		console_putc(c);
	}
	s->len++;
}

static void emit_number(struct sink *s, uint64_t v, unsigned base, int upper, int width,
			char pad, int negative)
{
	char tmp[24];
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	int n = 0;
	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	if (negative)
		width--;
	if (negative && pad == '0')
		emit(s, '-');
	for (int i = n; i < width; i++)
		emit(s, pad);
	if (negative && pad != '0')
		emit(s, '-');
	while (n)
		emit(s, tmp[--n]);
}

static void format(struct sink *s, const char *fmt, va_list ap)
{
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			emit(s, *fmt);
			continue;
		}
		fmt++;
		char pad = ' ';
		int width = 0, longs = 0;
		if (*fmt == '0') {
			pad = '0';
			fmt++;
		}
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		while (*fmt == 'l' || *fmt == 'z') {
			longs++;
			fmt++;
		}
		switch (*fmt) {
		case 'd':
		case 'i': {
			int64_t v = longs ? va_arg(ap, int64_t) : va_arg(ap, int);
			emit_number(s, v < 0 ? -(uint64_t)v : (uint64_t)v, 10, 0, width, pad, v < 0);
			break;
		}
		case 'u':
		case 'x':
		case 'X': {
			uint64_t v = longs ? va_arg(ap, uint64_t) : va_arg(ap, unsigned int);
			emit_number(s, v, *fmt == 'u' ? 10 : 16, *fmt == 'X', width, pad, 0);
			break;
		}
		case 'p':
			emit(s, '0');
			emit(s, 'x');
			emit_number(s, (uintptr_t)va_arg(ap, void *), 16, 0, width, pad, 0);
			break;
		case 's': {
			const char *str = va_arg(ap, const char *);
			if (!str)
				str = "(null)";
			while (*str)
				emit(s, *str++);
			break;
		}
		case 'c':
			emit(s, (char)va_arg(ap, int));
			break;
		case '%':
			emit(s, '%');
			break;
		default:
			emit(s, '%');
			if (*fmt)
				emit(s, *fmt);
			else
				fmt--;
		}
	}
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct sink s = { buf, size, 0 };
	format(&s, fmt, ap);
	if (buf && size)
		buf[s.len < size ? s.len : size - 1] = '\0';
	return (int)s.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

int printf(const char *fmt, ...)
{
	struct sink s = { 0, 0, 0 };
	va_list ap;
	va_start(ap, fmt);
	format(&s, fmt, ap);
	va_end(ap);
	return (int)s.len;
}

void puts_raw(const char *str)
{
	while (*str)
		console_putc(*str++);
}
