/* A small vsnprintf for TAs (integers, strings, characters, pointers; no floating point). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include "utee.h"

struct out {
	char *buf;
	size_t size;
	size_t len; /* characters produced, also past size */
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void pad(struct out *o, char c, int n)
{
	while (n-- > 0)
		put(o, c);
}

enum { F_LEFT = 1, F_ZERO = 2, F_PLUS = 4, F_SPACE = 8, F_ALT = 16 };

static void number(struct out *o, uintmax_t v, int neg, unsigned base, int upper, int flags,
		   int width, int prec)
{
	char digits[64];
	int n = 0;
	const char *set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	if (v == 0 && prec != 0)
		digits[n++] = '0';
	while (v) {
		digits[n++] = set[v % base];
		v /= base;
	}
	const char *prefix = "";
	if (neg)
		prefix = "-";
	else if (flags & F_PLUS)
		prefix = "+";
	else if (flags & F_SPACE)
		prefix = " ";
	if ((flags & F_ALT) && base == 16 && n && !(n == 1 && digits[0] == '0'))
		prefix = upper ? "0X" : "0x";
	if ((flags & F_ALT) && base == 8 && (n == 0 || digits[n - 1] != '0'))
		prefix = "0";
	int plen = 0;
	while (prefix[plen])
		plen++;
	int zeros = prec > n ? prec - n : 0;
	int total = plen + zeros + n;
	if (!(flags & F_LEFT) && (flags & F_ZERO) && prec < 0 && width > total) {
		zeros += width - total;
		total = width;
	}
	if (!(flags & F_LEFT))
		pad(o, ' ', width - total);
	for (int i = 0; i < plen; i++)
		put(o, prefix[i]);
	pad(o, '0', zeros);
	while (n)
		put(o, digits[--n]);
	if (flags & F_LEFT)
		pad(o, ' ', width - total);
}

int tzv_vsnprintf(char *buf, size_t size, const char *f, va_list ap)
{
	struct out o = { buf, size, 0 };
	for (; *f; f++) {
		if (*f != '%') {
			put(&o, *f);
			continue;
		}
		int flags = 0, width = 0, prec = -1;
		for (;; f++) {
			char c = f[1];
			if (c == '-')
				flags |= F_LEFT;
			else if (c == '0')
				flags |= F_ZERO;
			else if (c == '+')
				flags |= F_PLUS;
			else if (c == ' ')
				flags |= F_SPACE;
			else if (c == '#')
				flags |= F_ALT;
			else
				break;
		}
		f++;
		if (*f == '*') {
			width = va_arg(ap, int);
			if (width < 0) {
				flags |= F_LEFT;
				width = -width;
			}
			f++;
		} else {
			while (*f >= '0' && *f <= '9')
				width = width * 10 + (*f++ - '0');
		}
		if (*f == '.') {
			f++;
			prec = 0;
			if (*f == '*') {
				prec = va_arg(ap, int);
				f++;
			} else {
				while (*f >= '0' && *f <= '9')
					prec = prec * 10 + (*f++ - '0');
			}
		}
		int lng = 0; /* -2 hh, -1 h, 0 int, 1 long, 2 long long, 3 size_t/ptrdiff/intmax */
		if (*f == 'h') {
			lng = -1;
			if (*++f == 'h') {
				lng = -2;
				f++;
			}
		} else if (*f == 'l') {
			lng = 1;
			if (*++f == 'l') {
				lng = 2;
				f++;
			}
		} else if (*f == 'z' || *f == 't' || *f == 'j') {
			lng = 3;
			f++;
		}
		switch (*f) {
		case 'd':
		case 'i': {
			intmax_t v;
			if (lng == 1)
				v = va_arg(ap, long);
			else if (lng == 2)
				v = va_arg(ap, long long);
			else if (lng == 3)
				v = va_arg(ap, intmax_t);
			else
				v = va_arg(ap, int);
			if (lng == -1)
				v = (short)v;
			else if (lng == -2)
				v = (signed char)v;
			uintmax_t u = v < 0 ? (uintmax_t)0 - (uintmax_t)v : (uintmax_t)v;
			number(&o, u, v < 0, 10, 0, flags, width, prec);
			break;
		}
		case 'u':
		case 'x':
		case 'X':
		case 'o': {
			uintmax_t v;
			if (lng == 1)
				v = va_arg(ap, unsigned long);
			else if (lng == 2)
				v = va_arg(ap, unsigned long long);
			else if (lng == 3)
				v = va_arg(ap, uintmax_t);
			else
				v = va_arg(ap, unsigned int);
			if (lng == -1)
				v = (unsigned short)v;
			else if (lng == -2)
				v = (unsigned char)v;
			unsigned base = *f == 'u' ? 10 : *f == 'o' ? 8 : 16;
			number(&o, v, 0, base, *f == 'X', flags & ~(F_PLUS | F_SPACE), width, prec);
			break;
		}
		case 'p':
			number(&o, (uintptr_t)va_arg(ap, void *), 0, 16, 0, F_ALT, width, -1);
			break;
		case 'c':
			if (!(flags & F_LEFT))
				pad(&o, ' ', width - 1);
			put(&o, (char)va_arg(ap, int));
			if (flags & F_LEFT)
				pad(&o, ' ', width - 1);
			break;
		case 's': {
			const char *s = va_arg(ap, const char *);
			if (!s)
				s = "(null)";
			int n = 0;
			while (s[n] && (prec < 0 || n < prec))
				n++;
			if (!(flags & F_LEFT))
				pad(&o, ' ', width - n);
			for (int i = 0; i < n; i++)
				put(&o, s[i]);
			if (flags & F_LEFT)
				pad(&o, ' ', width - n);
			break;
		}
		case '%':
			put(&o, '%');
			break;
		case '\0':
			f--;
			break;
		default:
			put(&o, '%');
			put(&o, *f);
			break;
		}
	}
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return o.len > INT32_MAX ? INT32_MAX : (int)o.len;
}

int tzv_snprintf(char *buf, size_t size, const char *f, ...)
{
	va_list ap;
	va_start(ap, f);
	int n = tzv_vsnprintf(buf, size, f, ap);
	va_end(ap);
	return n;
}

/* Copies the string s as "%s" would. */
int tzv_vsnprintf_s(char *buf, size_t size, const char *s)
{
	return tzv_snprintf(buf, size, "%s", s);
}
